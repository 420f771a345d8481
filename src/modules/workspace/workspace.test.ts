import {
  AddWorkspaceMemberDocument,
  RemoveOrganizationMemberDocument,
  RemoveWorkspaceMemberDocument,
  UpdateWorkspaceDocument,
  UpdateWorkspaceMemberRoleDocument,
  WorkspaceAuditEventsDocument,
  WorkspaceConnectionInfoDocument,
  WorkspaceDocument,
  WorkspaceMembersDocument,
  CreateWorkspaceDocument,
} from '../../testing/generated/graphql';
import { addToOrganization, createTenant, createUser, uniqueSlug, type TestUser } from '../../testing/fixtures';
import { type GraphQLResult, type TestApp, errorCode, errorFields, startTestApp } from '../../testing/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;
type Caller = 'owner' | 'admin' | 'editor' | 'viewer' | 'outsider' | 'stranger';


describe('workspaces, members and the permission matrix', () => {
  let app: TestApp;
  let tenant: Tenant;
  let stranger: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await createTenant(app);
    stranger = await createUser(app, 'stranger');
  });
  afterAll(() => app.stop());

  const token = (caller: Caller) => (caller === 'stranger' ? stranger : tenant[caller]).token;

  // DESIGN.md's workspace matrix, row by row, for every caller. Org owners are implicit ADMINs.
  // `outsider` belongs to the organization but not the workspace; `stranger` to neither: both learn nothing.
  const matrix: Array<{ row: string; run: (t: string) => Promise<GraphQLResult<unknown>>; allowed: Caller[] }> = [
    { row: 'workspace settings: read', run: (t) => app.request(WorkspaceDocument, { id: tenant.workspace.id }, { token: t }), allowed: ['owner', 'admin', 'editor', 'viewer'] },
    { row: 'connection info: read', run: (t) => app.request(WorkspaceConnectionInfoDocument, { id: tenant.workspace.id }, { token: t }), allowed: ['owner', 'admin', 'editor', 'viewer'] },
    { row: 'workspace settings: write', run: (t) => app.request(UpdateWorkspaceDocument, { input: { workspaceId: tenant.workspace.id, description: `set at ${Date.now()}` } }, { token: t }), allowed: ['owner', 'admin'] },
    { row: 'members: list', run: (t) => app.request(WorkspaceMembersDocument, { id: tenant.workspace.id }, { token: t }), allowed: ['owner', 'admin', 'editor', 'viewer'] },
    // Changing the viewer's role to the role it already has: allowed callers succeed without changing anything.
    { row: 'members: change role', run: (t) => app.request(UpdateWorkspaceMemberRoleDocument, { input: { workspaceId: tenant.workspace.id, userId: tenant.viewer.id, role: 'VIEWER' } }, { token: t }), allowed: ['owner', 'admin'] },
    { row: 'audit log: read', run: (t) => app.request(WorkspaceAuditEventsDocument, { id: tenant.workspace.id }, { token: t }), allowed: ['owner', 'admin'] },
  ];

  describe.each(matrix)('$row', ({ run, allowed }) => {
    it.each<Caller>(['owner', 'admin', 'editor', 'viewer', 'outsider', 'stranger'])('as %s', async (caller) => {
      const expected = allowed.includes(caller) ? 'OK' : caller === 'outsider' || caller === 'stranger' ? 'NOT_FOUND' : 'FORBIDDEN';
      expect(errorCode(await run(token(caller)))).toBe(expected);
    });
  });

  it('adds, re-roles and removes members, each taking effect on the next request', async () => {
    const person = await createUser(app, 'joiner');
    await addToOrganization(app, tenant.owner, tenant.organizationId, person);
    const ws = tenant.workspace.id;
    expect(errorCode(await app.request(WorkspaceDocument, { id: ws }, { token: person.token }))).toBe('NOT_FOUND');

    const { addWorkspaceMember } = await app.ok(AddWorkspaceMemberDocument, { input: { workspaceId: ws, userId: person.id, role: 'VIEWER' } }, { token: tenant.admin.token });
    expect(addWorkspaceMember.member).toEqual({ userId: person.id, role: 'VIEWER', user: { id: person.id, email: person.email } });
    expect((await app.ok(WorkspaceDocument, { id: ws }, { token: person.token })).workspace.viewerRole).toBe('VIEWER');
    expect(errorCode(await app.request(UpdateWorkspaceDocument, { input: { workspaceId: ws, name: 'Renamed by viewer' } }, { token: person.token }))).toBe('FORBIDDEN');

    const { updateWorkspaceMemberRole } = await app.ok(UpdateWorkspaceMemberRoleDocument, { input: { workspaceId: ws, userId: person.id, role: 'ADMIN' } }, { token: tenant.admin.token });
    expect(updateWorkspaceMemberRole.member).toEqual({ userId: person.id, role: 'ADMIN', user: { id: person.id, email: person.email } });
    await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: ws, name: 'Renamed by new admin' } }, { token: person.token });

    await app.ok(RemoveWorkspaceMemberDocument, { input: { workspaceId: ws, userId: person.id } }, { token: tenant.admin.token });
    expect(errorCode(await app.request(WorkspaceDocument, { id: ws }, { token: person.token }))).toBe('NOT_FOUND');
  });

  it('adds only members of the organization', async () => {
    const notInOrg = await createUser(app, 'notinorg');
    const result = await app.request(AddWorkspaceMemberDocument, { input: { workspaceId: tenant.workspace.id, userId: notInOrg.id, role: 'EDITOR' } }, { token: tenant.admin.token });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'userId' }] });
  });

  it('keeps the workspace administered when its only explicit admin is removed: the org owner stays ADMIN', async () => {
    await app.ok(RemoveWorkspaceMemberDocument, { input: { workspaceId: tenant.workspace.id, userId: tenant.admin.id } }, { token: tenant.owner.token });
    try {
      expect((await app.ok(WorkspaceDocument, { id: tenant.workspace.id }, { token: tenant.owner.token })).workspace.viewerRole).toBe('ADMIN');
      await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: tenant.workspace.id, description: 'still administered' } }, { token: tenant.owner.token });
    } finally {
      await app.ok(AddWorkspaceMemberDocument, { input: { workspaceId: tenant.workspace.id, userId: tenant.admin.id, role: 'ADMIN' } }, { token: tenant.owner.token });
    }
  });

  it('refuses to change slug, region or id, naming the field, and changes nothing', async () => {
    const ws = tenant.workspace;
    for (const [field, value] of [['slug', 'another-slug'], ['region', 'us-east-1']] as const) {
      const result = await app.request(UpdateWorkspaceDocument, { input: { workspaceId: ws.id, name: 'Should not apply', [field]: value } }, { token: tenant.admin.token });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field }] });
    }
    const after = (await app.ok(WorkspaceDocument, { id: ws.id }, { token: tenant.admin.token })).workspace;
    expect(after).toMatchObject({ slug: ws.slug, region: ws.region });
    expect(after.name).not.toBe('Should not apply');
    // Sending the current values back (as a settings form does) is fine.
    await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: ws.id, slug: ws.slug, region: ws.region } }, { token: tenant.admin.token });
  });

  it('validates slug, region, retention floor and seat limit on create and update', async () => {
    const create = (input: Record<string, unknown>) =>
      app.request(CreateWorkspaceDocument, { input: { organizationId: tenant.organizationId, name: 'New', slug: uniqueSlug(), region: 'eu-west-1', ...input } }, { token: tenant.owner.token });
    expect(errorFields(await create({ slug: 'Not_OK' }))[0]).toBe('slug');
    expect(errorFields(await create({ slug: 'ab' }))[0]).toBe('slug');
    expect(errorFields(await create({ region: 'mars-1' }))[0]).toBe('region');
    expect(errorFields(await create({ dataRetentionDays: 7 }))[0]).toBe('dataRetentionDays');
    expect(errorFields(await create({ seatLimit: 0 }))[0]).toBe('seatLimit');
    const taken = await create({ slug: tenant.workspace.slug });
    expect(taken.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'slug' }] });

    const created = (await create({})).data as { createWorkspace: { workspace: { dataRetentionDays: number; seatLimit: number } } };
    expect(created.createWorkspace.workspace).toMatchObject({ dataRetentionDays: 90, seatLimit: 50 });
    const tooLow = await app.request(UpdateWorkspaceDocument, { input: { workspaceId: tenant.workspace.id, dataRetentionDays: 29 } }, { token: tenant.admin.token });
    expect(errorFields(tooLow)[0]).toBe('dataRetentionDays');
    const createdByMember = await app.request(CreateWorkspaceDocument, { input: { organizationId: tenant.organizationId, name: 'x', slug: uniqueSlug(), region: 'eu-west-1' } }, { token: tenant.admin.token });
    expect(errorCode(createdByMember)).toBe('FORBIDDEN');
  });

  it('gives exactly seatLimit seats to 20 concurrent adds', async () => {
    const owner = tenant.owner;
    const { createWorkspace } = await app.ok(
      CreateWorkspaceDocument,
      { input: { organizationId: tenant.organizationId, name: 'Small', slug: uniqueSlug('small'), region: 'eu-west-1', seatLimit: 5 } },
      { token: owner.token },
    );
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => createUser(app, `seat${i}`)));
    for (const person of people) await addToOrganization(app, owner, tenant.organizationId, person);
    const results = await Promise.all(
      people.map((person) => app.request(AddWorkspaceMemberDocument, { input: { workspaceId: createWorkspace.workspace.id, userId: person.id, role: 'VIEWER' } }, { token: owner.token })),
    );
    expect(results.filter((r) => !r.errors).length).toBe(5);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'CONFLICT').length).toBe(15);
    const { workspace } = await app.ok(WorkspaceMembersDocument, { id: createWorkspace.workspace.id }, { token: owner.token });
    expect(workspace.members).toHaveLength(5);
  });

  it('shows the connection details an external tool needs', async () => {
    const { workspace } = await app.ok(WorkspaceConnectionInfoDocument, { id: tenant.workspace.id }, { token: tenant.viewer.token });
    expect(workspace.connectionInfo).toEqual({ graphqlEndpoint: 'http://gatehouse.test/graphql', workspaceId: tenant.workspace.id, slug: tenant.workspace.slug, region: 'eu-west-1' });
  });

  it('records each change with actor, action, target and risk — and nothing for a change that failed', async () => {
    const ws = tenant.workspace.id;
    await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: ws, name: 'Audited name' } }, { token: tenant.admin.token, headers: { 'user-agent': 'AuditTest/1.0' } });
    const before = (await app.ok(WorkspaceAuditEventsDocument, { id: ws, first: 200 }, { token: tenant.admin.token })).workspace.auditEvents.edges.length;
    const failed = await app.request(UpdateWorkspaceDocument, { input: { workspaceId: ws, name: 'Never applied', region: 'us-east-1' } }, { token: tenant.admin.token });
    expect(errorCode(failed)).toBe('BAD_USER_INPUT');

    const { edges } = (await app.ok(WorkspaceAuditEventsDocument, { id: ws, first: 200 }, { token: tenant.admin.token })).workspace.auditEvents;
    expect(edges).toHaveLength(before);
    const updated = edges.find((edge) => edge.node.action === 'workspace.updated' && (edge.node.metadata as { after?: { name?: string } }).after?.name === 'Audited name')!.node;
    expect(updated).toMatchObject({
      riskLevel: 'MEDIUM',
      actor: { type: 'USER', id: tenant.admin.id, name: tenant.admin.name, email: tenant.admin.email },
      target: { type: 'workspace', id: ws },
      userAgent: 'AuditTest/1.0',
    });
    const actions = new Set(edges.map((edge) => edge.node.action));
    for (const action of ['workspace.created', 'member.added', 'member.updated', 'member.removed']) expect(actions).toContain(action);
    expect(edges.find((edge) => edge.node.action === 'member.added')!.node.riskLevel).toBe('MEDIUM');
  });

  it('pages audit events newest first and filters them', async () => {
    const ws = tenant.workspace.id;
    for (let i = 0; i < 3; i++) await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: ws, description: `page ${i}` } }, { token: tenant.admin.token });
    const all = (await app.ok(WorkspaceAuditEventsDocument, { id: ws, first: 200 }, { token: tenant.admin.token })).workspace.auditEvents.edges.map((e) => e.node.id);
    const seen: string[] = [];
    let after: string | null | undefined;
    do {
      const page = (await app.ok(WorkspaceAuditEventsDocument, { id: ws, first: 2, after }, { token: tenant.admin.token })).workspace.auditEvents;
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all);
    const times = (await app.ok(WorkspaceAuditEventsDocument, { id: ws, first: 200 }, { token: tenant.admin.token })).workspace.auditEvents.edges.map((e) => e.node.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);

    const filtered = (await app.ok(WorkspaceAuditEventsDocument, { id: ws, first: 200, filter: { actions: ['member.added'], actorId: tenant.owner.id, riskLevels: ['MEDIUM'] } }, { token: tenant.admin.token })).workspace.auditEvents.edges;
    expect(filtered.length).toBeGreaterThanOrEqual(3);
    expect(filtered.every((e) => e.node.action === 'member.added' && e.node.actor.id === tenant.owner.id)).toBe(true);
    const future = (await app.ok(WorkspaceAuditEventsDocument, { id: ws, filter: { from: new Date(Date.now() + 3600_000).toISOString() } }, { token: tenant.admin.token })).workspace.auditEvents.edges;
    expect(future).toHaveLength(0);
    const badCursor = await app.request(WorkspaceAuditEventsDocument, { id: ws, after: 'garbage' }, { token: tenant.admin.token });
    expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
  });

  it('never leaves a workspace member outside the organization when adding and removing race (20 rounds)', async () => {
    const people = await Promise.all(Array.from({ length: 20 }, (_, round) => createUser(app, `racer${round}`)));
    // Setup only: the people are already in the organization (joining by invitation is tested elsewhere).
    await app.infra.dataSource.query("INSERT INTO org_membership (organization_id, user_id, role) SELECT $1, unnest($2::uuid[]), 'MEMBER'", [tenant.organizationId, people.map((p) => p.id)]);
    for (const person of people) {
      const [added, removed] = await Promise.all([
        app.request(AddWorkspaceMemberDocument, { input: { workspaceId: tenant.workspace.id, userId: person.id, role: 'ADMIN' } }, { token: tenant.owner.token }),
        app.request(RemoveOrganizationMemberDocument, { input: { organizationId: tenant.organizationId, userId: person.id } }, { token: tenant.owner.token }),
      ]);
      expect(errorCode(removed)).toBe('OK');
      expect(['OK', 'BAD_USER_INPUT']).toContain(errorCode(added));
      const [{ stranded }] = await app.infra.dataSource.query('SELECT count(*)::int AS stranded FROM workspace_membership WHERE workspace_id = $1 AND user_id = $2', [tenant.workspace.id, person.id]);
      expect({ person: person.email, stranded }).toEqual({ person: person.email, stranded: 0 });
      expect(errorCode(await app.request(WorkspaceDocument, { id: tenant.workspace.id }, { token: person.token }))).toBe('NOT_FOUND');
    }
  });
});
