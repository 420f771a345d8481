import { Queue, type ConnectionOptions } from 'bullmq';

export enum QueueName {
  Email = 'email',
  Notifications = 'notifications',
  Digest = 'digest',
  Maintenance = 'maintenance',
}

/** Small, typed payloads. Secrets (links with tokens) travel sealed, never in the clear. */
export interface EmailJobData {
  template: string;
  to: string;
  data: Record<string, string | number | boolean | null>;
  /** A SealedBox-sealed JSON object merged into `data` by the worker just before rendering. */
  sealed?: string;
}

export const DEFAULT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  // Completed jobs stay a day so a re-dispatched jobId is still recognised as done.
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export type Queues = Record<QueueName, Queue>;

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const make = (name: QueueName) => new Queue(name, { connection, prefix: `${prefix}:bull`, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  return {
    [QueueName.Email]: make(QueueName.Email),
    [QueueName.Notifications]: make(QueueName.Notifications),
    [QueueName.Digest]: make(QueueName.Digest),
    [QueueName.Maintenance]: make(QueueName.Maintenance),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}
