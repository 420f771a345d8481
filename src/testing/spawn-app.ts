import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface SpawnedApp {
  url: string;
  /** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** Sends a signal without waiting. */
  signal(signal: NodeJS.Signals): void;
  /** The exit code, once the process has exited. */
  exitCode: Promise<number | null>;
}

/**
 * Another Gatehouse API process (`src/main.ts` through swc), for tests of what processes share. Pass
 * the in-process app's environment (testEnv() plus its REDIS_PREFIX) so both use one database and one
 * Redis prefix. Ready when its pino "listening" line appears on stdout.
 */
export function spawnApp(env: Record<string, string>, timeoutMs = 60_000): Promise<SpawnedApp> {
  const root = path.resolve(__dirname, '..', '..');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'info', RUN_WORKER_IN_PROCESS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const exited = exitCode.then(() => undefined);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<SpawnedApp>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`spawned app did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`spawned app exited (${code}) before listening: ${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let entry: { msg?: string; port?: number };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if (entry.msg?.startsWith('Gatehouse listening') && entry.port) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${entry.port}/graphql`, stop, signal: (signal) => child.kill(signal), exitCode });
      }
    });
  });
}
