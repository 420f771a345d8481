import { spawn } from 'node:child_process';
import { Redis, type RedisOptions } from 'ioredis';
import { freePort, isReachable } from '../db/database-server';

export function createRedis(url: string, options: RedisOptions = {}): Redis {
  // BullMQ workers block on Redis; `maxRetriesPerRequest: null` is what it requires of their connections.
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...options });
}

export interface SpawnedRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * Development without REDIS_URL: a throw-away redis-server from PATH on a free port, nothing kept on disk.
 * `port` starts it on a given port instead, e.g. to restart a stopped one where its clients reconnect.
 */
export async function spawnRedisServer(options: { port?: number } = {}): Promise<SpawnedRedis> {
  const port = options.port ?? (await freePort());
  // Its own process group: Ctrl-C reaches Gatehouse only, which stops Redis last, after the worker and queues.
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
    detached: true,
  });
  const kill = () => child.kill('SIGTERM');
  // If Gatehouse dies without its shutdown, take Redis with it rather than leave it running.
  process.once('exit', kill);
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'ENOENT'
            ? 'Redis is needed: set REDIS_URL=redis://host:6379, or install redis-server (apt-get install redis-server, brew install redis) so Gatehouse can start one'
            : `redis-server failed to start: ${error.message}`,
        ),
      );
    });
  });
  const ready = (async () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      if (await isReachable('127.0.0.1', port, 200)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server did not start listening on port ${port}`);
  })();
  try {
    await Promise.race([ready, failed]);
  } catch (error) {
    process.removeListener('exit', kill);
    kill();
    throw error;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        process.removeListener('exit', kill);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        kill();
      }),
  };
}
