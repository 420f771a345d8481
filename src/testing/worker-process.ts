import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testEnv } from './test-app';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * `src/worker.ts` as its own process, compiled on the fly, with a test environment: pass the
 * REDIS_PREFIX (and SMTP_URL) of the app it should work for. Its stderr shows in the test output.
 */
export function spawnWorkerProcess(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', 'src/worker.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...testEnv(env) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
