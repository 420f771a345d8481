import { randomBytes } from 'node:crypto';
import { rotateEncryptionKey } from '../../auth/envelope-rotation';
import { SecretEnvelope } from '../../auth/secret-envelope';
import { loadConfig } from '../../config';
import { TEST_PASSWORD, createTenant } from '../../testing/fixtures';
import {
  CreateModelIntegrationDocument,
  CreatePersonalApiKeyDocument,
  ReauthenticateDocument,
  DeleteModelIntegrationDocument,
  RenameModelIntegrationDocument,
  RevealModelIntegrationCredentialDocument,
  RotateModelIntegrationCredentialDocument,
  UpdateModelIntegrationDocument,
  WorkspaceModelIntegrationsDocument,
  type CreateModelIntegrationInput,
} from '../../testing/generated/graphql';
import { TEST_ENCRYPTION_KEYS, errorCode, errorFields, startTestApp, type RequestOptions, type TestApp } from '../../testing/test-app';
import { auditEvents, workspaceKey } from '../../testing/workspace-admin-helpers';
import { MODEL_INTEGRATION_SEALED_COLUMN } from './model-integration.service';

/** A credential no other test writes, so a scan that finds it found this one. */
const credential = (label: string) => `sk-${label}-${randomBytes(12).toString('hex')}`;
const REVEAL_LIMIT = 4;

