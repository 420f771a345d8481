import { Worker } from 'bullmq';
import { createMailer, type Mailer } from '../mail/mailer';
import { countedMailer, countJob } from '../metrics';
import type { Infrastructure, JobHandlers, Services } from '../module';
import { OutboxRelay } from './outbox-relay';
import { QueueName } from './queues';
import { createRedis } from './redis';
import { registerRecurringJobs, type RecurringJob } from './schedulers';

/**
 * Jobs a worker runs at once, per queue (5 unless named). A notification attempt mostly waits on the
 * mail server or receiver, holding no database connection meanwhile (it leases its row), so more of
 * them run together: 16 delivered 10,000 mails at 330/s where 8 managed 270–320; 32 was no faster.
 */
const CONCURRENCY: Partial<Record<QueueName, number>> = { [QueueName.Notifications]: 16 };

/** What the worker runs, as the modules contribute it (src/services.ts collects it). */
export interface WorkerJobs {
  jobHandlers(services: Services, mailer: Mailer): JobHandlers;
  recurringJobs: readonly RecurringJob[];
}

export interface WorkerHandle {
  stop(): Promise<void>;
}

/**
 * A worker process: the outbox relay plus one BullMQ worker per queue that has handlers.
 * Several can run at once; the relay and BullMQ both share work safely.
 */
export async function startWorker(infra: Infrastructure, services: Services, jobs: WorkerJobs, options: { smtpUrl?: string } = {}): Promise<WorkerHandle> {
  const { config, logger } = infra;
  // The worker is what sends mail; `smtpUrl` lets a test point one worker at a server of its own.
  const mailer = countedMailer(createMailer({ smtpUrl: options.smtpUrl ?? config.smtpUrl, from: config.mailFrom, outboxDir: config.mailOutboxDir }));
  // BullMQ workers block on their connection, so they get their own rather than the shared client.
  const connection = createRedis(infra.redisUrl);
  const workers = Object.entries(jobs.jobHandlers(services, mailer)).map(
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
          concurrency: CONCURRENCY[queue as QueueName] ?? 5,
          lockDuration: config.jobLockSeconds * 1000,
          stalledInterval: config.jobLockSeconds * 1000,
        },
      ),
  );
  for (const worker of workers) {
    worker.on('completed', () => countJob(worker.name, 'completed'));
    worker.on('failed', () => countJob(worker.name, 'failed'));
    worker.on('failed', (job, error) => logger.warn({ queue: worker.name, jobId: job?.id, attempt: job?.attemptsMade, err: error }, 'job failed'));
    worker.on('error', (error) => logger.warn({ queue: worker.name, err: error }, 'worker error'));
  }
  const relay = new OutboxRelay(infra.dataSource, infra.databaseUrl, infra.queues, logger);
  await relay.start();
  await registerRecurringJobs(infra.queues, jobs.recurringJobs, infra.clock.now());
  return {
    async stop() {
      await relay.stop();
      await Promise.all(workers.map((worker) => worker.close()));
      connection.disconnect();
      mailer.close();
    },
  };
}
