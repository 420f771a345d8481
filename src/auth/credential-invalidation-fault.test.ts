import { print } from 'graphql';
import { RevokeSessionDocument, SignInDocument, ViewerDocument, ViewerSessionsDocument } from '../testing/generated/graphql';
import { TEST_PASSWORD, createUser } from '../testing/fixtures';
import { spawnApp, type SpawnedApp } from '../testing/spawn-app';
import { errorCode, postGraphQL, startTestApp, testEnv, type TestApp } from '../testing/test-app';
import { spawnRedisServer, type SpawnedRedis } from '../queue/redis';

// Starting a second process through swc takes a few seconds.
jest.setTimeout(90_000);

describe('revocation while Redis is down', () => {
  let redis: SpawnedRedis;
  let app: TestApp;
  let second: SpawnedApp;

  beforeAll(async () => {
    // A Redis of this test's own, so stopping it disturbs nobody else.
    redis = await spawnRedisServer();
    const env = { REDIS_URL: redis.url, API_KEY_INVALIDATION_TIMEOUT_MS: '300' };
    app = await startTestApp({ env });
    second = await spawnApp(testEnv({ ...env, REDIS_PREFIX: app.infra.config.redisPrefix }));
  });
  afterAll(async () => {
    await second?.stop();
    await app?.stop();
    await redis?.stop();
  });

  it('returns, and another process whose subscription is lost refuses the revoked session on its next request', async () => {
    const person = await createUser(app, 'offline');
    const { signIn } = await app.ok(SignInDocument, { input: { email: person.email, password: TEST_PASSWORD } });
    const viewerThroughSecond = (token: string) => postGraphQL<unknown>(second.url, { query: print(ViewerDocument) }, { token });
    // The second process has the session cached.
    expect(errorCode(await viewerThroughSecond(signIn.token))).toBe('OK');

    const port = new URL(redis.url).port;
    await redis.stop();
    const revoked = await app.request(RevokeSessionDocument, { input: { id: signIn.session.id } }, { token: person.token });
    expect(errorCode(revoked)).toBe('OK');
    expect(errorCode(await viewerThroughSecond(signIn.token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.request(ViewerSessionsDocument, {}, { token: signIn.token }))).toBe('UNAUTHENTICATED');

    // Redis back: both processes resubscribe, and stop their apps cleanly on it.
    redis = await spawnRedisServer({ port: Number(port) });
    expect(errorCode(await viewerThroughSecond(person.token))).toBe('OK');
  });
});
