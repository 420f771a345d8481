import { Client } from 'pg';
import { dropDatabase } from '../db/database-server';
import { createRedis } from '../queue/redis';
import { ownDatabasePrefix } from './global-setup';

/** Removes the run's databases (its own and any worker app's left behind) and every Redis key under its prefix. */
export default async function globalTeardown(): Promise<void> {
  const run = globalThis.__GATEHOUSE_TEST_RUN__;
  if (!run) return;
  const admin = new Client({ connectionString: run.server.adminUrl });
  await admin.connect();
  const leftovers = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [ownDatabasePrefix(run.databaseName)]);
  await admin.end();
  for (const { datname } of leftovers.rows) await dropDatabase(run.server.adminUrl, datname);
  await dropDatabase(run.server.adminUrl, run.databaseName);
  const redisUrl = process.env.GATEHOUSE_TEST_REDIS_URL;
  const prefix = process.env.GATEHOUSE_TEST_REDIS_PREFIX;
  if (redisUrl && prefix && !run.redis) {
    const redis = createRedis(redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
  await run.redis?.stop();
  await run.server.stop();
}
