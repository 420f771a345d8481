import type { QueueName, Queues } from './queues';

/** A job that repeats on a UTC cron pattern, created by a BullMQ job scheduler. */
export interface RecurringJob {
  queue: QueueName;
  /** The scheduler id: upserting it again (another worker, a restart) replaces it, never duplicates it. */
  id: string;
  pattern: string;
  jobName: string;
  /**
   * Also run once when a worker starts (one job per scheduler and hour, whichever worker adds it
   * first): re-upserting replaces an overdue occurrence with the next one, so work missed while no
   * worker ran would otherwise wait for the next slot.
   */
  catchUpAtStart?: boolean;
}

const HOUR_MS = 3_600_000;

export async function registerRecurringJobs(queues: Queues, jobs: readonly RecurringJob[], now: Date): Promise<void> {
  for (const job of jobs) {
    const queue = queues[job.queue];
    await queue.upsertJobScheduler(job.id, { pattern: job.pattern, tz: 'UTC' }, { name: job.jobName, data: {} });
    if (job.catchUpAtStart) {
      const hour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
      await queue.add(job.jobName, {}, { jobId: `${job.id}.start.${hour}` });
    }
  }
}
