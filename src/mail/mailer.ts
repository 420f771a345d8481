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
    // Bounded waits (nodemailer's defaults allow a silent server 10 minutes): a send that hangs ends
    // in an error the job retries, well inside the lease a notification attempt holds.
    const transport: Transporter = nodemailer.createTransport({ url: options.smtpUrl, pool: true, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
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
      const base = path.join(options.outboxDir, outboxFileName(new Date(), mail, String(info.messageId)));
      await writeFile(`${base}.eml`, info.message as Buffer);
      // The .eml is encoded (quoted-printable breaks long links across lines): a plain copy to read and click.
      const to = Array.isArray(mail.to) ? mail.to.join(', ') : mail.to;
      await writeFile(`${base}.txt`, `From: ${options.from}\nTo: ${to}\nSubject: ${mail.subject}\n\n${mail.text}\n`);
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}

/** `<time>_<first recipient>_<subject>`: sorts by time and shows who it is for; unique by a piece of the Message-ID. */
export function outboxFileName(at: Date, mail: Pick<OutgoingMail, 'to' | 'subject'>, messageId: string): string {
  const recipient = (Array.isArray(mail.to) ? mail.to[0] : mail.to) ?? 'unknown';
  const safe = (text: string, max: number) => text.replace(/[^\w@.+-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max);
  const unique = safe(messageId.replace(/^<|@.*$/g, ''), 8);
  return `${at.toISOString().replace(/[:.]/g, '-')}_${safe(recipient, 80)}_${safe(mail.subject, 60)}_${unique}`;
}
