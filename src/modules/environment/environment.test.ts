import { createTenant } from '../../testing/fixtures';
import { CreateEnvironmentDocument, DeleteEnvironmentDocument, RenameEnvironmentDocument, ReplaceEnvironmentsDocument, WorkspaceEnvironmentsDocument } from '../../testing/generated/graphql';
import { errorCode, errorFields, startTestApp, type TestApp } from '../../testing/test-app';
import { auditEvents, workspaceKey } from '../../testing/workspace-admin-helpers';

describe('environments', () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await createTenant(app);
  });
  afterAll(() => app.stop());

  const list = async (token: string) => (await app.ok(WorkspaceEnvironmentsDocument, { id: tenant.workspace.id }, { token })).workspace.environments;
  const create = (name: string, token = tenant.admin.token) => app.request(CreateEnvironmentDocument, { input: { workspaceId: tenant.workspace.id, name } }, { token });

  it('gives a new workspace production, protected', async () => {
    expect(await list(tenant.viewer.token)).toEqual([{ id: expect.any(String), name: 'production', protected: true }]);
  });

  it('lets an ADMIN add, rename and delete custom environments, each change audited with before and after', async () => {
    const created = (await create('staging')).data!.createEnvironment.environment;
    expect(created).toMatchObject({ name: 'staging', protected: false });
    const renamed = await app.ok(RenameEnvironmentDocument, { input: { workspaceId: tenant.workspace.id, id: created.id, name: 'qa-1' } }, { token: tenant.admin.token });
    expect(renamed.renameEnvironment.environment.name).toBe('qa-1');
    expect((await list(tenant.editor.token)).map((env) => env.name)).toEqual(['production', 'qa-1']);
    await app.ok(DeleteEnvironmentDocument, { input: { workspaceId: tenant.workspace.id, id: created.id } }, { token: tenant.owner.token });
    expect((await list(tenant.admin.token)).map((env) => env.name)).toEqual(['production']);

    const events = await auditEvents(app, { workspaceId: tenant.workspace.id }, 'workspace.environment_updated');
    expect(events.map((event) => event.metadata)).toEqual([
      { before: null, after: { name: 'staging' } },
      { before: { name: 'staging' }, after: { name: 'qa-1' } },
      { before: { name: 'qa-1' }, after: null },
    ]);
    expect(events[0].actor_id).toBe(tenant.admin.id);
  });

  it('replaces the whole list by name: creates the missing, deletes the rest, keeps the ids of those kept, each change audited', async () => {
    const replace = (names: string[], token = tenant.admin.token) => app.request(ReplaceEnvironmentsDocument, { input: { workspaceId: tenant.workspace.id, names } }, { token });
    const before = (await auditEvents(app, { workspaceId: tenant.workspace.id }, 'workspace.environment_updated')).length;
    const first = (await replace(['production', 'staging', 'dev'])).data!.replaceEnvironments.environments;
    expect(first.map((env) => env.name)).toEqual(['production', 'dev', 'staging']);
    const second = (await replace(['production', 'staging', 'qa'])).data!.replaceEnvironments.environments;
    expect(second.map((env) => env.name)).toEqual(['production', 'qa', 'staging']);
    expect(second.find((env) => env.name === 'staging')!.id).toBe(first.find((env) => env.name === 'staging')!.id);
    expect(await list(tenant.viewer.token)).toEqual(second);
    const changes = (await auditEvents(app, { workspaceId: tenant.workspace.id }, 'workspace.environment_updated')).slice(before).map((event) => event.metadata);
    expect(changes).toEqual([
      { before: null, after: { name: 'staging' } },
      { before: null, after: { name: 'dev' } },
      { before: { name: 'dev' }, after: null },
      { before: null, after: { name: 'qa' } },
    ]);

    const withoutProduction = await replace(['staging']);
    expect(errorCode(withoutProduction)).toBe('CONFLICT');
    expect(errorCode(await replace(['production', 'staging', 'staging']))).toBe('BAD_USER_INPUT');
    expect(errorCode(await replace(['production'], tenant.editor.token))).toBe('FORBIDDEN');
    expect(await list(tenant.viewer.token)).toEqual(second);
    await replace(['production']);
  });

  it('never renames or deletes production, nor makes a second one', async () => {
    const [production] = await list(tenant.admin.token);
    const rename = await app.request(RenameEnvironmentDocument, { input: { workspaceId: tenant.workspace.id, id: production.id, name: 'prod' } }, { token: tenant.admin.token });
    expect([errorCode(rename), rename.errors?.[0].extensions?.reason]).toEqual(['CONFLICT', 'PRODUCTION_PROTECTED']);
    const remove = await app.request(DeleteEnvironmentDocument, { input: { workspaceId: tenant.workspace.id, id: production.id } }, { token: tenant.owner.token });
    expect([errorCode(remove), remove.errors?.[0].extensions?.reason]).toEqual(['CONFLICT', 'PRODUCTION_PROTECTED']);
    const second = await create('production');
    expect([errorCode(second), errorFields(second)]).toEqual(['CONFLICT', ['name']]);
    expect(await list(tenant.admin.token)).toEqual([production]);
  });

  it('refuses a bad or taken name, naming the field, and changes nothing', async () => {
    for (const name of ['', 'Staging', 'has space', 'a'.repeat(33), '-lead']) {
      const result = await create(name);
      expect([name, errorCode(result), errorFields(result)]).toEqual([name, 'BAD_USER_INPUT', ['name']]);
    }
    expect(errorCode(await create('a'.repeat(32)))).toBe('OK');
    const [first, second] = await Promise.all([create('dev'), create('dev')]);
    expect([errorCode(first), errorCode(second)].sort()).toEqual(['CONFLICT', 'OK']);
    expect((await list(tenant.admin.token)).filter((env) => env.name === 'dev')).toHaveLength(1);
  });

  it('is read by every role and by keys with workspace:read; written by ADMINs and keys with workspace:write only', async () => {
    expect(errorCode(await create('editor-env', tenant.editor.token))).toBe('FORBIDDEN');
    expect(errorCode(await create('viewer-env', tenant.viewer.token))).toBe('FORBIDDEN');
    expect(errorCode(await create('outsider-env', tenant.outsider.token))).toBe('NOT_FOUND');
    const reader = await workspaceKey(app, tenant.admin, tenant.workspace.id, ['workspace:read']);
    const writer = await workspaceKey(app, tenant.admin, tenant.workspace.id, ['workspace:write']);
    expect(errorCode(await app.request(WorkspaceEnvironmentsDocument, { id: tenant.workspace.id }, { headers: reader.headers }))).toBe('OK');
    expect(errorCode(await app.request(WorkspaceEnvironmentsDocument, { id: tenant.workspace.id }, { headers: writer.headers }))).toBe('FORBIDDEN');
    expect(errorCode(await app.request(CreateEnvironmentDocument, { input: { workspaceId: tenant.workspace.id, name: 'by-reader' } }, { headers: reader.headers }))).toBe('FORBIDDEN');
    expect(errorCode(await app.request(CreateEnvironmentDocument, { input: { workspaceId: tenant.workspace.id, name: 'by-writer' } }, { headers: writer.headers }))).toBe('OK');
  });
});
