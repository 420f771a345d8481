import { once } from 'node:events';
import { gzipSync } from 'node:zlib';
import { Writable } from 'node:stream';
import { print } from 'graphql';
import { spawnRedisServer } from '../queue/redis';
import { AliasedSignUpsDocument, DeepSignUpDocument, SignInDocument, SignUpDocument, TypenameDocument, ViewerSessionsDocument, WideSignUpDocument } from '../testing/generated/graphql';
import { graphiqlAssetUrls, postGraphQL, startTestApp, uniqueEmail, type TestApp } from '../testing/test-app';

const PASSWORD = 'correct horse battery staple';
const signUpInput = (email = uniqueEmail('platform')) => ({ email, password: PASSWORD, name: 'Platform Test' });

const origin = (app: TestApp) => app.url.replace(/\/graphql$/, '');

async function accountExists(app: TestApp, email: string): Promise<boolean> {
  const rows: unknown[] = await app.infra.dataSource.query('SELECT 1 FROM "user" WHERE email_normalized = $1', [email.toLowerCase()]);
  return rows.length > 0;
}

/** Collects an app's JSON log lines. */
function logCollector() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { lines, stream };
}

describe('GraphQL endpoint in development', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { NODE_ENV: 'development' } });
  });
  afterAll(() => app.stop());

  it('answers { __typename }', async () => {
    expect(await app.ok(TypenameDocument)).toEqual({ __typename: 'Query' });
  });

  // That the assets themselves are served is checked on the real process (process.test.ts):
  // Ruru loads them with a dynamic import(), which Jest's module sandbox cannot run.
  it('serves a GraphiQL page that loads only local assets, with the header editor on', async () => {
    const page = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\/|\/\/[a-z0-9-]+\.[a-z]/i);
    expect(html).toMatch(/"isHeadersEditorEnabled":\s*true/);
    const assets = graphiqlAssetUrls(html);
    expect(assets).toContain('/graphiql-assets/ruru.js');
    expect(assets.filter((asset) => !asset.startsWith('/graphiql-assets/'))).toEqual([]);
  });

  it('allows introspection and suggests field names', async () => {
    const introspection = await postGraphQL<{ __schema: { queryType: { name: string } } }>(app.url, { query: '{ __schema { queryType { name } } }' });
    expect(introspection.data?.__schema.queryType.name).toBe('Query');
    const typo = await postGraphQL(app.url, { query: '{ viewr { id } }' });
    expect(typo.errors?.[0].message).toMatch(/Did you mean "viewer"/);
  });

  it('refuses simple (CSRF-able) requests and serves preflighted ones', async () => {
    const query = encodeURIComponent('{ __typename }');
    const simpleGet = await fetch(`${app.url}?query=${query}`);
    expect(simpleGet.status).toBe(400);
    expect(await simpleGet.text()).toMatch(/CSRF/);
    const simplePost = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(simplePost.status).toBe(400);
    expect(await simplePost.text()).toMatch(/CSRF/);

    const preflighted = await fetch(`${app.url}?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${origin(app)}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${origin(app)}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ postgres: 'ok', redis: 'ok' });
  });

  it('returns a request id on every response, keeping a well-formed one the caller sent', async () => {
    const generated = await fetch(`${origin(app)}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'trace-123' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(kept.headers.get('x-request-id')).toBe('trace-123');
    const replaced = await fetch(`${origin(app)}/healthz`, { headers: { 'x-request-id': 'not a valid id!' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('HTTP on /graphql', () => {
  let app: TestApp;
  const logs = logCollector();
  const typename = JSON.stringify({ query: '{ __typename }' });
  const post = (body: string | Buffer, headers: Record<string, string>) => fetch(app.url, { method: 'POST', headers, body });

  beforeAll(async () => {
    app = await startTestApp({ env: { LOG_LEVEL: 'info' }, logs: logs.stream });
  });
  afterAll(() => app.stop());

  it('reads a JSON body whatever the case of its type, with a UTF charset or gzip', async () => {
    for (const headers of [{ 'content-type': 'Application/JSON' }, { 'content-type': 'application/json; charset=utf-8' }]) {
      expect(await (await post(typename, headers)).json()).toEqual({ data: { __typename: 'Query' } });
    }
    const zipped = await post(gzipSync(typename), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(await zipped.json()).toEqual({ data: { __typename: 'Query' } });
    const utf16 = await post(Buffer.from(`\ufeff${typename}`, 'utf16le'), { 'content-type': 'application/json; charset=utf-16le' });
    expect(await utf16.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('leaves a body of another type unread, for Apollo to refuse', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'application/graphql+json']) {
      const response = await post(typename, { 'content-type': type, 'apollo-require-preflight': 'true' });
      expect({ type, status: response.status }).toEqual({ type, status: 400 });
      expect(await response.text()).toMatch(/invalid Content-Type/);
    }
  });

  it('answers a body it cannot read with a GraphQL-shaped error, and then serves the next request', async () => {
    const refusal = async (response: Response) => ({ status: response.status, type: response.headers.get('content-type'), body: await response.json() });
    const error = (message: string) => ({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
    const json = { 'content-type': 'application/json' };
    expect(await refusal(await post('{"query": ', json))).toEqual({ status: 400, type: 'application/json; charset=utf-8', body: error('The body is not valid JSON') });
    expect(await refusal(await post('"{ __typename }"', json))).toEqual({ status: 400, type: 'application/json; charset=utf-8', body: error('The body is not a JSON object or array') });
    const huge = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(1024 * 1024) } });
    expect(await refusal(await post(huge, json))).toEqual({ status: 413, type: 'application/json; charset=utf-8', body: error('The body is larger than 1048576 bytes') });
    // Chunked, so the size is only known while reading.
    const streamed = await fetch(app.url, { method: 'POST', headers: json, body: new Blob([huge]).stream(), duplex: 'half' } as RequestInit);
    expect(await refusal(streamed)).toEqual({ status: 413, type: 'application/json; charset=utf-8', body: error('The body is larger than 1048576 bytes') });
    expect(await refusal(await post(typename, { 'content-type': 'application/json; charset=latin1' }))).toEqual({ status: 415, type: 'application/json; charset=utf-8', body: error('unsupported charset "LATIN1"') });
    expect(await refusal(await post(typename, { ...json, 'content-encoding': 'compress' }))).toEqual({ status: 415, type: 'application/json; charset=utf-8', body: error('unsupported content encoding "compress"') });
    expect(await app.ok(TypenameDocument)).toEqual({ __typename: 'Query' });
  });

  it('logs each request at info with its id, and takes the client IP from X-Forwarded-For sent by a trusted proxy (loopback by default)', async () => {
    const forwarded = { headers: { 'x-forwarded-for': '203.0.113.7', 'x-request-id': 'forwarded-sign-up' } };
    const { signUp } = await app.ok(SignUpDocument, { input: signUpInput() }, forwarded);
    const { viewer } = await app.ok(ViewerSessionsDocument, {}, { token: signUp.token });
    expect(viewer.sessions.map((session) => session.ip)).toEqual(['203.0.113.7']);
    expect(logs.lines.find((line) => line.requestId === 'forwarded-sign-up')).toMatchObject({ level: 30, msg: 'request completed', method: 'POST', url: '/graphql', status: 200, responseTimeMs: expect.any(Number) });
  });
});

describe('GraphQL limits', () => {
  let app: TestApp;

  beforeAll(async () => {
    // SignUp (depth 3, cost 14, no aliases) fits; each operation below breaks exactly one limit.
    app = await startTestApp({ env: { GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_COST: '16', GRAPHQL_MAX_ALIASES: '2', GRAPHQL_MAX_BATCH: '2' } });
  });
  afterAll(() => app.stop());

  it('runs an operation within every limit', async () => {
    const input = signUpInput();
    await app.ok(SignUpDocument, { input });
    expect(await accountExists(app, input.email)).toBe(true);
  });

  it.each([
    ['too deep', DeepSignUpDocument, /depth limit of 3 exceeded/],
    ['too costly', WideSignUpDocument, /Cost limit of 16 exceeded/],
  ] as const)('rejects a %s operation before any resolver runs', async (_, document, message) => {
    const input = signUpInput();
    const result = await app.request<unknown, { input: typeof input }>(document, { input });
    expect(result.errors?.[0].message).toMatch(message);
    expect(result.data).toBeUndefined();
    expect(await accountExists(app, input.email)).toBe(false);
  });

  it('rejects too many aliases before any resolver runs', async () => {
    const inputs = { first: signUpInput(), second: signUpInput(), third: signUpInput() };
    const result = await app.request(AliasedSignUpsDocument, inputs);
    expect(result.errors?.[0].message).toMatch(/Aliases limit of 2 exceeded/);
    expect(result.data).toBeUndefined();
    for (const input of Object.values(inputs)) expect(await accountExists(app, input.email)).toBe(false);
  });

  it('runs a batch within the limit and rejects a larger one before any resolver runs', async () => {
    const operation = (input = signUpInput()) => ({ input, body: { query: print(SignUpDocument), variables: { input } } });
    const allowed = [operation(), operation()];
    const ok = await postGraphQL<unknown>(app.url, allowed.map((op) => op.body));
    expect(ok.status).toBe(200);
    for (const { input } of allowed) expect(await accountExists(app, input.email)).toBe(true);

    const tooMany = [operation(), operation(), operation()];
    const refused = await postGraphQL<unknown>(app.url, tooMany.map((op) => op.body));
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/at most 2 operations/), extensions: { code: 'BAD_USER_INPUT' } });
    for (const { input } of tooMany) expect(await accountExists(app, input.email)).toBe(false);
  });
});

describe('GraphQL endpoint in production', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => app.stop());

  it('answers queries but refuses introspection and field suggestions', async () => {
    expect(await app.ok(TypenameDocument)).toEqual({ __typename: 'Query' });
    const introspection = await postGraphQL(app.url, { query: '{ __schema { queryType { name } } }' });
    expect(introspection.data).toBeUndefined();
    expect(introspection.errors?.[0].message).toMatch(/introspection is not allowed/i);
    const typo = await postGraphQL(app.url, { query: '{ viewr { id } }' });
    expect(typo.errors?.[0].message).toMatch(/Cannot query field "viewr"/);
    expect(JSON.stringify(typo.errors)).not.toMatch(/Did you mean|viewer/);
  });
});

describe('unexpected errors', () => {
  /** An app whose database connection is gone: every query that reaches PostgreSQL fails unexpectedly. */
  async function brokenApp(nodeEnv: string) {
    const logs = logCollector();
    const app = await startTestApp({ env: { NODE_ENV: nodeEnv, LOG_LEVEL: 'error' }, logs: logs.stream });
    await app.infra.dataSource.destroy();
    const signIn = () => app.request(SignInDocument, { input: { email: uniqueEmail('broken'), password: PASSWORD } }, { headers: { 'x-request-id': `broken-${nodeEnv}` } });
    return { app, logs: logs.lines, signIn };
  }

  let development: Awaited<ReturnType<typeof brokenApp>>;
  let production: Awaited<ReturnType<typeof brokenApp>>;

  beforeAll(async () => {
    [development, production] = await Promise.all([brokenApp('development'), brokenApp('production')]);
  });
  afterAll(() => Promise.all([development.app.stop(), production.app.stop()]));

  it('shows the internal message and stack in development', async () => {
    const result = await development.signIn();
    expect(result.errors?.[0].message).not.toBe('Internal server error');
    expect(result.errors?.[0].extensions?.stacktrace).toEqual(expect.arrayContaining([expect.stringMatching(/^\s+at /)]));
  });

  it('masks them in production, and logs them with the request id', async () => {
    const internal = (await development.signIn()).errors?.[0].message ?? '';
    const result = await production.signIn();
    expect(result.errors).toEqual([{ message: 'Internal server error', locations: expect.any(Array), path: ['signIn'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    const body = JSON.stringify(result);
    expect(body).not.toContain(internal);
    expect(body).not.toMatch(/stacktrace|SELECT|\.ts:\d+|node_modules/);

    const logged = production.logs.find((line) => line.requestId === 'broken-production');
    expect(logged).toMatchObject({ level: 50, msg: 'unexpected error in resolver', path: ['signIn'], err: { message: internal } });
  });

  it('reports PostgreSQL unreachable on /readyz', async () => {
    const ready = await fetch(`${origin(production.app)}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ postgres: 'unreachable', redis: 'ok' });
  });
});

describe('readiness without Redis', () => {
  it('reports Redis unreachable on /readyz once the server is gone', async () => {
    const redisServer = await spawnRedisServer();
    const app = await startTestApp({ env: { REDIS_URL: redisServer.url } });
    try {
      expect((await fetch(`${origin(app)}/readyz`)).status).toBe(200);
      const closed = once(app.infra.redis, 'close');
      await redisServer.stop();
      await closed;
      const ready = await fetch(`${origin(app)}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ postgres: 'ok', redis: 'unreachable' });
    } finally {
      await app.stop();
    }
  });
});
