import { getDirective } from '@graphql-tools/utils';
import { isObjectType } from 'graphql';
import { Client } from 'pg';
import {
  ActivateWorkspaceApiKeyDocument,
  CreatePersonalApiKeyDocument,
  CreateWorkspaceApiKeyDocument,
  DeactivateWorkspaceApiKeyDocument,
  DeletePersonalApiKeyDocument,
  KeyAuditEventsDocument,
  KeyWorkspaceAuditEventsDocument,
  KeyReadWorkspaceDocument,
  KeyUpdateWorkspaceDocument,
  RemoveWorkspaceMemberDocument,
  RevokeWorkspaceApiKeyDocument,
  RotateAppSecretDocument,
  RotateWorkspaceApiKeyDocument,
  VerifyApiKeyDocument,
  ViewerAppCredentialDocument,
  ViewerPersonalApiKeysDocument,
  WhoamiDocument,
  WorkspaceOrganizationPlanDocument,
  WorkspaceApiKeysDocument,
  WorkspaceOffboardingReportDocument,
} from '../../testing/generated/graphql';
import { API_KEY_SCOPES } from '../../auth/permissions';
import { buildModulesSchema } from '../../services';
import { addToOrganization, addToWorkspace, createOrganization, createTenant, createUser, createWorkspace, type TestUser } from '../../testing/fixtures';
import { type GraphQLResult, type TestApp, errorCode, startTestApp } from '../../testing/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

