import {
  AddProjectMemberDocument,
  ArchiveProjectDocument,
  CreateProjectDocument,
  CreateProjectRoleDocument,
  CreateWorkspaceApiKeyDocument,
  DeleteProjectDocument,
  DeleteProjectRoleDocument,
  ExplainAttributeVisibilityDocument,
  GenerateProjectApiKeyDocument,
  ProjectApiKeyDocument,
  ProjectAttributeVisibilityDocument,
  ProjectAuditEventsDocument,
  ProjectDocument,
  ProjectHiddenAttributesDocument,
  ProjectMembersDocument,
  ProjectRetentionDocument,
  ProjectRolesDocument,
  RedactSpanAttributesDocument,
  RegenerateProjectApiKeyDocument,
  RemoveProjectMemberDocument,
  RemoveWorkspaceMemberDocument,
  RevokeProjectApiKeyDocument,
  UpdateAttributeVisibilityDocument,
  UpdateProjectDocument,
  UpdateProjectMemberRoleDocument,
  UpdateProjectRetentionDocument,
  UpdateProjectRoleDocument,
  UpdateWorkspaceDocument,
  WorkspaceProjectsDocument,
} from '../../testing/generated/graphql';
import { addToOrganization, addToWorkspace, createTenant, createUser, type TestUser } from '../../testing/fixtures';
import { errorCode, errorFields, startTestApp, type GraphQLResult, type RequestOptions, type TestApp } from '../../testing/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;
type Caller = 'wsAdmin' | 'projectAdmin' | 'member' | 'viewer' | 'customWith' | 'customWithout' | 'outsideProject' | 'workspaceKey' | 'projectKey' | 'stranger';
const CALLERS: Caller[] = ['wsAdmin', 'projectAdmin', 'member', 'viewer', 'customWith', 'customWithout', 'outsideProject', 'workspaceKey', 'projectKey', 'stranger'];
const ALL_PERMISSIONS = ['project:read', 'project:write', 'members:manage', 'roles:manage', 'api_key:manage', 'audit:read', 'retention:write', 'attributes:manage', 'spans:read'];

