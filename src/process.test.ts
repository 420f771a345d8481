import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { print } from 'graphql';
import { SignUpDocument, TypenameDocument } from './testing/generated/graphql';
import { graphiqlAssetUrls, postGraphQL, testEnv, uniqueEmail } from './testing/test-app';

const root = path.resolve(__dirname, '..');
/** A bound on waiting for a process, so a hang fails the test with its output instead of stalling the run. */
const PROCESS_WAIT_MS = 20_000;

interface Running {
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  stderr: string[];
  exited: Promise<number | null>;
  /** Resolves with the first log line matching `predicate`; rejects if the process exits first. */
  waitForLog(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

/** Runs an entry point the way `node` would, TypeScript compiled on load by swc (decorator metadata included). */
function run(entry: string, env: Record<string, string>): Running {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line));
    } catch {
      logs.push({ msg: line });
    }
    waiters.splice(0).forEach((wake) => wake());
  });
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
    waiters.splice(0).forEach((wake) => wake());
  });
  const output = () => JSON.stringify({ logs, stderr }, null, 2);

  return {
    child,
    logs,
    stderr,
    exited,
    async waitForLog(predicate) {
      for (;;) {
        const found = logs.find(predicate);
        if (found) return found;
        if (exitCode !== undefined) throw new Error(`${entry} exited with ${exitCode} before logging what the test waits for:\n${output()}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

/** The exit code, or a failure naming the process if it does not exit in PROCESS_WAIT_MS. */
async function exitCodeOf(running: Running): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      running.child.kill('SIGKILL');
      reject(new Error(`process did not exit within ${PROCESS_WAIT_MS} ms:\n${JSON.stringify({ logs: running.logs, stderr: running.stderr }, null, 2)}`));
    }, PROCESS_WAIT_MS);
  });
  try {
    return await Promise.race([running.exited, hung]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the real processes', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-process-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Production is what a container runs and stops with SIGTERM; development is `npm start` (worker
  // in-process) stopped with Ctrl-C. Neither is NODE_ENV=test, where libraries skip their own signal handling.
  it.each([
    ['production', 'SIGTERM'],
    ['development', 'SIGINT'],
  ] as const)('serves GraphQL and GraphiQL from src/main.ts in %s, and exits 0 on %s', async (nodeEnv, signal) => {
    // No grace period: nothing balances load here, and the test waits for the exit.
    const api = run('src/main.ts', testEnv({ NODE_ENV: nodeEnv, LOG_LEVEL: 'info', PORT: '0', DATA_DIR: dataDir, SHUTDOWN_GRACE_SECONDS: '0' }));
    try {
      const listening = await api.waitForLog((line) => typeof line.msg === 'string' && line.msg.startsWith('Gatehouse listening'));
      const origin = `http://127.0.0.1:${listening.port as number}`;

      expect(await postGraphQL(`${origin}/graphql`, { query: print(TypenameDocument) })).toEqual({ status: 200, data: { __typename: 'Query' } });
      // Input types come from decorator metadata: signing up proves the loader kept it.
      const email = uniqueEmail('process');
      const signUp = await postGraphQL<{ signUp: { viewer: { email: string } } }>(`${origin}/graphql`, {
        query: print(SignUpDocument),
        variables: { input: { email, password: 'correct horse battery staple', name: 'Process' } },
      });
      expect(signUp.data?.signUp.viewer.email).toBe(email);

      const html = await (await fetch(`${origin}/graphql`, { headers: { accept: 'text/html' } })).text();
      const assets = graphiqlAssetUrls(html);
      expect(assets).toContain('/graphiql-assets/ruru.js');
      for (const asset of assets) {
        const response = await fetch(origin + asset);
        expect({ asset, status: response.status, type: response.headers.get('content-type') }).toEqual({ asset, status: 200, type: expect.stringMatching(/javascript|css/) });
        expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      }
    } finally {
      api.child.kill(signal);
    }
    expect(await exitCodeOf(api)).toBe(0);
    expect(api.logs.some((line) => line.msg === `${signal} received: shutting down`)).toBe(true);
  });

  it('runs the worker alone from src/worker.ts, and exits 0 on SIGTERM', async () => {
    const worker = run('src/worker.ts', testEnv({ LOG_LEVEL: 'info', DATA_DIR: dataDir }));
    try {
      await worker.waitForLog((line) => line.msg === 'Gatehouse worker started');
    } finally {
      worker.child.kill('SIGTERM');
    }
    expect(await exitCodeOf(worker)).toBe(0);
  });

  it.each([
    ['src/main.ts', { PORT: 'abc' }, 'Configuration error: PORT must be an integer from 0 to 65535 (got "abc")'],
    ['src/worker.ts', { DATABASE_URL: 'mysql://db/gatehouse' }, 'Configuration error: DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "mysql://db/gatehouse")'],
  ])('%s stops on a malformed environment with one line naming the variable, exit code 1', async (entry, env, message) => {
    const started = run(entry, testEnv({ LOG_LEVEL: 'info', DATA_DIR: dataDir, ...env }));
    expect(await exitCodeOf(started)).toBe(1);
    expect(started.stderr).toEqual([message]);
    expect(started.logs).toEqual([]);
  });
});
