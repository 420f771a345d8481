import { Worker, type Job } from 'bullmq';
import { createEmailJobHandler } from '../mail/email.job';
import { createMailer, type Mailer } from '../mail/mailer';
import { DIGEST_TICK, createDigestJobHandlers } from '../modules/audit-digest/audit-digest.jobs';
import { RETENTION_DAILY, createRetentionJobHandlers } from '../modules/retention/retention.jobs';
import { WEBHOOK_PROBE, createNotificationJobHandlers } from '../modules/notification/notification.jobs';
import type { Infrastructure, Services } from '../services';
import { OutboxRelay } from './outbox-relay';
import { QueueName } from './queues';
import { createRedis } from './redis';
import { registerRecurringJobs, type RecurringJob } from './schedulers';

type Handler = (job: Job) => Promise<unknown>;

export interface WorkerHandle {
  stop(): Promise<void>;
}

/** Which handler runs each queue's jobs; a queue's handlers are keyed by job name, `*` for all. */
function jobHandlers(services: Services, mailer: Mailer): Partial<Record<QueueName, Record<string, Handler>>> {
  return {
    [QueueName.Email]: { '*': createEmailJobHandler(mailer, services.sealer) },
    [QueueName.Digest]: createDigestJobHandlers(services.auditDigest, mailer),
    [QueueName.Maintenance]: createRetentionJobHandlers(services.retention),
    [QueueName.Notifications]: createNotificationJobHandlers(services.notificationDelivery, mailer),
  };
}

/** Recurring jobs, upserted by every worker at start. */
const RECURRING_JOBS: RecurringJob[] = [DIGEST_TICK, RETENTION_DAILY, WEBHOOK_PROBE];

/**
 * A worker process: the outbox relay plus one BullMQ worker per queue that has handlers.
 * Several can run at once; the relay and BullMQ both share work safely.
 */
export async function startWorker(infra: Infrastructure, services: Services, options: { smtpUrl?: string } = {}): Promise<WorkerHandle> {
  const { config, logger } = infra;
  // The worker is what sends mail; `smtpUrl` lets a test point one worker at a server of its own.
  const mailer = createMailer({ smtpUrl: options.smtpUrl ?? config.smtpUrl, from: config.mailFrom, outboxDir: config.mailOutboxDir });
  // BullMQ workers block on their connection, so they get their own rather than the shared client.
  const connection = createRedis(infra.redisUrl);
  const workers = Object.entries(jobHandlers(services, mailer)).map(
    ([queue, handlers]) =>
      new Worker(
        queue,
        async (job) => {
          const handler = handlers[job.name] ?? handlers['*'];
          if (!handler) throw new Error(`No handler for job "${job.name}" on queue "${queue}"`);
          return handler(job);
        },
        {
          connection,
          prefix: `${config.redisPrefix}:bull`,
          concurrency: 5,
          lockDuration: config.jobLockSeconds * 1000,
          stalledInterval: config.jobLockSeconds * 1000,
        },
      ),
  );
  for (const worker of workers) {
    worker.on('failed', (job, error) => logger.warn({ queue: worker.name, jobId: job?.id, attempt: job?.attemptsMade, err: error }, 'job failed'));
    worker.on('error', (error) => logger.warn({ queue: worker.name, err: error }, 'worker error'));
  }
  const relay = new OutboxRelay(infra.dataSource, infra.databaseUrl, infra.queues, logger);
  await relay.start();
  await registerRecurringJobs(infra.queues, RECURRING_JOBS, infra.clock.now());
  return {
    async stop() {
      await relay.stop();
      await Promise.all(workers.map((worker) => worker.close()));
      connection.disconnect();
      mailer.close();
    },
  };
}
