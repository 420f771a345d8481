import type { Job } from 'bullmq';
import type { Mailer } from '../../mail/mailer';
import { QueueName } from '../../queue/queues';
import type { RecurringJob } from '../../queue/schedulers';
import type { AuditDigestService } from './audit-digest.service';

export const DigestJobName = {
  /** Hourly: enqueues one Send per workspace whose digest has come due. */
  Tick: 'tick',
  Send: 'send',
  SendNow: 'send-now',
} as const;

export interface DigestTickData {
  /** ISO instant the tick decides due-ness at; the app clock's now when absent (the scheduler sends none). */
  at?: string;
}

export interface DigestSendData {
  workspaceId: string;
  /** ISO slot of the period. */
  periodEnd: string;
}

export interface DigestSendNowData {
  workspaceId: string;
  requestedAt: string;
}

/** One job id per workspace and period, so a period enqueued by several ticks or workers is one job. */
export const digestJobId = (workspaceId: string, periodEnd: Date): string => `digest.${workspaceId}.${periodEnd.getTime()}`;

export const DIGEST_TICK: RecurringJob = { queue: QueueName.Digest, id: 'audit-digest-tick', pattern: '0 * * * *', jobName: DigestJobName.Tick, catchUpAtStart: true };

export function createDigestJobHandlers(digests: AuditDigestService, mailer: Mailer) {
  const delivery = digests.delivery(mailer);
  return {
    [DigestJobName.Tick]: async (job: Job<DigestTickData>) => ({ enqueued: await digests.tick(job.data.at ? new Date(job.data.at) : undefined) }),
    [DigestJobName.Send]: (job: Job<DigestSendData>) => delivery.sendScheduled(job.data.workspaceId, new Date(job.data.periodEnd)),
    [DigestJobName.SendNow]: (job: Job<DigestSendNowData>) => delivery.sendNow(job.data.workspaceId, new Date(job.data.requestedAt)),
  };
}
