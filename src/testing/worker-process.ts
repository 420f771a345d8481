import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Infrastructure } from '../services';
import { testEnv } from './test-app';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * `src/worker.ts` as its own process, compiled on the fly (or, `compiled`, the tsc build in dist/ that
 * production runs), working for the same database and Redis prefix as `infra` (a test app's), with
 * `env` on top (SMTP_URL, …). Its stderr shows in the output; its stdout (JSON log lines, with LOG_LEVEL
 * set in `env`) is the caller's to read. `nodeArgs` go to node itself (`--cpu-prof`, which NODE_OPTIONS
 * does not take).
 */
export function spawnWorkerProcess(infra: Infrastructure, env: Record<string, string>, nodeArgs: string[] = [], { compiled = false } = {}): ChildProcess {
  const script = compiled ? ['dist/src/worker.js'] : ['-r', '@swc-node/register', 'src/worker.ts'];
  return spawn(process.execPath, [...nodeArgs, ...script], {
    cwd: ROOT,
    env: { ...process.env, ...testEnv({ DATABASE_URL: infra.databaseUrl, REDIS_PREFIX: infra.config.redisPrefix, ...env }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}
