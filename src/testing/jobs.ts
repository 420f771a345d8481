import { randomBytes } from 'node:crypto';
import type { Queue } from 'bullmq';

const pause = () => new Promise((resolve) => setTimeout(resolve, 25));

/** Adds one job (no retries) and waits for a worker to finish it: its return value, or its error thrown. */
export async function runJob(queue: Queue, name: string, data: object): Promise<unknown> {
  const job = await queue.add(name, data, { jobId: `test.${name}.${randomBytes(6).toString('hex')}`, attempts: 1 });
  for (;;) {
    const state = await queue.getJobState(job.id!);
    if (state === 'completed' || state === 'failed') {
      const done = (await queue.getJob(job.id!))!;
      if (state === 'failed') throw new Error(`job ${name} failed: ${done.failedReason}`);
      return done.returnvalue;
    }
    await pause();
  }
}

/** Waits until the queue has nothing waiting, running or retrying (the schedulers' next occurrences aside). */
export async function settle(queue: Queue): Promise<void> {
  for (;;) {
    const pending = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized']);
    if (pending.every((job) => !job || job.repeatJobKey)) return;
    await pause();
  }
}
