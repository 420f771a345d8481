import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string | string[];
  subject: string;
  text: string;
  html: string;
  /** A stable Message-ID (`<…@…>`) lets receiving systems recognise a re-sent copy as the same message. */
  messageId?: string;
}

export interface Mailer {
  /** Resolves once the SMTP server accepted the message (or the .eml file is written); throws otherwise. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** SMTP when SMTP_URL is set; otherwise each message becomes an .eml file under `outboxDir`. */
export function createMailer(options: { smtpUrl?: string; from: string; outboxDir: string }): Mailer {
  if (options.smtpUrl) {
    // Pooled: connections are reused (up to 5 at once), so a burst such as the hourly digests pays
    // the TCP/TLS handshake and greeting once per connection rather than once per message.
    const transport: Transporter = nodemailer.createTransport({ url: options.smtpUrl, pool: true });
    return {
      async send(mail) {
        const info = await transport.sendMail({ from: options.from, ...mail });
        return { messageId: String(info.messageId) };
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: options.from, ...mail });
      await mkdir(options.outboxDir, { recursive: true });
      const file = path.join(options.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^\w.-]/g, '')}.eml`);
      await writeFile(file, info.message as Buffer);
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}
