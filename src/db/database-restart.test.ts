import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createUser, type TestUser } from '../testing/fixtures';
import { TEST_APP_SECRET, startTestApp, type TestApp } from '../testing/test-app';
import { createDatabase, freePort } from './database-server';

const run = promisify(execFile);

/** A PostgreSQL server of the test's own (the Debian install's binaries), so the test may restart it. */
async function startPrivatePostgres() {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  const bin = (name: string) => path.join('/usr/lib/postgresql', versions[0], 'bin', name);
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-pg-'));
  // PostgreSQL refuses to run as root: as root, run it as the postgres account.
  const root = process.getuid?.() === 0;
  if (root) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = (command: string, args: string[]) => (root ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args));
  const port = await freePort();
  await as(bin('initdb'), ['--no-sync', '-A', 'trust', '-U', 'postgres', '-D', path.join(dir, 'data')]);
  const pgCtl = (...args: string[]) => as(bin('pg_ctl'), ['-D', path.join(dir, 'data'), '-w', ...args]);
  await pgCtl('-l', path.join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start');
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    // With a log file, as at start: otherwise the new server keeps pg_ctl's stdout open and execFile never returns.
    restart: () => pgCtl('-l', path.join(dir, 'log'), '-m', 'fast', 'restart'),
    async stop() {
      await pgCtl('-m', 'immediate', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('PostgreSQL restarted under a running API', () => {
  let postgres: Awaited<ReturnType<typeof startPrivatePostgres>>;
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    const databaseUrl = await createDatabase(postgres.adminUrl, 'gatehouse');
    app = await startTestApp({ env: { NODE_ENV: 'production', APP_SECRET: TEST_APP_SECRET, DATABASE_URL: databaseUrl, DATABASE_CONNECT_TIMEOUT_MS: '1000' } });
    user = await createUser(app, 'restart');
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await postgres?.stop();
  });

  const viewer = async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    const body = (await response.json()) as { data?: { viewer: { id: string } } | null; errors?: Array<{ extensions?: { code?: string } }> };
    return { status: response.status, code: body.errors?.[0]?.extensions?.code ?? 'OK', id: body.data?.viewer.id };
  };

  it('answers SERVICE_UNAVAILABLE while it restarts, and serves again by itself once it is back', async () => {
    const answers: Array<Awaited<ReturnType<typeof viewer>>> = [];
    let restarted = false;
    const restart = postgres.restart().finally(() => {
      restarted = true;
    });
    while (!restarted) answers.push(await viewer());
    await restart;
    const backAt = Date.now();
    for (;;) {
      const answer = await viewer();
      answers.push(answer);
      if (answer.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const recovery = Date.now() - backAt;
    const kinds = new Set(answers.map((answer) => `${answer.status} ${answer.code}`));
    process.stdout.write(`database restart: ${answers.length} requests during it (${[...kinds].join(', ')}); served again ${recovery} ms after it was back\n`);
    expect([...kinds].filter((kind) => kind !== '200 OK' && kind !== '503 SERVICE_UNAVAILABLE')).toEqual([]);
    expect(answers.at(-1)).toEqual({ status: 200, code: 'OK', id: user.id });
  }, 60_000);
});
