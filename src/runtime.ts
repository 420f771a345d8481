import type { Logger } from 'pino';
import type { Logger as QueryLogger } from 'typeorm';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { createDataSource } from './db/data-source';
import { createDatabase, startEmbeddedPostgres } from './db/database-server';
import { runMigrationsLocked } from './db/migrations';
import { closeQueues, createQueues } from './queue/queues';
import { createRedis, spawnRedisServer } from './queue/redis';
import type { Infrastructure } from './services';

export interface Runtime {
  infra: Infrastructure;
  stop(): Promise<void>;
}

/**
 * Connects to PostgreSQL and Redis, starting local ones for development when no URL is configured,
 * and applies pending migrations.
 */
export interface RuntimeOptions {
  clock?: Clock;
  /** Sees every SQL statement (tests count them). */
  queryLogger?: QueryLogger;
}

export async function startRuntime(config: Config, logger: Logger, { clock = systemClock, queryLogger }: RuntimeOptions = {}): Promise<Runtime> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error) => logger.warn({ err: error }, 'shutdown step failed'));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      logger.info({ dataDir: config.dataDir }, 'DATABASE_URL not set: starting embedded PostgreSQL');
      const embedded = await startEmbeddedPostgres(config.dataDir, (line) => logger.warn(line));
      stops.push(embedded.stop);
      databaseUrl = await createDatabase(embedded.adminUrl, 'gatehouse');
    }
    let redisUrl = config.redisUrl;
    if (!redisUrl) {
      logger.info('REDIS_URL not set: starting redis-server from PATH');
      const spawned = await spawnRedisServer();
      stops.push(spawned.stop);
      redisUrl = spawned.url;
    }

    const dataSource = createDataSource({ url: databaseUrl, logger: queryLogger, ...config.database });
    await dataSource.initialize();
    stops.push(() => dataSource.destroy());
    const applied = await runMigrationsLocked(dataSource);
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied migrations');

    const redis = createRedis(redisUrl);
    // One warning per failed (re)connection; the producer and queue connections below fail alike and stay quiet.
    redis.on('error', (error) => logger.warn({ err: error }, 'redis connection failed'));
    stops.push(async () => void redis.disconnect());
    // Producers fail fast while Redis is away (the outbox keeps the work) instead of queueing in memory.
    const producerConnection = createRedis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    producerConnection.on('error', () => undefined);
    stops.push(async () => void producerConnection.disconnect());
    const queues = createQueues(producerConnection, config.redisPrefix);
    // Without a listener BullMQ prints each of those failures to stderr.
    for (const queue of Object.values(queues)) queue.on('error', () => undefined);
    stops.push(() => closeQueues(queues));

    return { infra: { config, dataSource, databaseUrl, redis, redisUrl, queues, clock, logger }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
