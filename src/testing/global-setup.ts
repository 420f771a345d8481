import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createDatabase, isReachable, resolveScratchServer, scratchDatabaseName, type DatabaseServer } from '../db/database-server';
import { spawnRedisServer, type SpawnedRedis } from '../queue/redis';

export interface TestRun {
  server: DatabaseServer;
  databaseName: string;
  redis?: SpawnedRedis;
}

/** Databases of single test apps are named after the run's, so global teardown can drop any a crashed test left behind. */
export const ownDatabasePrefix = (runDatabaseName: string): string => `${runDatabaseName}_own_`;

declare global {
  var __GATEHOUSE_TEST_RUN__: TestRun | undefined;
}

/**
 * One fresh database and one Redis key prefix per test run, on DATABASE_URL/REDIS_URL when set, else the
 * local servers when reachable, else embedded PostgreSQL and a spawned redis-server. Test files read
 * the result from the environment (set here, inherited by Jest's workers).
 */
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const server = await resolveScratchServer(process.env, path.join(root, '.data', 'test'), (line) => process.stderr.write(`${line}\n`));
  const databaseName = scratchDatabaseName('test');
  process.env.GATEHOUSE_TEST_DATABASE_URL = await createDatabase(server.adminUrl, databaseName);

  let redis: SpawnedRedis | undefined;
  if (process.env.REDIS_URL) process.env.GATEHOUSE_TEST_REDIS_URL = process.env.REDIS_URL;
  else if (await isReachable('127.0.0.1', 6379)) process.env.GATEHOUSE_TEST_REDIS_URL = 'redis://127.0.0.1:6379';
  else {
    redis = await spawnRedisServer();
    process.env.GATEHOUSE_TEST_REDIS_URL = redis.url;
  }
  process.env.GATEHOUSE_TEST_REDIS_PREFIX = `gatehouse-test-${randomBytes(4).toString('hex')}`;
  globalThis.__GATEHOUSE_TEST_RUN__ = { server, databaseName, redis };
}