const basic = (username: string, password: string): RequestOptions => ({ headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` } });
const reasonOf = (result: GraphQLResult<unknown>) => result.errors?.[0]?.extensions?.reason;

describe('projects', () => {
  let app: TestApp;
  let tenant: Tenant;
  let projectId: string;
  let users: Record<'member' | 'viewer' | 'customWith' | 'customWithout' | 'stranger', TestUser>;
  let workspaceKey: string;
  let projectKey: string;
  let customWithRole: string;

  /** A person in the organization and the workspace (as VIEWER), not yet in any project. */
  const workspaceMember = async (label: string): Promise<TestUser> => {
    const user = await createUser(app, label);
    await addToOrganization(app, tenant.owner, tenant.organizationId, user);
    await addToWorkspace(app, tenant.owner, tenant.workspace.id, user, 'VIEWER');
    return user;
  };
  const addMember = (user: TestUser, roleId: string, id = projectId) => app.ok(AddProjectMemberDocument, { input: { projectId: id, userId: user.id, roleId } }, { token: tenant.admin.token });
  const createProject = async (name: string, by = tenant.admin) => (await app.ok(CreateProjectDocument, { input: { workspaceId: tenant.workspace.id, name } }, { token: by.token })).createProject.project.id;

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await createTenant(app);
    projectId = await createProject('Tracing');
    const [member, viewer, customWith, customWithout] = await Promise.all(['member', 'pviewer', 'custom-with', 'custom-without'].map(workspaceMember));
    users = { member, viewer, customWith, customWithout, stranger: await createUser(app, 'stranger') };
    const role = async (name: string, permissions: string[]) =>
      (await app.ok(CreateProjectRoleDocument, { input: { projectId, name, permissions } }, { token: tenant.admin.token })).createProjectRole.role.id;
    customWithRole = await role('Everything', ALL_PERMISSIONS);
    const customWithoutRole = await role('Spans only', ['spans:read']);
    // tenant.editor (workspace EDITOR) is the explicit PROJECT_ADMIN; tenant.viewer stays outside the project.
    await addMember(tenant.editor, 'PROJECT_ADMIN');
    await addMember(member, 'MEMBER');
    await addMember(viewer, 'VIEWER');
    await addMember(customWith, customWithRole);
    await addMember(customWithout, customWithoutRole);
    workspaceKey = (await app.ok(CreateWorkspaceApiKeyDocument, { input: { workspaceId: tenant.workspace.id, name: 'ws', scopes: ['workspace:read', 'audit:read'] } }, { token: tenant.owner.token }))
      .createWorkspaceApiKey.key;
    projectKey = (await app.ok(GenerateProjectApiKeyDocument, { input: { projectId } }, { token: tenant.admin.token })).generateProjectApiKey.key;
  });
  afterAll(() => app.stop());

  const as = (caller: Caller): RequestOptions => {
    if (caller === 'workspaceKey') return { headers: { 'x-api-key': workspaceKey } };
    if (caller === 'projectKey') return basic('api-key', projectKey);
    const person = { wsAdmin: tenant.admin, projectAdmin: tenant.editor, outsideProject: tenant.viewer }[caller as string] ?? users[caller as keyof typeof users];
    return { token: person.token };
  };

  // Who reaches each tab. `customWith` holds every permission; `customWithout` only spans:read.
  // Callers holding no role in the project learn nothing (NOT_FOUND); the workspace's own key is FORBIDDEN.
  const matrix: Array<{ row: string; run: (options: RequestOptions) => Promise<GraphQLResult<unknown>>; allowed: Caller[] }> = [
    { row: 'project: read', run: (o) => app.request(ProjectDocument, { id: projectId }, o), allowed: ['wsAdmin', 'projectAdmin', 'member', 'viewer', 'customWith', 'projectKey'] },
    { row: 'project: rename/describe', run: (o) => app.request(UpdateProjectDocument, { input: { projectId, description: 'Spans of the tracing service' } }, o), allowed: ['wsAdmin', 'projectAdmin', 'customWith'] },
    { row: 'users tab: list', run: (o) => app.request(ProjectMembersDocument, { id: projectId }, o), allowed: ['wsAdmin', 'projectAdmin', 'member', 'viewer', 'customWith'] },
    {
      row: 'users tab: change role',
      run: (o) => app.request(UpdateProjectMemberRoleDocument, { input: { projectId, userId: users.viewer.id, roleId: 'VIEWER' } }, o),
      allowed: ['wsAdmin', 'projectAdmin', 'customWith'],
    },
    { row: 'roles tab: list', run: (o) => app.request(ProjectRolesDocument, { id: projectId }, o), allowed: ['wsAdmin', 'projectAdmin', 'member', 'viewer', 'customWith'] },
    { row: 'roles tab: edit', run: (o) => app.request(UpdateProjectRoleDocument, { input: { projectId, roleId: customWithRole, name: 'Everything' } }, o), allowed: ['wsAdmin', 'projectAdmin', 'customWith'] },
    { row: 'attribute visibility: rules', run: (o) => app.request(ProjectAttributeVisibilityDocument, { id: projectId }, o), allowed: ['wsAdmin', 'projectAdmin', 'customWith'] },
    {
      row: 'attribute visibility: redact',
      run: (o) => app.request(RedactSpanAttributesDocument, { projectId, attributes: { 'http.status': 200 } }, o),
      allowed: ['wsAdmin', 'projectAdmin', 'member', 'viewer', 'customWith', 'customWithout', 'projectKey'],
    },
    { row: 'retention: read', run: (o) => app.request(ProjectRetentionDocument, { id: projectId }, o), allowed: ['wsAdmin', 'projectAdmin', 'member', 'viewer', 'customWith', 'projectKey'] },
    { row: 'retention: write', run: (o) => app.request(UpdateProjectRetentionDocument, { input: { projectId, inherit: true } }, o), allowed: ['wsAdmin', 'projectAdmin', 'customWith'] },
    { row: 'audit tab', run: (o) => app.request(ProjectAuditEventsDocument, { id: projectId }, o), allowed: ['wsAdmin', 'projectAdmin', 'member', 'customWith'] },
    { row: 'api keys tab', run: (o) => app.request(ProjectApiKeyDocument, { id: projectId }, o), allowed: ['wsAdmin', 'projectAdmin', 'customWith'] },
  ];

  describe.each(matrix)('$row', ({ run, allowed }) => {
    it.each(CALLERS)('as %s', async (caller) => {
      const expected = allowed.includes(caller) ? 'OK' : caller === 'outsideProject' || caller === 'stranger' ? 'NOT_FOUND' : 'FORBIDDEN';
      expect(errorCode(await run(as(caller)))).toBe(expected);
    });
  });

  describe('projects', () => {
    it('creates, renames, describes, archives and deletes, each audited in the project', async () => {
      const id = await createProject('Scratch');
      // The editor is PROJECT_ADMIN of another project only: this one is not theirs.
      expect(errorCode(await app.request(UpdateProjectDocument, { input: { projectId: id, name: 'x' } }, { token: tenant.editor.token }))).toBe('NOT_FOUND');
      await app.ok(UpdateProjectDocument, { input: { projectId: id, name: 'Scratch 2', description: 'temp' } }, { token: tenant.admin.token });
      const { archiveProject } = await app.ok(ArchiveProjectDocument, { input: { projectId: id } }, { token: tenant.owner.token });
      expect(archiveProject.project.archivedAt).not.toBeNull();
      const { project } = await app.ok(ProjectDocument, { id }, { token: tenant.owner.token });
      expect([project.name, project.description, project.viewerRoles]).toEqual(['Scratch 2', 'temp', ['PROJECT_ADMIN']]);
      const events = await app.ok(ProjectAuditEventsDocument, { id }, { token: tenant.owner.token });
      expect(events.project.auditEvents.edges.map((edge) => edge.node.action)).toEqual(['project.archived', 'project.updated', 'project.created']);
      expect(events.project.auditEvents.edges[1].node.metadata).toEqual({ before: { name: 'Scratch', description: '' }, after: { name: 'Scratch 2', description: 'temp' } });

      await app.ok(DeleteProjectDocument, { input: { projectId: id } }, { token: tenant.admin.token });
      expect(errorCode(await app.request(ProjectDocument, { id }, { token: tenant.owner.token }))).toBe('NOT_FOUND');
      const [deleted] = await app.infra.dataSource.query("SELECT risk_level FROM audit_event WHERE project_id = $1 AND action = 'project.deleted'", [id]);
      expect(deleted.risk_level).toBe('HIGH');
    });

    it('only workspace ADMINs create projects', async () => {
      const result = await app.request(CreateProjectDocument, { input: { workspaceId: tenant.workspace.id, name: 'No' } }, { token: tenant.editor.token });
      expect(errorCode(result)).toBe('FORBIDDEN');
    });

    it('lists projects page by page: all for ADMINs and keys, only their own for members', async () => {
      const list = async (options: RequestOptions, after?: string) => (await app.ok(WorkspaceProjectsDocument, { id: tenant.workspace.id, first: 1, after }, options)).workspace.projects;
      const all: string[] = [];
      for (let page = await list({ token: tenant.admin.token }); ; page = await list({ token: tenant.admin.token }, page.pageInfo.endCursor!)) {
        all.push(...page.edges.map((edge) => edge.node.id));
        if (!page.pageInfo.hasNextPage) break;
      }
      expect(all).toContain(projectId);
      expect(new Set(all).size).toBe(all.length);
      expect((await list(as('workspaceKey'))).edges.length).toBe(1);
      const own = await app.ok(WorkspaceProjectsDocument, { id: tenant.workspace.id }, { token: users.member.token });
      expect(own.workspace.projects.edges.map((edge) => edge.node.id)).toEqual([projectId]);
      const outside = await app.ok(WorkspaceProjectsDocument, { id: tenant.workspace.id }, { token: tenant.viewer.token });
      expect(outside.workspace.projects.edges).toEqual([]);
      expect(errorCode(await app.request(WorkspaceProjectsDocument, { id: tenant.workspace.id }, as('projectKey')))).toBe('FORBIDDEN');
    });
  });

  describe('users tab', () => {
    it('adds only workspace members, naming userId', async () => {
      const orgOnly = tenant.outsider;
      const result = await app.request(AddProjectMemberDocument, { input: { projectId, userId: orgOnly.id, roleId: 'MEMBER' } }, { token: tenant.admin.token });
      expect([errorCode(result), errorFields(result)]).toEqual(['BAD_USER_INPUT', ['userId']]);
      const badRole = await app.request(AddProjectMemberDocument, { input: { projectId, userId: tenant.viewer.id, roleId: 'OWNER' } }, { token: tenant.admin.token });
      expect([errorCode(badRole), errorFields(badRole)]).toEqual(['BAD_USER_INPUT', ['roleId']]);
    });

    it('adds, re-roles and removes; leaving the workspace leaves its projects', async () => {
      const person = await workspaceMember('joiner');
      expect(errorCode(await app.request(ProjectDocument, { id: projectId }, { token: person.token }))).toBe('NOT_FOUND');
      await addMember(person, 'VIEWER');
      expect((await app.ok(ProjectDocument, { id: projectId }, { token: person.token })).project.viewerRoles).toEqual(['VIEWER']);
      expect(errorCode(await app.request(ProjectAttributeVisibilityDocument, { id: projectId }, { token: person.token }))).toBe('FORBIDDEN');
      await app.ok(UpdateProjectMemberRoleDocument, { input: { projectId, userId: person.id, roleId: 'PROJECT_ADMIN' } }, { token: tenant.editor.token });
      await app.ok(ProjectAttributeVisibilityDocument, { id: projectId }, { token: person.token });
      await app.ok(RemoveProjectMemberDocument, { input: { projectId, userId: person.id } }, { token: tenant.editor.token });
      expect(errorCode(await app.request(ProjectDocument, { id: projectId }, { token: person.token }))).toBe('NOT_FOUND');

      await addMember(person, 'MEMBER');
      await app.ok(RemoveWorkspaceMemberDocument, { input: { workspaceId: tenant.workspace.id, userId: person.id } }, { token: tenant.admin.token });
      const members = await app.ok(ProjectMembersDocument, { id: projectId }, { token: tenant.admin.token });
      expect(members.project.members.map((m) => m.userId)).not.toContain(person.id);
      expect(errorCode(await app.request(ProjectDocument, { id: projectId }, { token: person.token }))).toBe('NOT_FOUND');

      const actions = await app.infra.dataSource.query('SELECT action FROM audit_event WHERE project_id = $1 AND target_id = $2 ORDER BY occurred_at', [projectId, person.id]);
      expect(actions.map((row: { action: string }) => row.action)).toEqual(['project_member.added', 'project_member.updated', 'project_member.removed', 'project_member.added']);
    });

    it('workspace ADMINs and organization owners are implicit PROJECT_ADMINs', async () => {
      for (const person of [tenant.admin, tenant.owner]) {
        const { project } = await app.ok(ProjectDocument, { id: projectId }, { token: person.token });
        expect(project.viewerRoles).toEqual(['PROJECT_ADMIN']);
        expect(project.viewerPermissions.sort()).toEqual([...ALL_PERMISSIONS].sort());
      }
    });
  });

  describe('roles tab', () => {
    it('lists the built-in roles first, with their permissions', async () => {
      const { project } = await app.ok(ProjectRolesDocument, { id: projectId }, { token: users.viewer.token });
      expect(project.roles.slice(0, 3).map((role) => [role.id, role.builtIn])).toEqual([
        ['PROJECT_ADMIN', true],
        ['MEMBER', true],
        ['VIEWER', true],
      ]);
      expect(project.roles[2].permissions).toEqual(['project:read', 'spans:read']);
    });

    it('refuses a custom role granting a permission its creator lacks, naming it', async () => {
      const { createProjectRole } = await app.ok(CreateProjectRoleDocument, { input: { projectId, name: 'Role managers', permissions: ['project:read', 'roles:manage'] } }, { token: tenant.admin.token });
      const manager = await workspaceMember('role-manager');
      await addMember(manager, createProjectRole.role.id);
      const escalation = await app.request(CreateProjectRoleDocument, { input: { projectId, name: 'Keys', permissions: ['project:read', 'api_key:manage'] } }, { token: manager.token });
      expect(errorCode(escalation)).toBe('FORBIDDEN');
      expect(escalation.errors?.[0].message).toContain('api_key:manage');
      const editEscalation = await app.request(UpdateProjectRoleDocument, { input: { projectId, roleId: createProjectRole.role.id, permissions: ['roles:manage', 'members:manage'] } }, { token: manager.token });
      expect(errorCode(editEscalation)).toBe('FORBIDDEN');
      await app.ok(CreateProjectRoleDocument, { input: { projectId, name: 'Readers', permissions: ['project:read'] } }, { token: manager.token });
      const unknown = await app.request(CreateProjectRoleDocument, { input: { projectId, name: 'Odd', permissions: ['project:fly'] } }, { token: tenant.admin.token });
      expect([errorCode(unknown), errorFields(unknown)]).toEqual(['BAD_USER_INPUT', ['permissions']]);
    });

    it('built-in roles cannot be changed or deleted', async () => {
      const change = await app.request(UpdateProjectRoleDocument, { input: { projectId, roleId: 'VIEWER', permissions: ALL_PERMISSIONS } }, { token: tenant.admin.token });
      const remove = await app.request(DeleteProjectRoleDocument, { input: { projectId, roleId: 'MEMBER' } }, { token: tenant.admin.token });
      expect([errorCode(change), errorFields(change), errorCode(remove), errorFields(remove)]).toEqual(['BAD_USER_INPUT', ['roleId'], 'BAD_USER_INPUT', ['roleId']]);
    });

    it('a role still assigned cannot be deleted: CONFLICT with the count', async () => {
      const { createProjectRole } = await app.ok(CreateProjectRoleDocument, { input: { projectId, name: 'Pair', permissions: ['project:read'] } }, { token: tenant.admin.token });
      const [first, second] = await Promise.all([workspaceMember('pair-1'), workspaceMember('pair-2')]);
      await addMember(first, createProjectRole.role.id);
      await addMember(second, createProjectRole.role.id);
      const refused = await app.request(DeleteProjectRoleDocument, { input: { projectId, roleId: createProjectRole.role.id } }, { token: tenant.admin.token });
      expect(errorCode(refused)).toBe('CONFLICT');
      expect(refused.errors?.[0].message).toContain('2 members');
      for (const person of [first, second]) await app.ok(RemoveProjectMemberDocument, { input: { projectId, userId: person.id } }, { token: tenant.admin.token });
      await app.ok(DeleteProjectRoleDocument, { input: { projectId, roleId: createProjectRole.role.id } }, { token: tenant.admin.token });
    });

    it('a change to a role takes effect on its holders’ next request', async () => {
      const { createProjectRole } = await app.ok(CreateProjectRoleDocument, { input: { projectId, name: 'Growing', permissions: ['project:read'] } }, { token: tenant.admin.token });
      const person = await workspaceMember('grower');
      await addMember(person, createProjectRole.role.id);
      expect(errorCode(await app.request(ProjectAuditEventsDocument, { id: projectId }, { token: person.token }))).toBe('FORBIDDEN');
      await app.ok(UpdateProjectRoleDocument, { input: { projectId, roleId: createProjectRole.role.id, permissions: ['project:read', 'audit:read'] } }, { token: tenant.admin.token });
      expect(errorCode(await app.request(ProjectAuditEventsDocument, { id: projectId }, { token: person.token }))).toBe('OK');
    });
  });

  describe('attribute visibility tab', () => {
    const span = { 'llm.input.messages': 'prompt', llm: { input: { text: 'nested prompt' }, output: 'answer' }, 'http.status': 200 };

    it('hides per role, a hide winning over other roles held, and says which rule hides a path', async () => {
      const rules = [
        { pattern: 'llm.input.**', roles: ['VIEWER'] },
        { pattern: 'llm.output', roles: ['VIEWER', 'MEMBER'] },
      ];
      await app.ok(UpdateAttributeVisibilityDocument, { input: { projectId, rules } }, { token: tenant.editor.token });
      const redact = async (options: RequestOptions, role?: string) => (await app.ok(RedactSpanAttributesDocument, { projectId, attributes: span, role }, options)).redactSpanAttributes;

      expect(await redact({ token: users.viewer.token })).toEqual({ attributes: { llm: {}, 'http.status': 200 }, removed: ['llm.input.messages', 'llm.input', 'llm.output'] });
      expect((await redact({ token: users.member.token })).removed).toEqual(['llm.output']);
      expect((await redact({ token: tenant.owner.token })).removed).toEqual([]);
      // The project key redacts as VIEWER unless it names a role.
      expect((await redact(as('projectKey'))).removed).toHaveLength(3);
      expect((await redact(as('projectKey'), 'PROJECT_ADMIN')).removed).toEqual([]);
      // A viewer cannot ask for another role's view.
      expect(errorCode(await app.request(RedactSpanAttributesDocument, { projectId, attributes: span, role: 'PROJECT_ADMIN' }, { token: users.viewer.token }))).toBe('FORBIDDEN');

      // A workspace ADMIN who is also an explicit VIEWER holds both roles: the VIEWER hide wins.
      await addMember(tenant.admin, 'VIEWER');
      try {
        expect((await redact({ token: tenant.admin.token })).removed).toHaveLength(3);
        const hidden = await app.ok(ProjectHiddenAttributesDocument, { id: projectId }, { token: tenant.admin.token });
        expect(hidden.project.hiddenAttributes.map((rule) => rule.pattern)).toEqual(['llm.input.**', 'llm.output']);
      } finally {
        await app.ok(RemoveProjectMemberDocument, { input: { projectId, userId: tenant.admin.id } }, { token: tenant.owner.token });
      }

      const { explainAttributeVisibility: why } = await app.ok(ExplainAttributeVisibilityDocument, { projectId, path: 'llm.input.text' }, { token: users.viewer.token });
      expect(why).toEqual({ path: 'llm.input.text', hidden: true, hiddenBy: [rules[0]] });
      const asMember = await app.ok(ExplainAttributeVisibilityDocument, { projectId, path: 'llm.input.text', role: 'MEMBER' }, { token: tenant.editor.token });
      expect(asMember.explainAttributeVisibility.hidden).toBe(false);

      const [event] = await app.infra.dataSource.query("SELECT metadata, risk_level FROM audit_event WHERE project_id = $1 AND action = 'attribute_visibility.updated' ORDER BY occurred_at DESC LIMIT 1", [projectId]);
      expect(event).toEqual({ metadata: { before: [], after: rules }, risk_level: 'HIGH' });
    });

    it('refuses bad patterns and unknown roles, naming the rule', async () => {
      const badPattern = await app.request(UpdateAttributeVisibilityDocument, { input: { projectId, rules: [{ pattern: 'llm..x', roles: ['VIEWER'] }] } }, { token: tenant.admin.token });
      const badRole = await app.request(UpdateAttributeVisibilityDocument, { input: { projectId, rules: [{ pattern: 'llm.*', roles: ['NOBODY'] }] } }, { token: tenant.admin.token });
      expect([errorFields(badPattern), errorFields(badRole)]).toEqual([['rules.0.pattern'], ['rules.0.roles']]);
    });
  });

  describe('retention tab', () => {
    it('inherits the workspace value until set; never below the floor; lowering needs confirm', async () => {
      const id = await createProject('Retained');
      const read = async () => (await app.ok(ProjectRetentionDocument, { id }, { token: tenant.admin.token })).project.retention;
      expect(await read()).toEqual({ dataRetentionDays: 90, inherited: true, workspaceDataRetentionDays: 90 });
      await app.ok(UpdateProjectRetentionDocument, { input: { projectId: id, dataRetentionDays: 120 } }, { token: tenant.admin.token });
      expect(await read()).toEqual({ dataRetentionDays: 120, inherited: false, workspaceDataRetentionDays: 90 });

      const belowFloor = await app.request(UpdateProjectRetentionDocument, { input: { projectId: id, dataRetentionDays: 1, confirm: true } }, { token: tenant.admin.token });
      expect([errorCode(belowFloor), errorFields(belowFloor)]).toEqual(['BAD_USER_INPUT', ['dataRetentionDays']]);
      const unconfirmed = await app.request(UpdateProjectRetentionDocument, { input: { projectId: id, dataRetentionDays: 60 } }, { token: tenant.admin.token });
      expect([errorCode(unconfirmed), errorFields(unconfirmed)]).toEqual(['BAD_USER_INPUT', ['confirm']]);
      // Inheriting again lowers it too (120 → the workspace's 90).
      expect(errorFields(await app.request(UpdateProjectRetentionDocument, { input: { projectId: id, inherit: true } }, { token: tenant.admin.token }))).toEqual(['confirm']);
      await app.ok(UpdateProjectRetentionDocument, { input: { projectId: id, inherit: true, confirm: true } }, { token: tenant.admin.token });
      await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: tenant.workspace.id, dataRetentionDays: 100 } }, { token: tenant.admin.token });
      expect(await read()).toEqual({ dataRetentionDays: 100, inherited: true, workspaceDataRetentionDays: 100 });

      const events = await app.ok(ProjectAuditEventsDocument, { id, filter: { actions: ['project_retention.updated', 'project_retention.lowered'] } }, { token: tenant.admin.token });
      expect(events.project.auditEvents.edges.map((edge) => [edge.node.action, edge.node.riskLevel])).toEqual([
        ['project_retention.lowered', 'HIGH'],
        ['project_retention.updated', 'MEDIUM'],
      ]);
    });
  });

  describe('retention run', () => {
    it("deletes a project's events past its own, shorter retention, and nothing of the rest of the workspace", async () => {
      const id = await createProject('Short-lived');
      await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: tenant.workspace.id, dataRetentionDays: 365 } }, { token: tenant.admin.token });
      await app.ok(UpdateProjectRetentionDocument, { input: { projectId: id, dataRetentionDays: 60, confirm: true } }, { token: tenant.admin.token });
      const db = app.infra.dataSource;
      const insert = async (projectId: string | null, daysAgo: number) => {
        const [row] = await db.query(
          `INSERT INTO audit_event (occurred_at, organization_id, workspace_id, project_id, actor_type, action, risk_level, target_type, metadata)
           VALUES ($1, $2, $3, $4, 'SYSTEM', 'project.updated', 'LOW', 'project', '{}') RETURNING id`,
          [new Date(app.clock.now().getTime() - daysAgo * 86_400_000), tenant.organizationId, tenant.workspace.id, projectId],
        );
        return row.id as string;
      };
      const [old, recent, workspaceOld] = [await insert(id, 90), await insert(id, 10), await insert(null, 90)];

      await app.services.retention.apply();
      const left: Array<{ id: string }> = await db.query('SELECT id FROM audit_event WHERE id = ANY($1::uuid[])', [[old, recent, workspaceOld]]);
      expect(left.map((row) => row.id).sort()).toEqual([recent, workspaceOld].sort());
    });
  });

  describe('audit tab', () => {
    it('shows only that project’s events, with the workspace log’s filters and cursor', async () => {
      const other = await createProject('Other');
      await app.ok(UpdateProjectDocument, { input: { projectId: other, description: 'elsewhere' } }, { token: tenant.admin.token });
      const page = async (after?: string) => (await app.ok(ProjectAuditEventsDocument, { id: projectId, first: 5, after }, { token: tenant.admin.token })).project.auditEvents;
      const first = await page();
      const second = await page(first.pageInfo.endCursor!);
      const nodes = [...first.edges, ...second.edges].map((edge) => edge.node);
      expect(first.pageInfo.hasNextPage).toBe(true);
      expect(new Set(nodes.map((node) => node.id)).size).toBe(nodes.length);
      expect(nodes.every((node) => node.projectId === projectId)).toBe(true);
      const filtered = await app.ok(ProjectAuditEventsDocument, { id: other, filter: { actions: ['project.updated'] } }, { token: tenant.admin.token });
      expect(filtered.project.auditEvents.edges.map((edge) => [edge.node.action, edge.node.projectId])).toEqual([['project.updated', other]]);
    });
  });

  describe('api keys tab', () => {
    it('one key per project, shown once; Basic auth with the username api-key; regenerate and revoke', async () => {
      const id = await createProject('Keyed');
      const { generateProjectApiKey: issued } = await app.ok(GenerateProjectApiKeyDocument, { input: { projectId: id } }, { token: tenant.admin.token });
      expect(issued.key).toMatch(/^gtp_/);
      expect(issued.apiKey.maskedKey).toBe(`${issued.key.slice(0, 8)}…`);
      expect(errorCode(await app.request(GenerateProjectApiKeyDocument, { input: { projectId: id } }, { token: tenant.admin.token }))).toBe('CONFLICT');

      expect((await app.ok(ProjectDocument, { id }, basic('api-key', issued.key))).project.id).toBe(id);
      // Its own project only, and read access only.
      expect(errorCode(await app.request(ProjectDocument, { id: projectId }, basic('api-key', issued.key)))).toBe('NOT_FOUND');
      expect(errorCode(await app.request(UpdateProjectDocument, { input: { projectId: id, name: 'by key' } }, basic('api-key', issued.key)))).toBe('FORBIDDEN');
      const wrongUser = await app.request(ProjectDocument, { id }, basic('app_123', issued.key));
      expect([errorCode(wrongUser), reasonOf(wrongUser)]).toEqual(['UNAUTHENTICATED', 'WRONG_USERNAME']);
      expect(wrongUser.errors?.[0].message).toContain('"api-key"');

      await app.services.credentials.flushLastUsed();
      const shown = (await app.ok(ProjectApiKeyDocument, { id }, { token: tenant.admin.token })).project.apiKey!;
      expect([shown.id, shown.maskedKey, shown.lastUsedAt === null]).toEqual([issued.apiKey.id, issued.apiKey.maskedKey, false]);

      const { regenerateProjectApiKey: next } = await app.ok(RegenerateProjectApiKeyDocument, { input: { projectId: id } }, { token: tenant.admin.token });
      expect(reasonOf(await app.request(ProjectDocument, { id }, basic('api-key', issued.key)))).toBe('REVOKED');
      await app.ok(ProjectDocument, { id }, basic('api-key', next.key));
      await app.ok(RevokeProjectApiKeyDocument, { input: { projectId: id } }, { token: tenant.admin.token });
      expect(reasonOf(await app.request(ProjectDocument, { id }, basic('api-key', next.key)))).toBe('REVOKED');
      expect((await app.ok(ProjectApiKeyDocument, { id }, { token: tenant.admin.token })).project.apiKey).toBeNull();

      const events = await app.ok(ProjectAuditEventsDocument, { id, filter: { actions: ['project_api_key.generated', 'project_api_key.regenerated', 'project_api_key.revoked'] } }, { token: tenant.admin.token });
      expect(events.project.auditEvents.edges.map((edge) => edge.node.action)).toEqual(['project_api_key.revoked', 'project_api_key.regenerated', 'project_api_key.generated']);
    });
  });
});