describe('model integrations', () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    app = await startTestApp({ env: { SECRET_REVEAL_LIMIT_PER_HOUR: String(REVEAL_LIMIT) } });
    tenant = await createTenant(app);
  });
  afterAll(() => app.stop());

  const create = (input: Partial<CreateModelIntegrationInput>, options: RequestOptions = { token: tenant.admin.token }, onApp = app) =>
    onApp.request(CreateModelIntegrationDocument, { input: { workspaceId: tenant.workspace.id, provider: 'ANTHROPIC', name: `m-${randomBytes(3).toString('hex')}`, credential: credential('x'), ...input } }, options);
  const reveal = (id: string, options: RequestOptions = { token: tenant.admin.token }, onApp = app) =>
    onApp.request(RevealModelIntegrationCredentialDocument, { input: { workspaceId: tenant.workspace.id, id, reason: 'debugging a 401 from the provider' } }, options);
  const list = async () => (await app.ok(WorkspaceModelIntegrationsDocument, { id: tenant.workspace.id }, { token: tenant.admin.token })).workspace.modelIntegrations;

  it('registers each provider with a masked credential and who created it; Azure needs an endpoint and a deployment', async () => {
    const secret = credential('anthropic');
    const anthropic = (await create({ name: 'Claude', credential: secret })).data!.createModelIntegration.modelIntegration;
    expect(anthropic).toMatchObject({ provider: 'ANTHROPIC', name: 'Claude', maskedCredential: `…${secret.slice(-4)}`, endpointUrl: null, createdBy: { id: tenant.admin.id } });
    expect(errorCode(await create({ provider: 'OPENAI' }))).toBe('OK');
    expect(errorCode(await create({ provider: 'GOOGLE' }))).toBe('OK');

    const noEndpoint = await create({ provider: 'AZURE_OPENAI', deploymentName: 'gpt4o' });
    expect([errorCode(noEndpoint), errorFields(noEndpoint)]).toEqual(['BAD_USER_INPUT', ['endpointUrl']]);
    const noDeployment = await create({ provider: 'AZURE_OPENAI', endpointUrl: 'https://acme.openai.azure.com' });
    expect([errorCode(noDeployment), errorFields(noDeployment)]).toEqual(['BAD_USER_INPUT', ['deploymentName']]);
    const notAzure = await create({ provider: 'OPENAI', endpointUrl: 'https://api.example.com' });
    expect([errorCode(notAzure), errorFields(notAzure)]).toEqual(['BAD_USER_INPUT', ['endpointUrl']]);
    const azure = (await create({ provider: 'AZURE_OPENAI', name: 'Azure', endpointUrl: 'https://acme.openai.azure.com', deploymentName: 'gpt4o' })).data!.createModelIntegration.modelIntegration;
    expect(azure).toMatchObject({ endpointUrl: 'https://acme.openai.azure.com', deploymentName: 'gpt4o' });

    const taken = await create({ name: 'Claude' });
    expect([errorCode(taken), errorFields(taken)]).toEqual(['CONFLICT', ['name']]);
    expect((await list()).map((integration) => integration.name)).toEqual(expect.arrayContaining(['Azure', 'Claude']));
    expect((await auditEvents(app, { workspaceId: tenant.workspace.id }, 'model_integration.created')).length).toBe(4);
  });

  it('is managed by ADMINs and org owners only: never EDITOR, VIEWER or a workspace key, whatever its scopes', async () => {
    expect(errorCode(await create({}, { token: tenant.owner.token }))).toBe('OK');
    expect(errorCode(await create({}, { token: tenant.editor.token }))).toBe('FORBIDDEN');
    expect(errorCode(await create({}, { token: tenant.viewer.token }))).toBe('FORBIDDEN');
    expect(errorCode(await create({}, { token: tenant.outsider.token }))).toBe('NOT_FOUND');
    const key = await workspaceKey(app, tenant.admin, tenant.workspace.id, ['workspace:read', 'workspace:write', 'secrets:read']);
    expect(errorCode(await create({}, { headers: key.headers }))).toBe('FORBIDDEN');
    expect(errorCode(await app.request(WorkspaceModelIntegrationsDocument, { id: tenant.workspace.id }, { headers: key.headers }))).toBe('FORBIDDEN');
    expect(errorCode(await app.request(WorkspaceModelIntegrationsDocument, { id: tenant.workspace.id }, { token: tenant.editor.token }))).toBe('FORBIDDEN');
  });

  it('renames, rotates (audited, same id) and deletes (audited)', async () => {
    const first = credential('first');
    const { id } = (await create({ credential: first })).data!.createModelIntegration.modelIntegration;
    await app.ok(RenameModelIntegrationDocument, { input: { workspaceId: tenant.workspace.id, id, name: 'Renamed' } }, { token: tenant.admin.token });
    const second = credential('second');
    const rotated = await app.ok(RotateModelIntegrationCredentialDocument, { input: { workspaceId: tenant.workspace.id, id, credential: second } }, { token: tenant.owner.token });
    expect(rotated.rotateModelIntegrationCredential.modelIntegration).toMatchObject({ id, maskedCredential: `…${second.slice(-4)}`, rotatedAt: expect.any(String), rotatedBy: { id: tenant.owner.id } });
    expect((await reveal(id)).data?.revealModelIntegrationCredential.credential).toBe(second);

    const updates = (await auditEvents(app, { workspaceId: tenant.workspace.id }, 'model_integration.updated')).map((event) => event.metadata);
    expect(updates).toEqual([
      { before: { name: expect.any(String) }, after: { name: 'Renamed' } },
      { before: { credential: `…${first.slice(-4)}` }, after: { credential: `…${second.slice(-4)}` }, rotated: true },
    ]);

    await app.ok(DeleteModelIntegrationDocument, { input: { workspaceId: tenant.workspace.id, id } }, { token: tenant.admin.token });
    expect((await list()).map((integration) => integration.id)).not.toContain(id);
    expect(await auditEvents(app, { workspaceId: tenant.workspace.id }, 'model_integration.deleted')).toEqual([expect.objectContaining({ actor_id: tenant.admin.id, metadata: { provider: 'ANTHROPIC', name: 'Renamed' } })]);
  });

  it('updates the name and the credential in one call, each change audited; an update that changes nothing is refused', async () => {
    const { id } = (await create({ credential: credential('one') })).data!.createModelIntegration.modelIntegration;
    const next = credential('two');
    const updated = await app.ok(UpdateModelIntegrationDocument, { input: { workspaceId: tenant.workspace.id, id, name: 'Both at once', credential: next } }, { token: tenant.admin.token });
    expect(updated.updateModelIntegration.modelIntegration).toMatchObject({ id, name: 'Both at once', maskedCredential: `…${next.slice(-4)}`, rotatedAt: expect.any(String) });
    // Two changes, two events (reveals are left to the test below: they are rate limited per caller).
    const mine = (await auditEvents(app, { workspaceId: tenant.workspace.id }, 'model_integration.updated')).slice(-2).map((event) => event.metadata);
    expect(mine).toEqual([
      { before: { name: expect.any(String) }, after: { name: 'Both at once' } },
      { before: { credential: expect.any(String) }, after: { credential: `…${next.slice(-4)}` }, rotated: true },
    ]);

    const nothing = await app.request(UpdateModelIntegrationDocument, { input: { workspaceId: tenant.workspace.id, id, name: null, credential: null } }, { token: tenant.admin.token });
    expect(errorCode(nothing)).toBe('BAD_USER_INPUT');
    expect(errorFields(nothing)).toEqual(['name']);
  });

  it('reveals to ADMINs and secrets:read keys only, rate limited, always auditing secret.accessed with the reason and the caller', async () => {
    const secret = credential('reveal');
    const { id } = (await create({ credential: secret })).data!.createModelIntegration.modelIntegration;
    const reader = await workspaceKey(app, tenant.admin, tenant.workspace.id, ['secrets:read']);
    const other = await workspaceKey(app, tenant.admin, tenant.workspace.id, ['workspace:read', 'workspace:write']);

    expect((await reveal(id, { headers: reader.headers })).data?.revealModelIntegrationCredential.credential).toBe(secret);
    expect(errorCode(await reveal(id, { headers: other.headers }))).toBe('FORBIDDEN');
    expect(errorCode(await reveal(id, { token: tenant.editor.token }))).toBe('FORBIDDEN');
    expect(errorCode(await reveal(id, { token: tenant.outsider.token }))).toBe('NOT_FOUND');

    const events = await auditEvents(app, { workspaceId: tenant.workspace.id }, 'secret.accessed');
    const byKey = events.find((event) => event.actor_id === reader.id);
    expect(byKey).toMatchObject({ risk_level: 'HIGH', metadata: { reason: 'debugging a 401 from the provider', outcome: 'revealed', keyId: 'test-1' } });

    // The owner's allowance: REVEAL_LIMIT reveals an hour, then RATE_LIMITED with a retry-after.
    for (let i = 0; i < REVEAL_LIMIT; i++) expect(errorCode(await reveal(id, { token: tenant.owner.token }))).toBe('OK');
    const limited = await reveal(id, { token: tenant.owner.token });
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(limited.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect((await auditEvents(app, { workspaceId: tenant.workspace.id }, 'secret.accessed')).filter((event) => event.actor_id === tenant.owner.id)).toHaveLength(REVEAL_LIMIT);
  });

  it('reveals to a person only at a session that signed in recently', async () => {
    const { id } = (await create({ credential: credential('recent') })).data!.createModelIntegration.modelIntegration;
    const personal = await app.ok(CreatePersonalApiKeyDocument, { input: { name: 'laptop', expiresInDays: 1 } }, { token: tenant.admin.token });
    const byKey = await reveal(id, { token: personal.createPersonalApiKey.key });
    expect([errorCode(byKey), byKey.errors?.[0].extensions?.reason]).toEqual(['FORBIDDEN', 'SESSION_REQUIRED']);

    app.clock.advance(app.infra.config.reauthWindowMinutes * 60_000 + 1000);
    const stale = await reveal(id);
    expect([errorCode(stale), stale.errors?.[0].extensions?.reason]).toEqual(['FORBIDDEN', 'REAUTH_REQUIRED']);
    // Reauthenticating makes the admin's session recent again, for this test and the ones after it.
    await app.ok(ReauthenticateDocument, { input: { password: TEST_PASSWORD } }, { token: tenant.admin.token });
    expect(errorCode(await reveal(id))).toBe('OK');
  });

  it('stores no credential in plaintext in any column of any table, and a ciphertext moved to another row fails to open, loudly', async () => {
    const secrets = [credential('scan-a'), credential('scan-b')];
    const [a, b] = await Promise.all(secrets.map(async (value) => (await create({ credential: value })).data!.createModelIntegration.modelIntegration.id));
    await app.ok(RotateModelIntegrationCredentialDocument, { input: { workspaceId: tenant.workspace.id, id: b, credential: secrets[1] } }, { token: tenant.admin.token });
    await reveal(a);

    const db = app.infra.dataSource;
    const columns: Array<{ table_name: string; column_name: string }> = await db.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'USER-DEFINED')`,
    );
    expect(columns.map((column) => `${column.table_name}.${column.column_name}`)).toEqual(expect.arrayContaining(['model_integration.credential', 'audit_event.metadata']));
    for (const { table_name, column_name } of columns) {
      const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM "${table_name}" WHERE "${column_name}"::text LIKE ANY($1)`, [secrets.map((value) => `%${value}%`)]);
      expect([table_name, column_name, count]).toEqual([table_name, column_name, 0]);
    }

    await db.query('UPDATE model_integration SET credential = (SELECT credential FROM model_integration WHERE id = $1) WHERE id = $2', [a, b]);
    const moved = await reveal(b);
    expect(errorCode(moved)).toBe('INTERNAL_SERVER_ERROR');
    expect(moved.data).toBeNull();
    expect(JSON.stringify(moved)).not.toContain(secrets[0]);
    expect(moved.errors?.[0].message).toMatch(/key "test-1".*another row or field/);
    const failed = (await auditEvents(app, { workspaceId: tenant.workspace.id }, 'secret.accessed')).at(-1);
    expect(failed?.metadata).toMatchObject({ outcome: 'decryption_failed' });
  });

  it('rotates the encryption key online: values written before and after open under the new key alone', async () => {
    const before = credential('before-rotation');
    const { id: oldId } = (await create({ credential: before })).data!.createModelIntegration.modelIntegration;
    const newKey = `k2:${randomBytes(32).toString('base64')}`;
    // A process that already has the new key first; the old one still opens older values.
    const both = await startTestApp({ env: { ENCRYPTION_KEYS: `${newKey},${TEST_ENCRYPTION_KEYS}` } });
    const onlyNew = await startTestApp({ env: { ENCRYPTION_KEYS: newKey } });
    try {
      const after = credential('after-rotation');
      const { id: newId } = (await create({ credential: after }, { token: tenant.admin.token }, both)).data!.createModelIntegration.modelIntegration;
      const missing = await reveal(oldId, { token: tenant.admin.token }, onlyNew);
      expect(missing.errors?.[0].message).toMatch(/key "test-1", which ENCRYPTION_KEYS does not hold/);

      const envelope = new SecretEnvelope(loadConfig({ ENCRYPTION_KEYS: `${newKey},${TEST_ENCRYPTION_KEYS}` }).encryptionKeys);
      const batches: number[] = [];
      const [result] = await rotateEncryptionKey(app.infra.dataSource, envelope, [MODEL_INTEGRATION_SEALED_COLUMN], { batchSize: 2, onBatch: (progress) => batches.push(progress.resealed) });
      expect(result.resealed).toBeGreaterThan(2);
      // The ciphertext moved by the test above opens nowhere: named, left as it is, the rest carried on.
      expect(result.failed.map((failure) => failure.id)).not.toContain(oldId);
      expect(batches.length).toBeGreaterThan(1);
      // Run again: nothing left to do.
      expect((await rotateEncryptionKey(app.infra.dataSource, envelope, [MODEL_INTEGRATION_SEALED_COLUMN]))[0].resealed).toBe(0);

      expect((await reveal(oldId, { token: tenant.owner.token }, onlyNew)).data?.revealModelIntegrationCredential.credential).toBe(before);
      expect((await reveal(newId, { token: tenant.owner.token }, onlyNew)).data?.revealModelIntegrationCredential.credential).toBe(after);
    } finally {
      await both.stop();
      await onlyNew.stop();
    }
  });
});
