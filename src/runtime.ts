import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Logger as QueryLogger } from 'typeorm';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { createDataSource } from './db/data-source';
import { createDatabase, isReachable, startEmbeddedPostgres } from './db/database-server';
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

const developmentServersFile = (dataDir: string) => path.join(dataDir, 'dev-servers.json');

/** The servers, and the secret that seals queued jobs (per process in development): a job another process enqueues must open here. */
interface DevelopmentServers {
  databaseUrl: string;
  redisUrl: string;
  appSecret: string;
}

async function writeDevelopmentServers(dataDir: string, servers: DevelopmentServers): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(developmentServersFile(dataDir), JSON.stringify(servers), { mode: 0o600 });
}

/** Fills in the PostgreSQL and Redis a running `npm start` started (and its secret), when they are not configured and still answer. */
export async function attachToRunningDevelopmentServers(config: Config): Promise<Config> {
  if (config.databaseUrl && config.redisUrl) return config;
  const servers = await readFile(developmentServersFile(config.dataDir), 'utf8').then((text) => JSON.parse(text) as DevelopmentServers, () => undefined);
  if (!servers) return config;
  const answers = async (url: string) => isReachable(new URL(url).hostname, Number(new URL(url).port));
  if (!(await answers(servers.databaseUrl)) || !(await answers(servers.redisUrl))) return config;
  return { ...config, databaseUrl: config.databaseUrl ?? servers.databaseUrl, redisUrl: config.redisUrl ?? servers.redisUrl, appSecret: servers.appSecret };
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

    if (!config.databaseUrl || !config.redisUrl) {
      // Lets `npm run seed` find the servers this process started (it only reads what is reachable).
      await writeDevelopmentServers(config.dataDir, { databaseUrl, redisUrl, appSecret: config.appSecret });
      stops.push(() => rm(developmentServersFile(config.dataDir), { force: true }));
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
