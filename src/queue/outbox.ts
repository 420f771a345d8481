import type { EntityManager } from 'typeorm';
import { OutboxMessageEntity } from './outbox-message.entity';
import type { QueueName } from './queues';

export const OUTBOX_CHANNEL = 'gatehouse_outbox';

export interface OutboxJob<T extends object> {
  queue: QueueName;
  name: string;
  jobId: string;
  data: T;
}

/** BullMQ refuses ':' in custom ids; checking here fails the originating transaction instead of stalling the relay. */
const JOB_ID = /^[\w.-]{1,200}$/;

/** Records background work in the caller's transaction; NOTIFY wakes the relay when it commits. */
export function enqueueInOutbox<T extends object>(manager: EntityManager, job: OutboxJob<T>): Promise<void> {
  return enqueueManyInOutbox(manager, [job]);
}

/** The same for many jobs at once (a fan-out): one INSERT and one NOTIFY. */
export async function enqueueManyInOutbox<T extends object>(manager: EntityManager, jobs: Array<OutboxJob<T>>): Promise<void> {
  if (jobs.length === 0) return;
  for (const job of jobs) if (!JOB_ID.test(job.jobId)) throw new Error(`Invalid job id "${job.jobId}": use letters, digits, '.', '_' and '-'`);
  await manager.insert(
    OutboxMessageEntity,
    jobs.map((job) => manager.create(OutboxMessageEntity, { queue: job.queue, jobName: job.name, jobId: job.jobId, payload: job.data })),
  );
  await manager.query(`NOTIFY ${OUTBOX_CHANNEL}`);
}
