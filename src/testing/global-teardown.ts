import { dropDatabase } from '../db/database-server';
import { createRedis } from '../queue/redis';

/** Removes the run's database and every Redis key under its prefix. */
export default async function globalTeardown(): Promise<void> {
  const run = globalThis.__GATEHOUSE_TEST_RUN__;
  if (!run) return;
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