const HOUR_MS = 3_600_000;
const reasonOf = (result: GraphQLResult<unknown>) => result.errors?.[0]?.extensions?.reason;
const withKey = (key: string) => ({ headers: { 'x-api-key': key } });
const basic = (username: string, password: string) => ({ headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` } });
/** What the query counter saw: TypeORM hands its logger the SQL and its parameters. */
const statements = (spy: jest.SpyInstance) => spy.mock.calls as Array<[string, unknown[] | undefined]>;
/** The same key with one body character changed: its checksum no longer matches. */
const mistype = (key: string) => key.slice(0, 10) + (key[10] === 'a' ? 'b' : 'a') + key.slice(11);

describe('API keys and app credentials', () => {
  let app: TestApp;
  let tenant: Tenant;
  let other: { owner: TestUser; workspaceId: string };
  const issued: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await createTenant(app);
    const owner = await createUser(app, 'other-owner');
    other = { owner, workspaceId: (await createWorkspace(app, owner, await createOrganization(app, owner, 'Other'))).id };
  });
  afterAll(() => app.stop());

  const createKey = async (scopes: string[], options: { name?: string; by?: TestUser; workspaceId?: string; expiresInDays?: number } = {}) => {
    const { createWorkspaceApiKey } = await app.ok(
      CreateWorkspaceApiKeyDocument,
      { input: { workspaceId: options.workspaceId ?? tenant.workspace.id, name: options.name ?? `key ${issued.length}`, scopes, expiresInDays: options.expiresInDays } },
      { token: (options.by ?? tenant.admin).token },
    );
    issued.push(createWorkspaceApiKey.key);
    return createWorkspaceApiKey;
  };
  const readWorkspace = (key: string, id = tenant.workspace.id) => app.request(KeyReadWorkspaceDocument, { id }, withKey(key));
  const keyInput = (id: string) => ({ input: { workspaceId: tenant.workspace.id, id } });

  it('keeps billing (Organization.plan) from a workspace key and from anyone but an owner', async () => {
    const { key } = await createKey(['workspace:read']);
    const asKey = await app.request(WorkspaceOrganizationPlanDocument, { id: tenant.workspace.id }, withKey(key));
    expect(asKey.data?.workspace.organization).toMatchObject({ id: tenant.organizationId, plan: null });
    expect(asKey.errors?.[0]).toMatchObject({ path: ['workspace', 'organization', 'plan'], extensions: { code: 'FORBIDDEN' } });
    const asAdmin = await app.request(WorkspaceOrganizationPlanDocument, { id: tenant.workspace.id }, { token: tenant.admin.token });
    expect(asAdmin.data?.workspace.organization.plan).toBeNull();
    const asOwner = await app.ok(WorkspaceOrganizationPlanDocument, { id: tenant.workspace.id }, { token: tenant.owner.token });
    expect(asOwner.workspace.organization.plan).toEqual(expect.any(String));
  });

  describe('personal API keys (seed 000)', () => {
    it('are shown once, listed masked, act as their owner with the owner’s roles, and stop working when deleted', async () => {
      const { createPersonalApiKey } = await app.ok(CreatePersonalApiKeyDocument, { input: { name: ' CLI ', expiresInDays: 30 } }, { token: tenant.admin.token });
      const { key, apiKey } = createPersonalApiKey;
      issued.push(key);
      expect(key).toMatch(/^dlt_[0-9A-Za-z]{49}$/);
      expect(apiKey).toMatchObject({ name: 'CLI', maskedKey: `${key.slice(0, 8)}…`, lastUsedAt: null });
      expect(new Date(apiKey.expiresAt).getTime() - new Date(apiKey.createdAt).getTime()).toBe(30 * 24 * HOUR_MS);

      expect((await app.ok(WhoamiDocument, {}, { token: key })).viewer.id).toBe(tenant.admin.id);
      // The admin's role comes with it: an admin-only change works through the personal key.
      await app.ok(KeyUpdateWorkspaceDocument, { input: { workspaceId: tenant.workspace.id, description: 'via personal key' } }, { token: key });
      const { viewer } = await app.ok(ViewerPersonalApiKeysDocument, {}, { token: tenant.admin.token });
      expect(viewer.personalApiKeys).toEqual([expect.objectContaining({ id: apiKey.id, maskedKey: apiKey.maskedKey })]);
      expect(JSON.stringify(viewer)).not.toContain(key);

      await app.ok(DeletePersonalApiKeyDocument, { input: { id: apiKey.id } }, { token: tenant.admin.token });
      const after = await app.request(WhoamiDocument, {}, { token: key });
      expect([errorCode(after), reasonOf(after)]).toEqual(['UNAUTHENTICATED', 'NOT_FOUND']);
    });

    it('take 1 to 365 days', async () => {
      for (const expiresInDays of [0, 366]) {
        const result = await app.request(CreatePersonalApiKeyDocument, { input: { name: 'x', expiresInDays } }, { token: tenant.viewer.token });
        expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'expiresInDays' }] });
      }
    });

    it('cannot be deleted by someone else', async () => {
      const { createPersonalApiKey } = await app.ok(CreatePersonalApiKeyDocument, { input: { name: 'mine', expiresInDays: 1 } }, { token: tenant.viewer.token });
      issued.push(createPersonalApiKey.key);
      expect(errorCode(await app.request(DeletePersonalApiKeyDocument, { input: { id: createPersonalApiKey.apiKey.id } }, { token: tenant.editor.token }))).toBe('NOT_FOUND');
    });
  });

  describe('workspace API keys (seeds 002, 003)', () => {
    it('are created by ADMINs only, shown once and listed masked with their creator', async () => {
      const created = await createKey(['workspace:read', 'audit:read'], { name: 'Reporting' });
      expect(created.key).toMatch(/^gtw_/);
      expect(created.apiKey).toMatchObject({ name: 'Reporting', maskedKey: `${created.key.slice(0, 8)}…`, scopes: ['workspace:read', 'audit:read'], status: 'ACTIVE', creatorIsMember: true, createdBy: { id: tenant.admin.id }, expiresAt: null });
      const { workspace } = await app.ok(WorkspaceApiKeysDocument, { id: tenant.workspace.id }, { token: tenant.owner.token });
      expect(workspace.apiKeys.find((key) => key.id === created.apiKey.id)).toMatchObject({ maskedKey: created.apiKey.maskedKey, createdBy: { id: tenant.admin.id, name: tenant.admin.name } });
      expect(JSON.stringify(workspace)).not.toContain(created.key);

      for (const caller of [tenant.editor, tenant.viewer]) {
        expect(errorCode(await app.request(CreateWorkspaceApiKeyDocument, { input: { workspaceId: tenant.workspace.id, name: 'x', scopes: ['workspace:read'] } }, { token: caller.token }))).toBe('FORBIDDEN');
        expect(errorCode(await app.request(WorkspaceApiKeysDocument, { id: tenant.workspace.id }, { token: caller.token }))).toBe('FORBIDDEN');
      }
      expect(errorCode(await app.request(CreateWorkspaceApiKeyDocument, { input: { workspaceId: tenant.workspace.id, name: 'x', scopes: ['workspace:read'] } }, { token: tenant.outsider.token }))).toBe('NOT_FOUND');
    });

    it('refuses unknown scopes, naming the field', async () => {
      const result = await app.request(CreateWorkspaceApiKeyDocument, { input: { workspaceId: tenant.workspace.id, name: 'x', scopes: ['workspace:read', 'root:all'] } }, { token: tenant.admin.token });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'scopes' }] });
      const none = await app.request(CreateWorkspaceApiKeyDocument, { input: { workspaceId: tenant.workspace.id, name: 'x', scopes: [] } }, { token: tenant.admin.token });
      expect(none.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'scopes' }] });
    });

    it('cannot create keys: a key never gets rights beyond the person who made it', async () => {
      const { key } = await createKey([...API_KEY_SCOPES]);
      const result = await app.request(CreateWorkspaceApiKeyDocument, { input: { workspaceId: tenant.workspace.id, name: 'child', scopes: ['workspace:read'] } }, withKey(key));
      expect(errorCode(result)).toBe('FORBIDDEN');
    });

    // Each scope allows exactly its operations; the FORBIDDEN names the missing scope.
    const operations = {
      'read settings': { scope: 'workspace:read', run: (key: string) => readWorkspace(key) },
      'update settings': { scope: 'workspace:write', run: (key: string) => app.request(KeyUpdateWorkspaceDocument, { input: { workspaceId: tenant.workspace.id, description: `by key ${Date.now()}` } }, withKey(key)) },
      'read audit events': { scope: 'audit:read', run: (key: string) => app.request(KeyWorkspaceAuditEventsDocument, { workspaceId: tenant.workspace.id }, withKey(key)) },
    };
    it.each(API_KEY_SCOPES)('a key with only %s reaches exactly its operations', async (scope) => {
      const { key } = await createKey([scope]);
      for (const [name, operation] of Object.entries(operations)) {
        const result = await operation.run(key);
        if (operation.scope === scope) expect([name, errorCode(result)]).toEqual([name, 'OK']);
        else {
          expect([name, errorCode(result)]).toEqual([name, 'FORBIDDEN']);
          expect(result.errors?.[0].message).toContain(operation.scope);
        }
      }
      // Nothing a person does on their own account is open to a key.
      expect(errorCode(await app.request(WhoamiDocument, {}, withKey(key)))).toBe('FORBIDDEN');
    });

    it('secrets:read gates one operation only: revealing a model-integration credential', async () => {
      const schema = await buildModulesSchema();
      const gated = Object.values(schema.getTypeMap())
        .filter(isObjectType)
        .flatMap((type) =>
          Object.values(type.getFields())
            .filter((field) => (getDirective(schema, field, 'auth')?.[0] as { scope?: string } | undefined)?.scope === 'secrets:read')
            .map((field) => `${type.name}.${field.name}`),
        );
      expect(gated).toEqual(['Mutation.revealModelIntegrationCredential']);
    });

    it('acts only in its own workspace: another workspace is NOT_FOUND', async () => {
      const { key } = await createKey([...API_KEY_SCOPES]);
      expect(errorCode(await readWorkspace(key, other.workspaceId))).toBe('NOT_FOUND');
      expect(errorCode(await app.request(KeyUpdateWorkspaceDocument, { input: { workspaceId: other.workspaceId, name: 'pwned' } }, withKey(key)))).toBe('NOT_FOUND');
      expect(errorCode(await app.request(KeyWorkspaceAuditEventsDocument, { workspaceId: other.workspaceId }, withKey(key)))).toBe('NOT_FOUND');
    });

    it('is named in the audit trail by its name when it makes a change', async () => {
      const { key, apiKey } = await createKey(['workspace:write'], { name: 'Deploy bot' });
      await app.ok(KeyUpdateWorkspaceDocument, { input: { workspaceId: tenant.workspace.id, description: 'set by the deploy bot' } }, withKey(key));
      const { workspace } = await app.ok(KeyAuditEventsDocument, { id: tenant.workspace.id, actions: ['workspace.updated'] }, { token: tenant.owner.token });
      expect(workspace.auditEvents.edges[0].node.actor).toEqual({ type: 'API_KEY', id: apiKey.id, name: `Workspace API key "Deploy bot" (${apiKey.maskedKey})` });
    });

    it('deactivates, activates and revokes, each refusal with its own reason; revoked keys leave the list', async () => {
      const { key, apiKey } = await createKey(['workspace:read']);
      expect(errorCode(await readWorkspace(key))).toBe('OK');

      expect((await app.ok(DeactivateWorkspaceApiKeyDocument, keyInput(apiKey.id), { token: tenant.admin.token })).deactivateWorkspaceApiKey.apiKey.status).toBe('INACTIVE');
      const inactive = await readWorkspace(key);
      expect([errorCode(inactive), reasonOf(inactive)]).toEqual(['UNAUTHENTICATED', 'INACTIVE']);
      expect(inactive.errors?.[0].message).toContain('deactivated');

      await app.ok(ActivateWorkspaceApiKeyDocument, keyInput(apiKey.id), { token: tenant.admin.token });
      expect(errorCode(await readWorkspace(key))).toBe('OK');

      await app.ok(RevokeWorkspaceApiKeyDocument, keyInput(apiKey.id), { token: tenant.admin.token });
      const revoked = await readWorkspace(key);
      expect([errorCode(revoked), reasonOf(revoked)]).toEqual(['UNAUTHENTICATED', 'REVOKED']);
      expect(revoked.errors?.[0].message).toContain('revoked');
      const { workspace } = await app.ok(WorkspaceApiKeysDocument, { id: tenant.workspace.id }, { token: tenant.admin.token });
      expect(workspace.apiKeys.map((k) => k.id)).not.toContain(apiKey.id);
      expect(errorCode(await app.request(RevokeWorkspaceApiKeyDocument, keyInput(apiKey.id), { token: tenant.admin.token }))).toBe('NOT_FOUND');
      expect(errorCode(await app.request(ActivateWorkspaceApiKeyDocument, keyInput(apiKey.id), { token: tenant.admin.token }))).toBe('NOT_FOUND');

      const { workspace: audited } = await app.ok(KeyAuditEventsDocument, { id: tenant.workspace.id, actions: ['api_key.deactivated', 'api_key.activated', 'api_key.revoked'] }, { token: tenant.owner.token });
      expect(audited.auditEvents.edges.filter((edge) => edge.node.target.id === apiKey.id).map((edge) => [edge.node.action, edge.node.riskLevel])).toEqual([
        ['api_key.revoked', 'MEDIUM'],
        ['api_key.activated', 'HIGH'],
        ['api_key.deactivated', 'MEDIUM'],
      ]);
    });

    it("answers NOT_FOUND for a key id of another workspace, even in the caller's own workspace", async () => {
      const { apiKey } = await createKey(['workspace:read'], { by: other.owner, workspaceId: other.workspaceId });
      const token = { token: tenant.admin.token };
      expect(errorCode(await app.request(DeactivateWorkspaceApiKeyDocument, keyInput(apiKey.id), token))).toBe('NOT_FOUND');
      expect(errorCode(await app.request(ActivateWorkspaceApiKeyDocument, keyInput(apiKey.id), token))).toBe('NOT_FOUND');
      expect(errorCode(await app.request(RevokeWorkspaceApiKeyDocument, keyInput(apiKey.id), token))).toBe('NOT_FOUND');
      expect(errorCode(await app.request(RotateWorkspaceApiKeyDocument, { input: { ...keyInput(apiKey.id).input, gracePeriodMinutes: 0 } }, { token: tenant.admin.token }))).toBe('NOT_FOUND');
    });

    it('refuses malformed and unknown keys, a malformed one without touching the database', async () => {
      const { key } = await createKey(['workspace:read']);
      await app.services.credentials.flushLastUsed();
      const spy = jest.spyOn(app.queries, 'logQuery');
      try {
        const malformed = await readWorkspace(mistype(key));
        expect([errorCode(malformed), reasonOf(malformed)]).toEqual(['UNAUTHENTICATED', 'MALFORMED']);
        expect(statements(spy).filter(([sql]) => sql.includes('api_key'))).toEqual([]);
      } finally {
        spy.mockRestore();
      }
      // A personal key in x-api-key is refused with where it goes instead.
      const personalInHeader = await readWorkspace(`dlt_${key.slice(4)}`);
      expect(reasonOf(personalInHeader)).toBe('WRONG_TRANSPORT');
      expect(personalInHeader.errors?.[0].message).toMatch(/Authorization: Bearer/);
      const { createWorkspaceApiKey: throwaway } = await app.ok(CreateWorkspaceApiKeyDocument, { input: { workspaceId: other.workspaceId, name: 'gone', scopes: ['workspace:read'] } }, { token: other.owner.token });
      await app.infra.dataSource.query('DELETE FROM api_key WHERE id = $1', [throwaway.apiKey.id]);
      expect(reasonOf(await readWorkspace(throwaway.key, other.workspaceId))).toBe('NOT_FOUND');
    });

    it('expire: refused with a message saying so (personal keys too)', async () => {
      const { key } = await createKey(['workspace:read'], { expiresInDays: 1 });
      const { createPersonalApiKey } = await app.ok(CreatePersonalApiKeyDocument, { input: { name: 'short', expiresInDays: 1 } }, { token: tenant.viewer.token });
      issued.push(createPersonalApiKey.key);
      expect(errorCode(await readWorkspace(key))).toBe('OK');
      app.clock.advance(25 * HOUR_MS);
      const expired = await readWorkspace(key);
      expect([errorCode(expired), reasonOf(expired)]).toEqual(['UNAUTHENTICATED', 'EXPIRED']);
      const personal = await app.request(WhoamiDocument, {}, { token: createPersonalApiKey.key });
      expect([errorCode(personal), reasonOf(personal)]).toEqual(['UNAUTHENTICATED', 'EXPIRED']);
      expect(personal.errors?.[0].message).toMatch(/personal API key expired/);
    });
  });

  describe('rotation', () => {
    it('keeps the old key working through the grace period, then only the new one', async () => {
      const { key: oldKey, apiKey } = await createKey(['workspace:read', 'audit:read'], { name: 'Rotating' });
      expect(errorCode(await readWorkspace(oldKey))).toBe('OK');
      const { rotateWorkspaceApiKey } = await app.ok(RotateWorkspaceApiKeyDocument, { input: { ...keyInput(apiKey.id).input, gracePeriodMinutes: 60 } }, { token: tenant.admin.token });
      issued.push(rotateWorkspaceApiKey.key);
      expect(rotateWorkspaceApiKey.apiKey).toMatchObject({ name: 'Rotating', scopes: ['workspace:read', 'audit:read'], revokesAt: null });
      expect(rotateWorkspaceApiKey.previous.revokesAt).not.toBeNull();
      expect(errorCode(await readWorkspace(oldKey))).toBe('OK');
      expect(errorCode(await readWorkspace(rotateWorkspaceApiKey.key))).toBe('OK');
      const again = await app.request(RotateWorkspaceApiKeyDocument, { input: { ...keyInput(apiKey.id).input, gracePeriodMinutes: 0 } }, { token: tenant.admin.token });
      expect(errorCode(again)).toBe('CONFLICT');

      app.clock.advance(61 * 60_000);
      expect(reasonOf(await readWorkspace(oldKey))).toBe('REVOKED');
      expect(errorCode(await readWorkspace(rotateWorkspaceApiKey.key))).toBe('OK');
      const { workspace } = await app.ok(WorkspaceApiKeysDocument, { id: tenant.workspace.id }, { token: tenant.admin.token });
      expect(workspace.apiKeys.map((key) => key.id)).not.toContain(apiKey.id);
    });

    it('never keeps the old key past its own expiry, and takes 0 to 10080 minutes', async () => {
      const { apiKey } = await createKey(['workspace:read'], { expiresInDays: 1 });
      const { rotateWorkspaceApiKey } = await app.ok(RotateWorkspaceApiKeyDocument, { input: { ...keyInput(apiKey.id).input, gracePeriodMinutes: 10_080 } }, { token: tenant.admin.token });
      issued.push(rotateWorkspaceApiKey.key);
      expect(rotateWorkspaceApiKey.previous.revokesAt).toBe(rotateWorkspaceApiKey.previous.expiresAt);
      // The new key gets the old one's lifetime, from now.
      expect(new Date(rotateWorkspaceApiKey.apiKey.expiresAt!).getTime() - app.clock.now().getTime()).toBeGreaterThan(23 * HOUR_MS);
      const tooLong = await app.request(RotateWorkspaceApiKeyDocument, { input: { ...keyInput(rotateWorkspaceApiKey.apiKey.id).input, gracePeriodMinutes: 10_081 } }, { token: tenant.admin.token });
      expect(tooLong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'gracePeriodMinutes' }] });
    });

    it('with no grace period, the old key fails at once', async () => {
      const { key, apiKey } = await createKey(['workspace:read']);
      expect(errorCode(await readWorkspace(key))).toBe('OK');
      const { rotateWorkspaceApiKey } = await app.ok(RotateWorkspaceApiKeyDocument, { input: { ...keyInput(apiKey.id).input, gracePeriodMinutes: 0 } }, { token: tenant.admin.token });
      issued.push(rotateWorkspaceApiKey.key);
      expect(reasonOf(await readWorkspace(key))).toBe('REVOKED');
    });
  });

  describe('offboarding (seed 003)', () => {
    it('keeps a key working after its creator leaves, and reports it', async () => {
      const leaver = await createUser(app, 'leaver');
      await addToOrganization(app, tenant.owner, tenant.organizationId, leaver);
      await addToWorkspace(app, tenant.owner, tenant.workspace.id, leaver, 'ADMIN');
      const { key, apiKey } = await createKey(['workspace:read'], { by: leaver, name: 'Left behind' });
      await app.ok(RemoveWorkspaceMemberDocument, { input: { workspaceId: tenant.workspace.id, userId: leaver.id } }, { token: tenant.owner.token });

      expect(errorCode(await readWorkspace(key))).toBe('OK');
      const { workspace } = await app.ok(WorkspaceApiKeysDocument, { id: tenant.workspace.id }, { token: tenant.owner.token });
      expect(workspace.apiKeys.find((k) => k.id === apiKey.id)).toMatchObject({ creatorIsMember: false, createdBy: { id: leaver.id } });
      const { workspace: report } = await app.ok(WorkspaceOffboardingReportDocument, { id: tenant.workspace.id }, { token: tenant.owner.token });
      expect(report.offboardingReport.apiKeysOfFormerMembers).toEqual([{ id: apiKey.id, name: 'Left behind', creatorIsMember: false, createdBy: { id: leaver.id } }]);
      expect(errorCode(await app.request(WorkspaceOffboardingReportDocument, { id: tenant.workspace.id }, { token: tenant.editor.token }))).toBe('FORBIDDEN');
    });
  });

  describe('verifyApiKey', () => {
    it('tells a session ADMIN and a key of the same workspace everything, with one code per state', async () => {
      const { key, apiKey } = await createKey(['workspace:read', 'runs:read']);
      const { key: caller } = await createKey(['workflows:read']);
      const expected = { valid: true, code: 'VALID', kind: 'WORKSPACE', workspaceId: tenant.workspace.id, scopes: ['workspace:read', 'runs:read'], keyId: apiKey.id };
      expect((await app.ok(VerifyApiKeyDocument, { key }, { token: tenant.admin.token })).verifyApiKey).toEqual(expected);
      expect((await app.ok(VerifyApiKeyDocument, { key }, withKey(caller))).verifyApiKey).toEqual(expected);
      expect((await app.ok(VerifyApiKeyDocument, { key, requiredScopes: ['runs:read', 'runs:write'] }, withKey(caller))).verifyApiKey).toMatchObject({ valid: false, code: 'MISSING_SCOPE' });
      expect((await app.ok(VerifyApiKeyDocument, { key: mistype(key) }, withKey(caller))).verifyApiKey).toMatchObject({ valid: false, code: 'MALFORMED', keyId: null });

      await app.ok(DeactivateWorkspaceApiKeyDocument, keyInput(apiKey.id), { token: tenant.admin.token });
      expect((await app.ok(VerifyApiKeyDocument, { key }, withKey(caller))).verifyApiKey).toMatchObject({ valid: false, code: 'INACTIVE', keyId: apiKey.id });
      await app.ok(ActivateWorkspaceApiKeyDocument, keyInput(apiKey.id), { token: tenant.admin.token });
      await app.ok(RevokeWorkspaceApiKeyDocument, keyInput(apiKey.id), { token: tenant.admin.token });
      expect((await app.ok(VerifyApiKeyDocument, { key }, withKey(caller))).verifyApiKey).toMatchObject({ valid: false, code: 'REVOKED', keyId: apiKey.id });

      const bad = await app.request(VerifyApiKeyDocument, { key, requiredScopes: ['root:all'] }, withKey(caller));
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'requiredScopes' }] });
      expect(errorCode(await app.request(VerifyApiKeyDocument, { key }))).toBe('UNAUTHENTICATED');
    });

    it('leaks nothing about keys the caller could not see: NOT_FOUND with every detail null', async () => {
      const { key: foreign, apiKey: foreignKey } = await createKey(['workspace:read'], { by: other.owner, workspaceId: other.workspaceId });
      const { key: caller } = await createKey(['workspace:read']);
      const hidden = { valid: false, code: 'NOT_FOUND', kind: null, workspaceId: null, scopes: null, keyId: null };
      expect((await app.ok(VerifyApiKeyDocument, { key: foreign }, withKey(caller))).verifyApiKey).toEqual(hidden);
      // A revoked foreign key looks exactly like a valid one.
      await app.ok(RevokeWorkspaceApiKeyDocument, { input: { workspaceId: other.workspaceId, id: foreignKey.id } }, { token: other.owner.token });
      expect((await app.ok(VerifyApiKeyDocument, { key: foreign }, withKey(caller))).verifyApiKey).toEqual(hidden);
      // An editor of the workspace may not see its keys; nor may anyone see another person's personal key.
      expect((await app.ok(VerifyApiKeyDocument, { key: caller }, { token: tenant.editor.token })).verifyApiKey).toEqual(hidden);
      const { createPersonalApiKey } = await app.ok(CreatePersonalApiKeyDocument, { input: { name: 'p', expiresInDays: 5 } }, { token: tenant.viewer.token });
      issued.push(createPersonalApiKey.key);
      expect((await app.ok(VerifyApiKeyDocument, { key: createPersonalApiKey.key }, withKey(caller))).verifyApiKey).toEqual(hidden);
      expect((await app.ok(VerifyApiKeyDocument, { key: createPersonalApiKey.key }, { token: tenant.editor.token })).verifyApiKey).toEqual(hidden);
      expect((await app.ok(VerifyApiKeyDocument, { key: createPersonalApiKey.key }, { token: tenant.viewer.token })).verifyApiKey).toMatchObject({ valid: true, kind: 'PERSONAL', keyId: createPersonalApiKey.apiKey.id });
    });
  });

  describe('app credentials (seed 001)', () => {
    it('issue an App ID and a secret shown once; HTTP Basic acts as the person; rotation invalidates the old secret', async () => {
      const person = await createUser(app, 'app');
      expect((await app.ok(ViewerAppCredentialDocument, {}, { token: person.token })).viewer.appCredential).toBeNull();
      const first = (await app.ok(RotateAppSecretDocument, {}, { token: person.token })).rotateAppSecret;
      issued.push(first.appSecret);
      expect(first.appSecret).toMatch(/^gta_/);
      expect(first.appCredential).toMatchObject({ maskedSecret: `${first.appSecret.slice(0, 8)}…`, rotatedAt: null });
      const { appId } = first.appCredential;
      expect((await app.ok(WhoamiDocument, {}, basic(appId, first.appSecret))).viewer.id).toBe(person.id);
      expect((await app.ok(ViewerAppCredentialDocument, {}, { token: person.token })).viewer.appCredential).toEqual(first.appCredential);

      const second = (await app.ok(RotateAppSecretDocument, {}, { token: person.token })).rotateAppSecret;
      issued.push(second.appSecret);
      expect(second.appCredential.appId).toBe(appId);
      expect(second.appCredential.rotatedAt).not.toBeNull();
      const old = await app.request(WhoamiDocument, {}, basic(appId, first.appSecret));
      expect([errorCode(old), reasonOf(old)]).toEqual(['UNAUTHENTICATED', 'REVOKED']);
      expect((await app.ok(WhoamiDocument, {}, basic(appId, second.appSecret))).viewer.id).toBe(person.id);

      // The secret only works with its own App ID; `api-key` is the project key's username, not an App ID.
      expect(reasonOf(await app.request(WhoamiDocument, {}, basic('app_0000000000000000', second.appSecret)))).toBe('NOT_FOUND');
      const projectUser = await app.request(WhoamiDocument, {}, basic('api-key', second.appSecret));
      expect([errorCode(projectUser), reasonOf(projectUser)]).toEqual(['UNAUTHENTICATED', 'MALFORMED']);
      expect(projectUser.errors?.[0].message).toMatch(/project API key.*gtp_/);
    });
  });

  describe('audit', () => {
    it('records personal and app events on the account (no organization), workspace ones in the workspace', async () => {
      const rows = await app.infra.dataSource.query<Array<{ action: string; organization_id: string | null; risk_level: string }>>(
        `SELECT DISTINCT action, organization_id IS NULL AS account, risk_level FROM audit_event WHERE actor_id = ANY($1) AND (action LIKE 'api_key.%' OR action LIKE 'personal_api_key.%' OR action = 'app_secret.rotated')`,
        [[tenant.admin.id, tenant.viewer.id]],
      );
      const byAction = new Map(rows.map((row) => [row.action, row]));
      expect(byAction.get('personal_api_key.created')).toMatchObject({ account: true, risk_level: 'HIGH' });
      expect(byAction.get('personal_api_key.deleted')).toMatchObject({ account: true, risk_level: 'MEDIUM' });
      expect(byAction.get('api_key.created')).toMatchObject({ account: false, risk_level: 'HIGH' });
      expect(byAction.get('api_key.rotated')).toMatchObject({ account: false, risk_level: 'HIGH' });
    });
  });

  describe('fast verification', () => {
    it('1,000 requests with one key write its row at most twice ("last used" buffered)', async () => {
      const { key, apiKey } = await createKey(['workspace:read']);
      await app.services.credentials.flushLastUsed();
      const spy = jest.spyOn(app.queries, 'logQuery');
      try {
        for (let batch = 0; batch < 20; batch++) {
          await Promise.all(Array.from({ length: 50 }, () => readWorkspace(key)));
          if (batch === 10) app.clock.advance(61_000);
        }
        await app.services.credentials.flushLastUsed();
        const writes = statements(spy).filter(([sql, parameters]) => /^\s*UPDATE\s+"?api_key"?/i.test(sql) && JSON.stringify(parameters).includes(apiKey.id));
        expect(writes.length).toBeGreaterThanOrEqual(1);
        expect(writes.length).toBeLessThanOrEqual(2);
        // One read on first use, one after the clock jumped past the cache TTL; concurrent misses share it.
        expect(statements(spy).filter(([sql]) => /FROM "api_key"/.test(sql)).length).toBeLessThanOrEqual(2);
      } finally {
        spy.mockRestore();
      }
      const { workspace } = await app.ok(WorkspaceApiKeysDocument, { id: tenant.workspace.id }, { token: tenant.admin.token });
      expect(workspace.apiKeys.find((k) => k.id === apiKey.id)?.lastUsedAt).not.toBeNull();
      // A thousand real HTTP requests: on a busy 2-core machine they outlast the default 30 s.
    }, 120_000);
  });

  it('keeps no plaintext key or secret in any table', async () => {
    expect(issued.length).toBeGreaterThan(10);
    const client = new Client({ connectionString: app.infra.databaseUrl });
    await client.connect();
    try {
      const tables = await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
      for (const { tablename } of tables.rows) {
        const dump = JSON.stringify((await client.query(`SELECT * FROM "${tablename}"`)).rows);
        for (const secret of issued) {
          expect(dump).not.toContain(secret);
          // Nor the body without its prefix: only the first four characters are kept.
          expect(dump).not.toContain(secret.slice(4, 16));
        }
      }
    } finally {
      await client.end();
    }
  });
});
