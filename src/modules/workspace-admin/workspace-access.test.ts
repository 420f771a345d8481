import { addToOrganization, addToWorkspace, createTenant, createUser } from '../../testing/fixtures';
import { RemoveWorkspaceMemberDocument, UpdateWorkspaceMemberRoleDocument, WorkspaceAccessDocument } from '../../testing/generated/graphql';
import { errorCode, startTestApp, type TestApp } from '../../testing/test-app';
import { workspaceKey } from '../../testing/workspace-admin-helpers';

describe('who has access', () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await createTenant(app);
  });
  afterAll(() => app.stop());

  const access = async (token: string) => (await app.ok(WorkspaceAccessDocument, { id: tenant.workspace.id }, { token })).workspace.access;

  it('lists members and, once each, organization owners as implicit ADMINs with the reason', async () => {
    const coOwner = await createUser(app, 'coowner');
    await addToOrganization(app, tenant.owner, tenant.organizationId, coOwner, 'OWNER');
    // An owner who is also an explicit VIEWER is listed once, with the role they effectively hold.
    await addToWorkspace(app, tenant.owner, tenant.workspace.id, coOwner, 'VIEWER');
    const entries = await access(tenant.viewer.token);
    const byUser = Object.fromEntries(entries.map((entry) => [entry.userId, entry]));
    expect(entries).toHaveLength(5);
    for (const owner of [tenant.owner, coOwner]) expect(byUser[owner.id]).toMatchObject({ role: 'ADMIN', implicit: true, reason: expect.stringContaining('organization owner') });
    expect(byUser[tenant.editor.id]).toMatchObject({ role: 'EDITOR', implicit: false, reason: null, user: { email: tenant.editor.email } });
    expect(byUser[tenant.outsider.id]).toBeUndefined();
    const key = await workspaceKey(app, tenant.admin, tenant.workspace.id, ['workspace:read']);
    expect(errorCode(await app.request(WorkspaceAccessDocument, { id: tenant.workspace.id }, { headers: key.headers }))).toBe('OK');
  });

  it('refuses to remove or demote an implicit ADMIN, saying why', async () => {
    const input = { workspaceId: tenant.workspace.id, userId: tenant.owner.id };
    const removed = await app.request(RemoveWorkspaceMemberDocument, { input }, { token: tenant.admin.token });
    expect([errorCode(removed), removed.errors?.[0].extensions?.reason]).toEqual(['CONFLICT', 'IMPLICIT_ADMIN']);
    expect(removed.errors?.[0].message).toMatch(/owner of the organization/);
    const demoted = await app.request(UpdateWorkspaceMemberRoleDocument, { input: { ...input, role: 'VIEWER' } }, { token: tenant.admin.token });
    expect([errorCode(demoted), demoted.errors?.[0].extensions?.reason]).toEqual(['CONFLICT', 'IMPLICIT_ADMIN']);
    expect((await access(tenant.admin.token)).find((entry) => entry.userId === tenant.owner.id)).toMatchObject({ role: 'ADMIN', implicit: true });
  });
});
