import { print } from 'graphql';
import {
  CreatePersonalApiKeyDocument,
  CreateProjectDocument,
  CreateWorkspaceApiKeyDocument,
  DeletePersonalApiKeyDocument,
  RotateAppSecretDocument,
  DeactivateWorkspaceApiKeyDocument,
  GenerateProjectApiKeyDocument,
  ProjectDocument,
  RegenerateProjectApiKeyDocument,
  RevokeProjectApiKeyDocument,
  KeyReadWorkspaceDocument,
  RevokeAllSessionsDocument,
  RevokeSessionDocument,
  RevokeWorkspaceApiKeyDocument,
  SignInDocument,
  ViewerDocument,
  WhoamiDocument,
} from '../testing/generated/graphql';
import { TEST_PASSWORD, createOrganization, createUser, createWorkspace } from '../testing/fixtures';
import { spawnApp, type SpawnedApp } from '../testing/spawn-app';
import { errorCode, postGraphQL, startTestApp, testEnv, type TestApp } from '../testing/test-app';

// Starting a second process through swc takes a few seconds.
jest.setTimeout(90_000);

describe('credential invalidation across API processes', () => {
  let app: TestApp;
  let second: SpawnedApp;

  beforeAll(async () => {
    app = await startTestApp();
    // Same database and Redis prefix, so both processes share the invalidation channel.
    second = await spawnApp(testEnv({ REDIS_PREFIX: app.infra.config.redisPrefix }));
  });
  afterAll(async () => {
    await second?.stop();
    await app?.stop();
  });

  it('a revoked or deactivated key fails on the very next request through another process', async () => {
    const owner = await createUser(app, 'multi');
    const workspace = await createWorkspace(app, owner, await createOrganization(app, owner));
    const read = (url: string, key: string) => postGraphQL<unknown>(url, { query: print(KeyReadWorkspaceDocument), variables: { id: workspace.id } }, { headers: { 'x-api-key': key } });
    const create = async (name: string) =>
      (await app.ok(CreateWorkspaceApiKeyDocument, { input: { workspaceId: workspace.id, name, scopes: ['workspace:read'] } }, { token: owner.token })).createWorkspaceApiKey;

    const revoked = await create('to revoke');
    const deactivated = await create('to deactivate');
    // Both processes now hold the keys as valid in their caches.
    for (const url of [app.url, second.url]) {
      expect((await read(url, revoked.key)).errors).toBeUndefined();
      expect((await read(url, deactivated.key)).errors).toBeUndefined();
    }

    await app.ok(RevokeWorkspaceApiKeyDocument, { input: { workspaceId: workspace.id, id: revoked.apiKey.id } }, { token: owner.token });
    expect((await read(second.url, revoked.key)).errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REVOKED' });

    await app.ok(DeactivateWorkspaceApiKeyDocument, { input: { workspaceId: workspace.id, id: deactivated.apiKey.id } }, { token: owner.token });
    expect((await read(second.url, deactivated.key)).errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INACTIVE' });
  });

  it('a signed-out session fails on the very next request through another process', async () => {
    const person = await createUser(app, 'devices');
    const { signIn: phone } = await app.ok(SignInDocument, { input: { email: person.email, password: TEST_PASSWORD } });
    const viewer = (url: string, token: string) => postGraphQL<unknown>(url, { query: print(ViewerDocument) }, { token });
    // Both processes now hold both sessions in their caches.
    for (const url of [app.url, second.url]) {
      for (const token of [person.token, phone.token]) expect(errorCode(await viewer(url, token))).toBe('OK');
    }

    await app.ok(RevokeSessionDocument, { input: { id: phone.session.id } }, { token: person.token });
    expect(errorCode(await viewer(second.url, phone.token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await viewer(second.url, person.token))).toBe('OK');

    await app.ok(RevokeAllSessionsDocument, {}, { token: person.token });
    expect(errorCode(await viewer(second.url, person.token))).toBe('UNAUTHENTICATED');
  });

  // Every credential kind is verified through the one cache and dropped from it by the one channel.
  it('a deleted personal key and a rotated app secret fail on the very next request through another process', async () => {
    const person = await createUser(app, 'kinds');
    const { createPersonalApiKey } = await app.ok(CreatePersonalApiKeyDocument, { input: { name: 'laptop', expiresInDays: 30 } }, { token: person.token });
    const { rotateAppSecret: first } = await app.ok(RotateAppSecretDocument, {}, { token: person.token });
    const basic = `Basic ${Buffer.from(`${first.appCredential.appId}:${first.appSecret}`).toString('base64')}`;
    const whoami = (url: string, headers: Record<string, string>) => postGraphQL<unknown>(url, { query: print(WhoamiDocument) }, { headers });
    for (const url of [app.url, second.url]) {
      expect(errorCode(await whoami(url, { authorization: `Bearer ${createPersonalApiKey.key}` }))).toBe('OK');
      expect(errorCode(await whoami(url, { authorization: basic }))).toBe('OK');
    }

    await app.ok(DeletePersonalApiKeyDocument, { input: { id: createPersonalApiKey.apiKey.id } }, { token: person.token });
    expect(errorCode(await whoami(second.url, { authorization: `Bearer ${createPersonalApiKey.key}` }))).toBe('UNAUTHENTICATED');

    await app.ok(RotateAppSecretDocument, {}, { token: person.token });
    expect((await whoami(second.url, { authorization: basic })).errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REVOKED' });
  });

  it('a regenerated or revoked project key fails on the very next request through another process', async () => {
    const owner = await createUser(app, 'project-keys');
    const workspace = await createWorkspace(app, owner, await createOrganization(app, owner));
    const projectId = (await app.ok(CreateProjectDocument, { input: { workspaceId: workspace.id, name: 'Keyed' } }, { token: owner.token })).createProject.project.id;
    const read = (url: string, key: string) =>
      postGraphQL<unknown>(url, { query: print(ProjectDocument), variables: { id: projectId } }, { headers: { authorization: `Basic ${Buffer.from(`api-key:${key}`).toString('base64')}` } });

    const first = (await app.ok(GenerateProjectApiKeyDocument, { input: { projectId } }, { token: owner.token })).generateProjectApiKey.key;
    for (const url of [app.url, second.url]) expect(errorCode(await read(url, first))).toBe('OK');
    const next = (await app.ok(RegenerateProjectApiKeyDocument, { input: { projectId } }, { token: owner.token })).regenerateProjectApiKey.key;
    expect((await read(second.url, first)).errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REVOKED' });
    expect(errorCode(await read(second.url, next))).toBe('OK');

    await app.ok(RevokeProjectApiKeyDocument, { input: { projectId } }, { token: owner.token });
    expect((await read(second.url, next)).errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REVOKED' });
  });
});
