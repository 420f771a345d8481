import type { Job } from 'bullmq';
import { QueueName } from '../../queue/queues';
import type { RecurringJob } from '../../queue/schedulers';
import type { RetentionService } from './retention.service';

export const RetentionJobName = { Apply: 'retention' } as const;

export interface RetentionJobData {
  /** ISO instant retention is measured from; the app clock's now when absent (the scheduler sends none). */
  at?: string;
}

/** Daily at 03:15 UTC, off the hour when digests go out. */
export const RETENTION_DAILY: RecurringJob = { queue: QueueName.Maintenance, id: 'retention-daily', pattern: '15 3 * * *', jobName: RetentionJobName.Apply };

export function createRetentionJobHandlers(retention: RetentionService) {
  return {
    [RetentionJobName.Apply]: (job: Job<RetentionJobData>) => retention.apply(job.data.at ? new Date(job.data.at) : undefined),
  };
}
