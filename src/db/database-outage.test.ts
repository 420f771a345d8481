import { Client } from 'pg';
import { createUser, type TestUser } from '../testing/fixtures';
import { TEST_APP_SECRET, startTestApp, testEnv, type TestApp } from '../testing/test-app';
import { TcpProxy } from '../testing/tcp-proxy';

/** The API reaches PostgreSQL through a proxy the test takes away, as a network outage or a dead host would. */
describe('PostgreSQL unreachable', () => {
  let proxy: TcpProxy;
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    const database = new URL(testEnv().DATABASE_URL);
    proxy = new TcpProxy(database.hostname, Number(database.port || 5432));
    await proxy.start();
    database.host = `127.0.0.1:${proxy.port}`;
    app = await startTestApp({
      env: { NODE_ENV: 'production', APP_SECRET: TEST_APP_SECRET, DATABASE_URL: database.toString(), DATABASE_CONNECT_TIMEOUT_MS: '300', DATABASE_STATEMENT_TIMEOUT_MS: '1000' },
    });
    user = await createUser(app, 'outage');
  });
  afterAll(async () => {
    await proxy.restore();
    await app.stop();
    await proxy.stop();
  });

  const viewer = async () => {
    const started = Date.now();
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ query: '{ viewer { id email } }' }),
    });
    const body = (await response.json()) as { data?: { viewer: { id: string } } | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body, ms: Date.now() - started };
  };

  /** Waits for the API to answer normally again, without a fixed sleep; returns how long that took. */
  const recovery = async (): Promise<number> => {
    const started = Date.now();
    for (;;) {
      const answer = await viewer();
      if (answer.status === 200 && answer.body.data?.viewer.id === user.id) return Date.now() - started;
      expect(answer.status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const expectUnavailable = (answer: Awaited<ReturnType<typeof viewer>>) => {
    expect([answer.status, answer.retryAfter, answer.body.errors?.map((error) => error.extensions?.code)]).toEqual([503, '5', ['SERVICE_UNAVAILABLE']]);
    // Nothing of the driver's failure leaves the server.
    expect(JSON.stringify(answer.body)).not.toMatch(/ECONN|terminated|timeout|5432|postgres/i);
  };

  it('answers SERVICE_UNAVAILABLE with HTTP 503 and Retry-After while connections are refused, and recovers by itself', async () => {
    expect((await viewer()).status).toBe(200);
    await proxy.refuse();
    const during = [await viewer(), await viewer()];
    during.forEach(expectUnavailable);
    const signIn = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'mutation { signIn(input: { email: "a@example.com", password: "x" }) { token } }' }) });
    expect(signIn.status).toBe(503);
    await proxy.restore();
    const recovered = await recovery();
    process.stdout.write(`database refused: answered in ${during.map((answer) => answer.ms).join(', ')} ms; recovered in ${recovered} ms\n`);
  });

  it('answers SERVICE_UNAVAILABLE when PostgreSQL accepts but never answers, within the connection timeout', async () => {
    await proxy.blackhole();
    // The first may fail on a pooled connection just cut; the second must open one and give up in time.
    const during = [await viewer(), await viewer()];
    during.forEach(expectUnavailable);
    await proxy.restore();
    const recovered = await recovery();
    process.stdout.write(`database hanging: answered in ${during.map((answer) => answer.ms).join(', ')} ms; recovered in ${recovered} ms\n`);
  });

  it('answers SERVICE_UNAVAILABLE when a statement outlasts the statement timeout (a row held by another transaction)', async () => {
    const holder = new Client({ connectionString: testEnv().DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM "user" WHERE id = $1 FOR UPDATE', [user.id]);
      const started = Date.now();
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
        body: JSON.stringify({ query: 'mutation { updateProfile(input: { name: "Blocked" }) { viewer { name } } }' }),
      });
      const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      expect([response.status, body.errors?.[0]?.extensions?.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
      process.stdout.write(`statement timeout (1000 ms): answered in ${Date.now() - started} ms\n`);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect((await viewer()).status).toBe(200);
  });
});
