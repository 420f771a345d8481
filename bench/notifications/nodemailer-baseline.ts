import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { SealedBox } from '../../src/auth/sealed-box';
import { renderNotification, type NotificationMailData } from '../../src/modules/notification/notification.mail';

export interface BaselineRequest {
  smtpUrl: string;
  from: string;
  appSecret: string;
  publicUrl: string;
  mail: Omit<NotificationMailData, 'unsubscribeUrl'>;
  recipients: Array<{ id: string; email: string }>;
}

export interface BaselineResult {
  sent: number;
  seconds: number;
}

/**
 * Plain pooled nodemailer in a process of its own (as the worker has one): the same transport options
 * as src/mail/mailer.ts, the same rendered HTML + text per recipient, a sealed unsubscribe link and a
 * Message-ID each, every message handed to the pool at once. Timed from the first render to the last
 * message the server accepted.
 */
process.once('message', (request: BaselineRequest) => {
  const domain = new URL(request.publicUrl).hostname;
  const sealer = new SealedBox(request.appSecret, 'notification-unsubscribe');
  const transport = nodemailer.createTransport({ url: request.smtpUrl, pool: true });
  const started = performance.now();
  Promise.all(
    request.recipients.map((recipient) => {
      const token = sealer.seal(JSON.stringify({ userId: recipient.id }));
      const data: NotificationMailData = { ...request.mail, unsubscribeUrl: `${request.publicUrl}/notifications/unsubscribe?token=${encodeURIComponent(token)}` };
      return transport.sendMail({ from: request.from, to: recipient.email, messageId: `<notification.${randomUUID()}@${domain}>`, ...renderNotification(data as unknown as Record<string, unknown>) });
    }),
  ).then(
    (sent) => {
      const seconds = (performance.now() - started) / 1000;
      transport.close();
      process.send!({ sent: sent.length, seconds } satisfies BaselineResult, () => process.exit(0));
    },
    (error: Error) => {
      process.send!({ error: error.message }, () => process.exit(1));
    },
  );
});
