import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/actor';
import {
  AcceptInvitationDocument,
  CreateWorkspaceApiKeyDocument,
  EraseMemberDocument,
  InviteMemberDocument,
  UpdateWorkspaceDocument,
  UpdateWorkspaceMemberRoleDocument,
  WorkspaceAuditEventsDocument,
  WorkspaceDocument,
} from '../../testing/generated/graphql';
import { addToOrganization, addToWorkspace, createTenant, createUser, createWorkspace, type TestUser } from '../../testing/fixtures';
import { type TestApp, errorCode, startTestApp, uniqueEmail } from '../../testing/test-app';
import { ERASURE_BATCH_SIZE } from './member-erasure.service';

type Tenant = Awaited<ReturnType<typeof createTenant>>;


describe('GDPR erasure of a member', () => {
  let app: TestApp;
  let tenant: Tenant;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    tenant = await createTenant(app);
  });
  afterAll(() => app.stop());

  /** Every column of every event of the workspace, display row included, as lower-case text. */
  const rowsOf = async (workspaceId: string): Promise<string[]> =>
    (
      await app.infra.dataSource.query(
        `SELECT lower(row_to_json(e)::text || coalesce(row_to_json(d)::text, '')) AS text
           FROM audit_event e LEFT JOIN audit_actor_display d ON d.event_id = e.id WHERE e.workspace_id = $1`,
        [workspaceId],
      )
    ).map((row: { text: string }) => row.text);

  const mentioning = (rows: string[], person: TestUser) => rows.filter((row) => row.includes(person.id) || row.includes(person.email.toLowerCase()));

  it('tombstones every event of the person in that workspace, leaves no trace of them there, and none elsewhere is touched', async () => {
    const ws = tenant.workspace.id;
    const other = await createWorkspace(app, tenant.owner, tenant.organizationId);
    // The person joins by invitation (their email lands in member.invited), acts as ADMIN, is re-roled by others.
    const person = await createUser(app, 'erasable');
    await app.ok(InviteMemberDocument, { input: { workspaceId: ws, email: person.email, role: 'ADMIN' } }, { token: tenant.admin.token });
    const mail = await app.smtp!.waitFor((m) => m.to.includes(person.email));
    const token = /invitations\/(gti_\w+)/.exec(mail.text)![1];
    await app.ok(AcceptInvitationDocument, { input: { token } }, { token: person.token });
    await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: ws, description: 'edited by the person' } }, { token: person.token });
    await app.ok(InviteMemberDocument, { input: { workspaceId: ws, email: uniqueEmail('friend'), role: 'VIEWER' } }, { token: person.token });
    await app.ok(UpdateWorkspaceMemberRoleDocument, { input: { workspaceId: ws, userId: person.id, role: 'EDITOR' } }, { token: tenant.admin.token });
    await addToWorkspace(app, tenant.owner, other.id, person, 'ADMIN');
    await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: other.id, description: 'edited elsewhere' } }, { token: person.token });

    const before = mentioning(await rowsOf(ws), person).length;
    expect(before).toBeGreaterThanOrEqual(6);
    const elsewhere = await rowsOf(other.id);

    const { eraseMember } = await app.ok(EraseMemberDocument, { input: { workspaceId: ws, userId: person.id } }, { token: tenant.admin.token });
    expect(eraseMember).toEqual({ workspaceId: ws, erasedEvents: before, membershipRemoved: true });

    const after = await rowsOf(ws);
    expect(mentioning(after, person)).toEqual([]);
    // The person's own actions keep their shape, under one tombstone, without IP or user agent.
    const tombstoned: Array<{ actor_id: string; ip: string | null; display: string | null }> = await app.infra.dataSource.query(
      `SELECT e.actor_id, e.ip, d.name AS display FROM audit_event e LEFT JOIN audit_actor_display d ON d.event_id = e.id
        WHERE e.workspace_id = $1 AND e.actor_id LIKE 'erased:%'`,
      [ws],
    );
    expect(tombstoned.length).toBeGreaterThanOrEqual(3);
    expect(new Set(tombstoned.map((row) => row.actor_id)).size).toBe(1);
    expect(tombstoned.every((row) => row.ip === null && row.display === null)).toBe(true);
    expect(await app.infra.dataSource.query('SELECT 1 FROM invitation WHERE workspace_id = $1 AND (email_normalized = $2 OR invited_by_id = $3)', [ws, person.email.toLowerCase(), person.id])).toEqual([]);
    // Other workspaces are not this erasure's business.
    expect(await rowsOf(other.id)).toEqual(elsewhere);
    expect(mentioning(elsewhere, person).length).toBeGreaterThan(0);

    const { edges } = (await app.ok(WorkspaceAuditEventsDocument, { id: ws, first: 5, filter: { actions: ['member.erased'] } }, { token: tenant.admin.token })).workspace.auditEvents;
    expect(edges).toHaveLength(1);
    expect(edges[0].node).toMatchObject({ riskLevel: 'CRITICAL', actor: { id: tenant.admin.id }, target: { type: 'user', id: tombstoned[0].actor_id }, metadata: { eventsErased: before, membershipRemoved: true, role: 'EDITOR' } });

    // Access ended; nothing links the person to the workspace any more, so a second call is NOT_FOUND and changes nothing.
    expect(errorCode(await app.request(WorkspaceDocument, { id: ws }, { token: person.token }))).toBe('NOT_FOUND');
    expect(errorCode(await app.request(EraseMemberDocument, { input: { workspaceId: ws, userId: person.id } }, { token: tenant.admin.token }))).toBe('NOT_FOUND');
    expect(await rowsOf(ws)).toEqual(after);
  });

  it('erases only a person of the workspace: a key id, the workspace id or a stranger is NOT_FOUND, and a longer address containing theirs is kept', async () => {
    const ws = await createWorkspace(app, tenant.owner, tenant.organizationId);
    const person = await createUser(app, 'exact');
    const lookalike = await createUser(app, `x${person.email.split('@')[0]}`);
    lookalike.email = `x${person.email}`;
    await app.infra.dataSource.query('UPDATE "user" SET email = $1, email_normalized = $1 WHERE id = $2', [lookalike.email, lookalike.id]);
    for (const member of [person, lookalike]) {
      await addToOrganization(app, tenant.owner, tenant.organizationId, member);
      await addToWorkspace(app, tenant.owner, ws.id, member, 'ADMIN');
    }
    const { createWorkspaceApiKey } = await app.ok(CreateWorkspaceApiKeyDocument, { input: { workspaceId: ws.id, name: 'ci', scopes: ['workspace:write'] } }, { token: tenant.owner.token });
    await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: ws.id, description: 'by the key' } }, { headers: { 'x-api-key': createWorkspaceApiKey.key } });
    await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: ws.id, description: 'by the lookalike' } }, { token: lookalike.token });
    const before = await rowsOf(ws.id);

    const stranger = await createUser(app, 'stranger');
    for (const id of [createWorkspaceApiKey.apiKey.id, ws.id, stranger.id, randomUUID()]) {
      expect(errorCode(await app.request(EraseMemberDocument, { input: { workspaceId: ws.id, userId: id } }, { token: tenant.owner.token }))).toBe('NOT_FOUND');
    }
    expect(await rowsOf(ws.id)).toEqual(before);

    await app.ok(EraseMemberDocument, { input: { workspaceId: ws.id, userId: person.id } }, { token: tenant.owner.token });
    const after = await rowsOf(ws.id);
    expect(after.filter((row) => row.includes(`x${person.email}`.toLowerCase()))).toEqual(before.filter((row) => row.includes(`x${person.email}`.toLowerCase())));
    expect(after.filter((row) => row.includes(createWorkspaceApiKey.apiKey.id))).toEqual(before.filter((row) => row.includes(createWorkspaceApiKey.apiKey.id)));
  });

  it('is for admins only, not of oneself and not of an organization owner', async () => {
    const ws = tenant.workspace.id;
    expect(errorCode(await app.request(EraseMemberDocument, { input: { workspaceId: ws, userId: tenant.viewer.id } }, { token: tenant.editor.token }))).toBe('FORBIDDEN');
    expect(errorCode(await app.request(EraseMemberDocument, { input: { workspaceId: ws, userId: tenant.viewer.id } }, { token: tenant.outsider.token }))).toBe('NOT_FOUND');
    expect(await app.request(EraseMemberDocument, { input: { workspaceId: ws, userId: tenant.admin.id } }, { token: tenant.admin.token })).toMatchObject({ errors: [{ extensions: { code: 'CONFLICT', reason: 'self erasure' } }] });
    expect(await app.request(EraseMemberDocument, { input: { workspaceId: ws, userId: tenant.owner.id } }, { token: tenant.admin.token })).toMatchObject({ errors: [{ extensions: { code: 'CONFLICT', reason: 'organization owner' } }] });
  });

  it(`rewrites 20,000 events in batches of ${ERASURE_BATCH_SIZE}, one transaction each`, async () => {
    const ws = await createWorkspace(app, tenant.owner, tenant.organizationId);
    const other = await createWorkspace(app, tenant.owner, tenant.organizationId);
    const person = await createUser(app, 'prolific');
    await addToOrganization(app, tenant.owner, tenant.organizationId, person);
    await addToWorkspace(app, tenant.owner, ws.id, person, 'EDITOR');
    // Seeded with SQL: 20,000 of the person's own events with display rows, plus some in another workspace.
    const seed = async (workspaceId: string, count: number) =>
      app.infra.dataSource.query(
        `WITH events AS (
           INSERT INTO audit_event (occurred_at, organization_id, workspace_id, actor_type, actor_id, action, risk_level, target_type, target_id, metadata, ip, user_agent)
           SELECT now() - n * interval '1 second', $1, $2, 'USER', $3, 'workflow.updated', 'LOW', 'workflow', $5, jsonb_build_object('by', $4::text, 'n', n), '10.0.0.1', 'Seeder'
             FROM generate_series(1, $6::int) n
           RETURNING id)
         INSERT INTO audit_actor_display (event_id, name, email) SELECT id, $7, $4 FROM events`,
        [tenant.organizationId, workspaceId, person.id, person.email, randomUUID(), count, person.name],
      );
    await seed(ws.id, 20_000);
    await seed(other.id, 50);
    const mentions = mentioning(await rowsOf(ws.id), person).length;
    expect(mentions).toBe(20_001); // the seeded events and member.added

    const actor: Actor = { principal: { type: 'user', userId: tenant.owner.id, via: 'session', credentialId: randomUUID() }, ip: '127.0.0.1', userAgent: 'test' };
    const result = await app.services.memberErasure.erase(actor, ws.id, person.id);
    expect(result).toEqual({ erasedEvents: mentions, batches: Math.ceil(mentions / ERASURE_BATCH_SIZE), membershipRemoved: true });
    expect(mentioning(await rowsOf(ws.id), person)).toEqual([]);
    expect(mentioning(await rowsOf(other.id), person)).toHaveLength(50);
    // Display rows are kept only outside the erased workspace: the other one, and the organization's own events (accepting its invitation).
    const [{ displays }] = await app.infra.dataSource.query(
      'SELECT count(*)::int AS displays FROM audit_actor_display d JOIN audit_event e ON e.id = d.event_id WHERE d.email = $1 AND e.workspace_id IS DISTINCT FROM $2',
      [person.email, ws.id],
    );
    const [{ remaining }] = await app.infra.dataSource.query('SELECT count(*)::int AS remaining FROM audit_actor_display d JOIN audit_event e ON e.id = d.event_id WHERE d.email = $1 AND e.workspace_id = $2', [person.email, ws.id]);
    expect([displays, remaining]).toEqual([52, 0]);
  });
});
