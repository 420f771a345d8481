import { createTenant, createUser, createWorkspace } from '../../testing/fixtures';
import { InviteMemberDocument, UpdateWorkspaceDocument, WorkspaceAuditEventsDocument } from '../../testing/generated/graphql';
import { runJob } from '../../testing/jobs';
import { startTestApp, uniqueEmail, type TestApp } from '../../testing/test-app';
import { RETENTION_BATCH } from './retention.service';
import { RetentionJobName } from './retention.jobs';

const DAY = 86_400_000;

type Tenant = Awaited<ReturnType<typeof createTenant>>;

describe('retention', () => {
  let app: TestApp;
  let tenant: Tenant;

  beforeAll(async () => {
    app = await startTestApp({ worker: true, env: { RETENTION_FLOOR_DAYS: '30' } });
    tenant = await createTenant(app);
  });
  afterAll(() => app.stop());

  const auditActions = async (workspaceId: string, actions: string[]) =>
    (await app.ok(WorkspaceAuditEventsDocument, { id: workspaceId, first: 100, filter: { actions } }, { token: tenant.owner.token })).workspace.auditEvents.edges.map((edge) => edge.node);

  describe('lowering dataRetentionDays', () => {
    it('needs confirm: true, naming confirm otherwise, and records a HIGH-risk event', async () => {
      const ws = tenant.workspace.id;
      const refused = await app.request(UpdateWorkspaceDocument, { input: { workspaceId: ws, dataRetentionDays: 60 } }, { token: tenant.admin.token });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'confirm' }] });
      expect(await auditActions(ws, ['workspace.retention_lowered'])).toHaveLength(0);

      const { updateWorkspace } = await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: ws, dataRetentionDays: 60, confirm: true } }, { token: tenant.admin.token });
      expect(updateWorkspace.workspace.dataRetentionDays).toBe(60);
      const [lowered] = await auditActions(ws, ['workspace.retention_lowered']);
      expect(lowered).toMatchObject({ riskLevel: 'HIGH', actor: { id: tenant.admin.id }, metadata: { before: { dataRetentionDays: 90 }, after: { dataRetentionDays: 60 } } });

      // Raising it, or sending the current value, needs no confirmation.
      await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: ws, dataRetentionDays: 120 } }, { token: tenant.admin.token });
      await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: ws, dataRetentionDays: 120 } }, { token: tenant.admin.token });
      expect(await auditActions(ws, ['workspace.retention_lowered'])).toHaveLength(1);
    });
  });

  describe('the daily job', () => {
    it('deletes each workspace’s audit events and notifications past its retention in batches, keeps newer ones and never goes below the floor', async () => {
      const db = app.infra.dataSource;
      const now = app.clock.now();
      const short = (await createWorkspace(app, tenant.owner, tenant.organizationId)).id;
      const belowFloor = (await createWorkspace(app, tenant.owner, tenant.organizationId)).id;
      await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: short, dataRetentionDays: 30, confirm: true } }, { token: tenant.owner.token });
      // As if the floor was raised after this workspace chose 5 days.
      await db.query('UPDATE workspace SET data_retention_days = 5 WHERE id = $1', [belowFloor]);

      const seed = (workspaceId: string, count: number, daysAgo: number) =>
        db.query(
          `INSERT INTO audit_event (occurred_at, organization_id, workspace_id, actor_type, action, risk_level, target_type)
           SELECT $1::timestamptz - (n || ' seconds')::interval, $2, $3, 'SYSTEM', 'seeded.event', 'LOW', 'workspace' FROM generate_series(1, $4) AS n`,
          [new Date(now.getTime() - daysAgo * DAY), tenant.organizationId, workspaceId, count],
        );
      // More than two batches of old events, with erasable display rows that must go with them.
      await seed(short, 2 * RETENTION_BATCH + 7, 31);
      await db.query(`INSERT INTO audit_actor_display (event_id, name) SELECT id, 'Old' FROM audit_event WHERE workspace_id = $1 AND action = 'seeded.event'`, [short]);
      await seed(short, 3, 29);
      await seed(belowFloor, 4, 31);
      await seed(belowFloor, 2, 10);

      const notification = (workspaceId: string, daysAgo: number) =>
        db.query(
          `WITH event AS (INSERT INTO notification_event (workspace_id, type, title, body, occurred_at, fingerprint, created_at) VALUES ($1, 'run_failed', 't', 'b', $2, 'f', $2) RETURNING id)
           INSERT INTO notification_delivery (workspace_id, event_id, event_type, channel, target_id, target_label, status) SELECT $1, id, 'run_failed', 'EMAIL', $1, 'x', 'DELIVERED' FROM event`,
          [workspaceId, new Date(now.getTime() - daysAgo * DAY)],
        );
      await notification(short, 31);
      await notification(short, 29);

      const result = (await runJob(app.infra.queues.maintenance, RetentionJobName.Apply, { at: now.toISOString() })) as { auditEventsDeleted: number; notificationEventsDeleted: number };
      expect(result.auditEventsDeleted).toBeGreaterThanOrEqual(2 * RETENTION_BATCH + 7 + 4);
      expect(result.notificationEventsDeleted).toBeGreaterThanOrEqual(1);
      const notifications = await db.query('SELECT count(*)::int AS events, (SELECT count(*)::int FROM notification_delivery WHERE workspace_id = $1) AS deliveries FROM notification_event WHERE workspace_id = $1', [short]);
      expect(notifications).toEqual([{ events: 1, deliveries: 1 }]);

      const count = async (workspaceId: string) =>
        Number((await db.query(`SELECT count(*) FROM audit_event WHERE workspace_id = $1 AND action = 'seeded.event'`, [workspaceId]))[0].count);
      expect(await count(short)).toBe(3);
      expect(await count(belowFloor)).toBe(2);
      const [{ displays }] = await db.query(`SELECT count(*)::int AS displays FROM audit_actor_display WHERE name = 'Old'`);
      expect(displays).toBe(0);
      // Today's events (the workspaces' own creation, the retention change) are untouched.
      expect((await auditActions(short, ['workspace.created', 'workspace.retention_lowered'])).length).toBe(2);
    });

    it('purges expired and signed-out sessions, expired reset tokens and expired invitations, and nothing still usable', async () => {
      const db = app.infra.dataSource;
      const person = await createUser(app, 'purged');
      const live = await createUser(app, 'live');
      await db.query("UPDATE session SET expires_at = now() - interval '1 day' WHERE user_id = $1", [person.id]);
      await db.query("INSERT INTO password_reset_token (user_id, token_hash, expires_at) VALUES ($1, repeat('a', 64), now() - interval '1 hour'), ($1, repeat('b', 64), now() + interval '1 hour')", [person.id]);
      const { inviteMember } = await app.ok(InviteMemberDocument, { input: { workspaceId: tenant.workspace.id, email: uniqueEmail('late'), role: 'VIEWER' } }, { token: tenant.owner.token });
      await db.query("UPDATE invitation SET expires_at = now() - interval '1 day' WHERE id = $1", [inviteMember.invitation.id]);

      const result = (await runJob(app.infra.queues.maintenance, RetentionJobName.Apply, { at: app.clock.now().toISOString() })) as { credentialsPurged: Record<string, number> };
      expect(result.credentialsPurged).toEqual({ sessions: expect.any(Number), resetTokens: expect.any(Number), invitations: expect.any(Number) });
      const counts = async () =>
        (
          await db.query(
            `SELECT (SELECT count(*)::int FROM session WHERE user_id = $1) AS expired_sessions, (SELECT count(*)::int FROM session WHERE user_id = $2) AS live_sessions,
                    (SELECT count(*)::int FROM password_reset_token WHERE user_id = $1) AS reset_tokens, (SELECT count(*)::int FROM invitation WHERE id = $3) AS invitation`,
            [person.id, live.id, inviteMember.invitation.id],
          )
        )[0];
      expect(await counts()).toEqual({ expired_sessions: 0, live_sessions: 1, reset_tokens: 1, invitation: 0 });
    });
  });
});
