import type { Job } from 'bullmq';
import type { SealedBox } from '../auth/sealed-box';
import type { EmailJobData } from '../queue/queues';
import type { Mailer } from './mailer';
import { MAIL_TEMPLATES } from './template-registry';

/** Renders and sends one email job. Any failure throws, so BullMQ retries it with backoff. */
export function createEmailJobHandler(mailer: Mailer, sealer: SealedBox) {
  return async (job: Job<EmailJobData>): Promise<{ messageId: string }> => {
    const { template, to, data, sealed } = job.data;
    const render = MAIL_TEMPLATES[template];
    if (!render) throw new Error(`Unknown mail template "${template}"`);
    const secrets = sealed ? (JSON.parse(sealer.open(sealed)) as Record<string, unknown>) : {};
    return mailer.send({ to, ...render({ ...data, ...secrets }) });
  };
}
