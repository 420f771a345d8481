import type { Job } from 'bullmq';
import type { SealedBox } from '../auth/sealed-box';
import type { EmailJobData } from '../queue/queues';
import type { Mailer } from './mailer';
import type { MailTemplate } from './templates';

/** Renders and sends one email job. Any failure throws, so BullMQ retries it with backoff. */
export function createEmailJobHandler(mailer: Mailer, sealer: SealedBox, templates: Record<string, MailTemplate>) {
  return async (job: Job<EmailJobData>): Promise<{ messageId: string }> => {
    const { template, to, data, sealed } = job.data;
    const render = templates[template];
    if (!render) throw new Error(`Unknown mail template "${template}"`);
    const secrets = sealed ? (JSON.parse(sealer.open(sealed)) as Record<string, unknown>) : {};
    return mailer.send({ to, ...render({ ...data, ...secrets }) });
  };
}
