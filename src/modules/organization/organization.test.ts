import {
  InviteMemberDocument,
  LeaveOrganizationDocument,
  OrganizationAuditEventsDocument,
  OrganizationDocument,
  RemoveOrganizationMemberDocument,
  UpdateOrganizationDocument,
  UpdateOrganizationMemberRoleDocument,
  WorkspaceDocument,
} from '../../testing/generated/graphql';
import { acceptInvitationAs, addToOrganization, addToWorkspace, createOrganization, createUser, createWorkspace } from '../../testing/fixtures';
import { errorCode, postGraphQL, startTestApp, uniqueEmail, type TestApp } from '../../testing/test-app';

describe('organizations and their members', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('answers a query for fields resolved from the id (an audit page) without reading the organization row; any field of the row reads it', async () => {
    const owner = await createUser(app, 'owner');
    const stranger = await createUser(app, 'stranger');
    const organizationId = await createOrganization(app, owner, 'Lean reads');
    const ask = async (fields: string, token = owner.token) => {
      const body = { query: `query ($id: ID!) { organization(id: $id) { ${fields} } }`, variables: { id: organizationId } };
      await postGraphQL(app.url, body, { token }); // the session is cached from here on
      app.queries.reset();
      const result = await postGraphQL<{ organization: Record<string, unknown> | null }>(app.url, body, { token });
      return { statements: app.queries.count, result };
    };
    const page = 'auditEvents(first: 5) { edges { node { action } } }';
    const lean = await ask(`id ${page}`);
    expect(lean.result.data?.organization).toEqual({ id: organizationId, auditEvents: { edges: [{ node: { action: 'organization.created' } }] } });
    // The role check and the page.
    expect(lean.statements).toBe(2);
    const named = await ask(`name ${page}`);
    expect(named.result.data?.organization).toMatchObject({ name: 'Lean reads' });
    expect(named.statements).toBe(3);
    const throughFragment = await ask(`... on Organization { createdAt } ${page}`);
    expect(throughFragment.result.data?.organization?.createdAt).toEqual(expect.any(String));
    expect(throughFragment.statements).toBe(3);
    expect(errorCode((await ask(page, stranger.token)).result)).toBe('NOT_FOUND');
  });

  it('makes the creator the owner; owners edit, members read, strangers learn nothing', async () => {
    const owner = await createUser(app, 'owner');
    const member = await createUser(app, 'member');
    const stranger = await createUser(app, 'stranger');
    const organizationId = await createOrganization(app, owner, 'Initech');
    await addToOrganization(app, owner, organizationId, member);

    const { organization } = await app.ok(OrganizationDocument, { id: organizationId }, { token: member.token });
    expect(organization.viewerRole).toBe('MEMBER');
    expect(organization.members.map((m) => [m.user.email, m.role])).toEqual([
      [owner.email, 'OWNER'],
      [member.email, 'MEMBER'],
    ]);

    const updated = await app.ok(UpdateOrganizationDocument, { input: { organizationId, name: 'Initech Ltd', description: 'TPS reports' } }, { token: owner.token });
    expect(updated.updateOrganization.organization).toMatchObject({ name: 'Initech Ltd', description: 'TPS reports' });
    expect((await app.request(UpdateOrganizationDocument, { input: { organizationId, name: 'Hijacked' } }, { token: member.token })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await app.request(OrganizationDocument, { id: organizationId }, { token: stranger.token })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(errorCode(await app.request(InviteMemberDocument, { input: { organizationId, email: stranger.email, role: 'OWNER' } }, { token: member.token }))).toBe('FORBIDDEN');
  });

  it('joins nobody without their consent: there is no direct add, and inviting a registered or an unregistered address answers alike', async () => {
    const owner = await createUser(app, 'owner');
    const registered = await createUser(app, 'registered');
    const organizationId = await createOrganization(app, owner);
    const direct = await postGraphQL(app.url, { query: `mutation { addOrganizationMember(input: { organizationId: "${organizationId}", email: "${registered.email}", role: OWNER }) { member { userId } } }` }, { token: owner.token });
    expect(errorCode(direct)).toBe('GRAPHQL_VALIDATION_FAILED');

    const shape = (invitation: Record<string, unknown>) => Object.fromEntries(Object.entries(invitation).map(([key, value]) => [key, key === 'role' || key === 'status' ? value : typeof value]));
    const invite = async (email: string) => (await app.ok(InviteMemberDocument, { input: { organizationId, email, role: 'OWNER' } }, { token: owner.token })).inviteMember.invitation;
    const toRegistered = await invite(registered.email);
    const toUnknown = await invite(uniqueEmail('nobody'));
    expect(shape(toRegistered)).toEqual(shape(toUnknown));
    expect(toRegistered.status).toBe('PENDING');
    // Until the person accepts, they are not in the organization.
    expect(errorCode(await app.request(OrganizationDocument, { id: organizationId }, { token: registered.token }))).toBe('NOT_FOUND');
    await acceptInvitationAs(app, toRegistered.id, registered);
    expect((await app.ok(OrganizationDocument, { id: organizationId }, { token: registered.token })).organization.viewerRole).toBe('OWNER');
  });

  it('never lets the last owner be demoted, removed or leave', async () => {
    const owner = await createUser(app, 'owner');
    const second = await createUser(app, 'second');
    const organizationId = await createOrganization(app, owner);
    const input = { organizationId, userId: owner.id };

    for (const result of [
      await app.request(UpdateOrganizationMemberRoleDocument, { input: { ...input, role: 'MEMBER' } }, { token: owner.token }),
      await app.request(RemoveOrganizationMemberDocument, { input }, { token: owner.token }),
      await app.request(LeaveOrganizationDocument, { input: { organizationId } }, { token: owner.token }),
    ]) {
      expect(result.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(result.errors?.[0].message).toMatch(/last owner/);
    }

    await addToOrganization(app, owner, organizationId, second, 'OWNER');
    const { updateOrganizationMemberRole } = await app.ok(UpdateOrganizationMemberRoleDocument, { input: { ...input, role: 'MEMBER' } }, { token: owner.token });
    expect(updateOrganizationMemberRole.member).toEqual({ userId: owner.id, role: 'MEMBER', user: { id: owner.id, email: owner.email } });
    const lastNow = await app.request(UpdateOrganizationMemberRoleDocument, { input: { organizationId, userId: second.id, role: 'MEMBER' } }, { token: second.token });
    expect(lastNow.errors?.[0].extensions?.code).toBe('CONFLICT');
    await app.ok(LeaveOrganizationDocument, { input: { organizationId } }, { token: owner.token });
    expect((await app.request(OrganizationDocument, { id: organizationId }, { token: owner.token })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps an owner under two concurrent demotions of the last two owners', async () => {
    const a = await createUser(app, 'owner-a');
    const b = await createUser(app, 'owner-b');
    const organizationId = await createOrganization(app, a);
    await addToOrganization(app, a, organizationId, b, 'OWNER');
    const results = await Promise.all([
      app.request(UpdateOrganizationMemberRoleDocument, { input: { organizationId, userId: a.id, role: 'MEMBER' } }, { token: a.token }),
      app.request(UpdateOrganizationMemberRoleDocument, { input: { organizationId, userId: b.id, role: 'MEMBER' } }, { token: b.token }),
    ]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    const { organization } = await app.ok(OrganizationDocument, { id: organizationId }, { token: a.token });
    expect(organization.members.filter((m) => m.role === 'OWNER')).toHaveLength(1);
  });

  it('removing someone from the organization removes them from its workspaces too', async () => {
    const owner = await createUser(app, 'owner');
    const member = await createUser(app, 'member');
    const organizationId = await createOrganization(app, owner);
    const workspace = await createWorkspace(app, owner, organizationId);
    await addToOrganization(app, owner, organizationId, member);
    await addToWorkspace(app, owner, workspace.id, member, 'EDITOR');
    await app.ok(WorkspaceDocument, { id: workspace.id }, { token: member.token });

    await app.ok(RemoveOrganizationMemberDocument, { input: { organizationId, userId: member.id } }, { token: owner.token });
    expect((await app.request(WorkspaceDocument, { id: workspace.id }, { token: member.token })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await addToOrganization(app, owner, organizationId, member);
    expect((await app.request(WorkspaceDocument, { id: workspace.id }, { token: member.token })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('shows owners the audit trail of the organization and its workspaces', async () => {
    const owner = await createUser(app, 'owner');
    const member = await createUser(app, 'member');
    const organizationId = await createOrganization(app, owner);
    const workspace = await createWorkspace(app, owner, organizationId);
    await addToOrganization(app, owner, organizationId, member);
    await app.ok(UpdateOrganizationMemberRoleDocument, { input: { organizationId, userId: member.id, role: 'OWNER' } }, { token: owner.token });
    await app.ok(UpdateOrganizationDocument, { input: { organizationId, name: 'Renamed' } }, { token: owner.token });

    const { edges } = (await app.ok(OrganizationAuditEventsDocument, { id: organizationId }, { token: owner.token })).organization.auditEvents;
    expect(edges.map((e) => e.node.action)).toEqual([
      'organization.updated',
      'org_member.updated',
      'invitation.accepted',
      'org_member.added',
      'member.invited',
      'workspace.created',
      'organization.created',
    ]);
    expect(edges.find((e) => e.node.action === 'workspace.created')!.node.workspaceId).toBe(workspace.id);
    expect(edges.find((e) => e.node.action === 'org_member.updated')!.node).toMatchObject({ riskLevel: 'MEDIUM', target: { type: 'user', id: member.id }, actor: { id: owner.id } });

    await app.ok(UpdateOrganizationMemberRoleDocument, { input: { organizationId, userId: member.id, role: 'MEMBER' } }, { token: owner.token });
    expect((await app.request(OrganizationAuditEventsDocument, { id: organizationId }, { token: member.token })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
