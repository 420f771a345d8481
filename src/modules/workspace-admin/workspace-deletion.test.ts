import { createTenant } from '../../testing/fixtures';
import {
  CreateEnvironmentDocument,
  CreateModelIntegrationDocument,
  DeleteWorkspaceDocument,
  InviteMemberDocument,
  WorkspaceDocument,
  WorkspaceEnvironmentsDocument,
} from '../../testing/generated/graphql';
import { errorCode, errorFields, startTestApp, uniqueEmail, type TestApp } from '../../testing/test-app';
import { auditEvents, workspaceKey } from '../../testing/workspace-admin-helpers';

describe('deleting a workspace', () => {
  let app: TestApp;
  /** A second API process on the same database and Redis channel, with its own key cache. */
  let other: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
    other = await startTestApp({ env: { REDIS_PREFIX: app.infra.config.redisPrefix } });
  });
  afterAll(async () => {
    await other.stop();
    await app.stop();
  });

  /** Every table with a workspace_id column, and how many of its rows name this workspace. */
  async function rowsOf(workspaceId: string): Promise<Record<string, number>> {
    const db = app.infra.dataSource;
    const tables: Array<{ table_name: string }> = await db.query("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'workspace_id'");
    const counts: Record<string, number> = {};
    for (const { table_name } of tables) [{ count: counts[table_name] }] = await db.query(`SELECT count(*)::int AS count FROM "${table_name}" WHERE workspace_id = $1`, [workspaceId]);
    [{ count: counts.workspace }] = await db.query('SELECT count(*)::int AS count FROM workspace WHERE id = $1', [workspaceId]);
    return counts;
  }

  it('needs the exact slug, an ADMIN, and changes nothing otherwise', async () => {
    const tenant = await createTenant(app);
    const key = await workspaceKey(app, tenant.admin, tenant.workspace.id, ['workspace:write']);
    const attempt = (confirmSlug: string, options: Parameters<TestApp['request']>[2]) => app.request(DeleteWorkspaceDocument, { input: { id: tenant.workspace.id, confirmSlug } }, options);
    const wrong = await attempt(`${tenant.workspace.slug}x`, { token: tenant.admin.token });
    expect([errorCode(wrong), errorFields(wrong)]).toEqual(['BAD_USER_INPUT', ['confirmSlug']]);
    expect(errorCode(await attempt(tenant.workspace.slug, { token: tenant.editor.token }))).toBe('FORBIDDEN');
    expect(errorCode(await attempt(tenant.workspace.slug, { token: tenant.viewer.token }))).toBe('FORBIDDEN');
    expect(errorCode(await attempt(tenant.workspace.slug, { token: tenant.outsider.token }))).toBe('NOT_FOUND');
    expect(errorCode(await attempt(tenant.workspace.slug, { headers: key.headers }))).toBe('FORBIDDEN');
    expect((await rowsOf(tenant.workspace.id)).workspace).toBe(1);
  });

  it('removes every row of the workspace, keeps an organization-level workspace.deleted, and its keys fail on every API process', async () => {
    const tenant = await createTenant(app);
    const workspaceId = tenant.workspace.id;
    const key = await workspaceKey(app, tenant.admin, workspaceId, ['workspace:read']);
    await app.ok(InviteMemberDocument, { input: { workspaceId, email: uniqueEmail('invitee'), role: 'VIEWER' } }, { token: tenant.admin.token });
    await app.ok(CreateEnvironmentDocument, { input: { workspaceId, name: 'staging' } }, { token: tenant.admin.token });
    await app.ok(CreateModelIntegrationDocument, { input: { workspaceId, provider: 'OPENAI', name: 'Model', credential: 'sk-delete-me-0000' } }, { token: tenant.admin.token });
    // More audit events than one batch would be slow to make through the API; their number is what matters here.
    await app.infra.dataSource.query(
      `INSERT INTO audit_event (occurred_at, organization_id, workspace_id, actor_type, action, risk_level, target_type)
       SELECT now(), $1, $2, 'SYSTEM', 'workspace.updated', 'LOW', 'workspace' FROM generate_series(1, 12000)`,
      [tenant.organizationId, workspaceId],
    );
    // Both processes have the key cached as valid.
    for (const server of [app, other]) expect(errorCode(await server.request(WorkspaceEnvironmentsDocument, { id: workspaceId }, { headers: key.headers }))).toBe('OK');
    const before = await rowsOf(workspaceId);
    expect(before).toMatchObject({ workspace: 1, workspace_membership: 3, api_key: 1, invitation: 1, environment: 2, model_integration: 1 });
    expect(before.audit_event).toBeGreaterThan(12000);

    const deleted = await app.ok(DeleteWorkspaceDocument, { input: { id: workspaceId, confirmSlug: tenant.workspace.slug } }, { token: tenant.admin.token });
    expect(deleted.deleteWorkspace).toEqual({ id: workspaceId, organizationId: tenant.organizationId });

    expect(Object.entries(await rowsOf(workspaceId)).filter(([, count]) => count > 0)).toEqual([]);
    for (const server of [app, other]) {
      const refused = await server.request(WorkspaceEnvironmentsDocument, { id: workspaceId }, { headers: key.headers });
      expect(errorCode(refused)).toBe('UNAUTHENTICATED');
    }
    expect(errorCode(await app.request(WorkspaceDocument, { id: workspaceId }, { token: tenant.owner.token }))).toBe('NOT_FOUND');
    const [event] = await auditEvents(app, { organizationId: tenant.organizationId }, 'workspace.deleted');
    expect(event).toMatchObject({ actor_id: tenant.admin.id, risk_level: 'CRITICAL', workspace_id: null, metadata: { slug: tenant.workspace.slug, apiKeysRevoked: 1 } });
    expect(event.metadata.auditEventsDeleted).toBe(before.audit_event);
  });
});
