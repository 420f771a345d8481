import {
  AcceptInvitationDocument,
  AddWorkspaceMemberDocument,
  InviteMemberDocument,
  OrganizationDocument,
  OrganizationInvitationsDocument,
  RemoveWorkspaceMemberDocument,
  ResendInvitationDocument,
  RevokeInvitationDocument,
  SignUpDocument,
  ViewerDocument,
  WorkspaceAuditEventsDocument,
  WorkspaceDocument,
  WorkspaceInvitationsDocument,
  type InvitationRole,
} from '../../testing/generated/graphql';
import { TEST_PASSWORD, addToOrganization, addToWorkspace, createTenant, createUser, createWorkspace, type TestUser } from '../../testing/fixtures';
import type { ReceivedMail } from '../../testing/smtp-sink';
import { startTestApp, uniqueEmail, type GraphQLResult, type TestApp } from '../../testing/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

const DAY_MS = 24 * 3600_000;
const LINK = /http:\/\/gatehouse\.test\/invitations\/(gti_[0-9A-Za-z]+)/;

const failureOf = (result: GraphQLResult<unknown>) => result.errors?.[0]?.extensions ?? { code: 'OK' };

describe('invitations', () => {
  let app: TestApp;
  let tenant: Tenant;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    tenant = await createTenant(app);
  });
  afterAll(() => app.stop());

  const invite = (email: string, role: InvitationRole, place: { workspaceId?: string; organizationId?: string } = { workspaceId: tenant.workspace.id }, by: TestUser = tenant.admin) =>
    app.request(InviteMemberDocument, { input: { ...place, email, role } }, { token: by.token });

  /** The `n`th mail (1-based) to `email`, waiting for it, with the token of its link. */
  const mailTo = async (email: string, n = 1): Promise<{ mail: ReceivedMail; token: string }> => {
    const mails = () => app.smtp!.messages.filter((m) => m.to.some((to) => to.toLowerCase() === email.toLowerCase()));
    await app.smtp!.waitFor(() => mails().length >= n);
    const mail = mails()[n - 1];
    return { mail, token: LINK.exec(mail.text)![1] };
  };

  const signUp = (email: string, invitationToken?: string) => app.request(SignUpDocument, { input: { email, password: TEST_PASSWORD, name: 'Invitee Person', invitationToken } });

  it('mails the inviter, the place, the role and a working link; access starts only at acceptance', async () => {
    const email = uniqueEmail('invitee');
    const { data } = await invite(email, 'EDITOR');
    expect(data?.inviteMember.invitation).toMatchObject({ email, role: 'EDITOR', status: 'PENDING', workspaceId: tenant.workspace.id, invitedBy: { id: tenant.admin.id } });

    const { mail, token } = await mailTo(email);
    expect(mail.subject).toBe(`${tenant.admin.name} invited you to ${tenant.workspace.name} on Gatehouse`);
    expect(mail.text).toContain(`${tenant.admin.name} invited you to join the workspace "${tenant.workspace.name}" of Acme as EDITOR`);
    expect(mail.html).toContain(`href="http://gatehouse.test/invitations/${token}"`);
    expect(mail.html).toContain('<b>EDITOR</b>');

    // An account with the invited address, unverified, has no access while the invitation is pending.
    const person = (await signUp(email)).data!.signUp;
    expect(person.viewer.emailVerified).toBe(false);
    expect(failureOf(await app.request(WorkspaceDocument, { id: tenant.workspace.id }, { token: person.token })).code).toBe('NOT_FOUND');

    const { acceptInvitation } = await app.ok(AcceptInvitationDocument, { input: { token } }, { token: person.token });
    expect(acceptInvitation.invitation).toMatchObject({ status: 'ACCEPTED', workspaceId: tenant.workspace.id, role: 'EDITOR' });
    expect((await app.ok(WorkspaceDocument, { id: tenant.workspace.id }, { token: person.token })).workspace.viewerRole).toBe('EDITOR');
    // Accepting a workspace invitation made them an organization member, and proved their address.
    expect((await app.ok(OrganizationDocument, { id: tenant.organizationId }, { token: person.token })).organization.viewerRole).toBe('MEMBER');
    expect((await app.ok(ViewerDocument, {}, { token: person.token })).viewer.emailVerified).toBe(true);

    const { edges } = (await app.ok(WorkspaceAuditEventsDocument, { id: tenant.workspace.id, first: 200 }, { token: tenant.admin.token })).workspace.auditEvents;
    const actions = edges.map((edge) => edge.node).filter((node) => node.target.id === acceptInvitation.invitation.id || node.target.id === person.viewer.id).map((node) => [node.action, node.riskLevel]);
    expect(actions).toEqual(expect.arrayContaining([['member.invited', 'MEDIUM'], ['invitation.accepted', 'MEDIUM'], ['member.added', 'MEDIUM']]));
  });

  it('lets a new person sign up with the token: verified, and a member at once; another address creates no account', async () => {
    const email = uniqueEmail('newcomer');
    await invite(email, 'VIEWER');
    const { token } = await mailTo(email);

    const otherEmail = uniqueEmail('other');
    expect(failureOf(await signUp(otherEmail, token))).toMatchObject({ code: 'FORBIDDEN', reason: 'EMAIL_MISMATCH' });
    expect(await app.infra.dataSource.query('SELECT 1 FROM "user" WHERE email_normalized = $1', [otherEmail])).toHaveLength(0);

    const { signUp: signedUp } = await app.ok(SignUpDocument, { input: { email, password: TEST_PASSWORD, name: 'New Comer', invitationToken: token } });
    expect(signedUp.viewer.emailVerified).toBe(true);
    expect((await app.ok(WorkspaceDocument, { id: tenant.workspace.id }, { token: signedUp.token })).workspace.viewerRole).toBe('VIEWER');
  });

  it('refuses a wrong address, a used, a revoked, an unknown and a replaced token, each with its own reason', async () => {
    const email = uniqueEmail('refusals');
    const { data } = await invite(email, 'VIEWER');
    const { token } = await mailTo(email);
    const stranger = await createUser(app, 'wrongmail');
    expect(failureOf(await app.request(AcceptInvitationDocument, { input: { token } }, { token: stranger.token }))).toMatchObject({ code: 'FORBIDDEN', reason: 'EMAIL_MISMATCH' });

    const person = (await signUp(email)).data!.signUp;
    await app.ok(AcceptInvitationDocument, { input: { token } }, { token: person.token });
    expect(failureOf(await app.request(AcceptInvitationDocument, { input: { token } }, { token: person.token }))).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ACCEPTED' });
    expect(failureOf(await app.request(RevokeInvitationDocument, { input: { id: data!.inviteMember.invitation.id } }, { token: tenant.admin.token }))).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_ACCEPTED' });

    const revokedEmail = uniqueEmail('revoked');
    const revoked = await invite(revokedEmail, 'VIEWER');
    const { token: revokedToken } = await mailTo(revokedEmail);
    const { revokeInvitation } = await app.ok(RevokeInvitationDocument, { input: { id: revoked.data!.inviteMember.invitation.id } }, { token: tenant.admin.token });
    expect(revokeInvitation.invitation.status).toBe('REVOKED');
    expect(failureOf(await signUp(revokedEmail, revokedToken))).toMatchObject({ code: 'CONFLICT', reason: 'REVOKED' });
    expect(failureOf(await app.request(ResendInvitationDocument, { input: { id: revoked.data!.inviteMember.invitation.id } }, { token: tenant.admin.token }))).toMatchObject({ code: 'CONFLICT', reason: 'REVOKED' });

    expect(failureOf(await app.request(AcceptInvitationDocument, { input: { token: 'gti_madeup' } }, { token: person.token }))).toMatchObject({ code: 'NOT_FOUND', reason: 'INVALID_TOKEN' });

    const replacedEmail = uniqueEmail('replaced');
    const replaced = await invite(replacedEmail, 'VIEWER');
    const { token: firstToken } = await mailTo(replacedEmail);
    await app.ok(ResendInvitationDocument, { input: { id: replaced.data!.inviteMember.invitation.id } }, { token: tenant.admin.token });
    const { token: secondToken } = await mailTo(replacedEmail, 2);
    expect(secondToken).not.toBe(firstToken);
    expect(failureOf(await signUp(replacedEmail, firstToken))).toMatchObject({ code: 'NOT_FOUND', reason: 'INVALID_TOKEN' });
    await app.ok(SignUpDocument, { input: { email: replacedEmail, password: TEST_PASSWORD, name: 'Second Link', invitationToken: secondToken } });
  });

  it('expires after 7 days on the app clock, stays listed as EXPIRED, and a resend revives the same row', async () => {
    const workspace = await createWorkspace(app, tenant.owner, tenant.organizationId);
    const email = uniqueEmail('late');
    const id = (await invite(email, 'VIEWER', { workspaceId: workspace.id }, tenant.owner)).data!.inviteMember.invitation.id;
    const { token } = await mailTo(email);

    app.clock.advance(7 * DAY_MS + 60_000);
    const list = async (status?: 'PENDING' | 'EXPIRED') =>
      (await app.ok(WorkspaceInvitationsDocument, { id: workspace.id, status }, { token: tenant.owner.token })).workspace.invitations.edges.map((edge) => [edge.node.id, edge.node.status]);
    expect(await list()).toEqual([[id, 'EXPIRED']]);
    expect(await list('EXPIRED')).toEqual([[id, 'EXPIRED']]);
    expect(await list('PENDING')).toEqual([]);
    expect(failureOf(await signUp(email, token))).toMatchObject({ code: 'CONFLICT', reason: 'EXPIRED' });

    const { resendInvitation } = await app.ok(ResendInvitationDocument, { input: { id } }, { token: tenant.owner.token });
    expect(resendInvitation.invitation.status).toBe('PENDING');
    expect(new Date(resendInvitation.invitation.expiresAt).getTime()).toBeGreaterThan(app.clock.now().getTime() + 7 * DAY_MS - 60_000);
    const { token: fresh } = await mailTo(email, 2);
    await app.ok(SignUpDocument, { input: { email, password: TEST_PASSWORD, name: 'Late Joiner', invitationToken: fresh } });
    expect(await list()).toEqual([[id, 'ACCEPTED']]);
  });

  it('refreshes instead of duplicating, and sends again at most 5 times an hour per workspace', async () => {
    const workspace = await createWorkspace(app, tenant.owner, tenant.organizationId);
    const place = { workspaceId: workspace.id };
    const email = uniqueEmail('again');
    const first = (await invite(email, 'VIEWER', place, tenant.owner)).data!.inviteMember.invitation;
    // Inviting the same address (any case) again refreshes the open invitation, with the new role.
    const again = (await invite(email.toUpperCase(), 'EDITOR', place, tenant.owner)).data!.inviteMember.invitation;
    expect(again).toMatchObject({ id: first.id, role: 'EDITOR', status: 'PENDING' });
    for (let i = 0; i < 4; i++) await app.ok(ResendInvitationDocument, { input: { id: first.id } }, { token: tenant.owner.token });
    const { edges } = (await app.ok(WorkspaceInvitationsDocument, { id: workspace.id }, { token: tenant.owner.token })).workspace.invitations;
    expect(edges).toHaveLength(1);

    // Five mails sent again this hour (one re-invite, four resends): the sixth waits, the rest of the world does not.
    const limited = failureOf(await app.request(ResendInvitationDocument, { input: { id: first.id } }, { token: tenant.owner.token }));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.retryAfterSeconds).toBeGreaterThan(3000);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(failureOf(await invite(email, 'VIEWER', place, tenant.owner))).toMatchObject({ code: 'RATE_LIMITED' });
    await invite(uniqueEmail('unaffected'), 'VIEWER', place, tenant.owner).then((result) => expect(result.errors).toBeUndefined());
    await mailTo(email, 6);

    app.clock.advance(3600_000);
    await app.ok(ResendInvitationDocument, { input: { id: first.id } }, { token: tenant.owner.token });
  });

  it('invites to the organization itself: owners only, OWNER/MEMBER roles, listed on the organization', async () => {
    const email = uniqueEmail('orginvite');
    const place = { organizationId: tenant.organizationId };
    expect(failureOf(await invite(email, 'MEMBER', place, tenant.admin))).toMatchObject({ code: 'FORBIDDEN' });
    expect(failureOf(await invite(email, 'EDITOR', place, tenant.owner))).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'role' }] });
    const { inviteMember } = await app.ok(InviteMemberDocument, { input: { ...place, email, role: 'OWNER' } }, { token: tenant.owner.token });
    expect(inviteMember.invitation.workspaceId).toBeNull();
    const { mail, token } = await mailTo(email);
    expect(mail.text).toContain('join the organization "Acme" as OWNER');

    const listed = (await app.ok(OrganizationInvitationsDocument, { id: tenant.organizationId }, { token: tenant.owner.token })).organization.invitations.edges;
    expect(listed.map((edge) => edge.node.id)).toContain(inviteMember.invitation.id);
    expect(failureOf(await app.request(OrganizationInvitationsDocument, { id: tenant.organizationId }, { token: tenant.admin.token })).code).toBe('FORBIDDEN');

    const { signUp: owner } = await app.ok(SignUpDocument, { input: { email, password: TEST_PASSWORD, name: 'Co Owner', invitationToken: token } });
    expect((await app.ok(OrganizationDocument, { id: tenant.organizationId }, { token: owner.token })).organization.viewerRole).toBe('OWNER');
  });

  it('validates the target, the role and existing membership', async () => {
    const email = uniqueEmail('validate');
    const both = await invite(email, 'VIEWER', { workspaceId: tenant.workspace.id, organizationId: tenant.organizationId });
    expect(failureOf(both)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'workspaceId' }] });
    expect(failureOf(await invite(email, 'VIEWER', {}))).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'organizationId' }] });
    expect(failureOf(await invite(email, 'OWNER'))).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'role' }] });
    expect(failureOf(await invite('not-an-email', 'VIEWER'))).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'email' }] });
    expect(failureOf(await invite(tenant.viewer.email, 'EDITOR'))).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'email' }] });
  });

  it('lets workspace admins manage invitations: editors are FORBIDDEN, outsiders NOT_FOUND', async () => {
    const email = uniqueEmail('perm');
    const id = (await invite(email, 'VIEWER')).data!.inviteMember.invitation.id;
    for (const [caller, code] of [[tenant.editor, 'FORBIDDEN'], [tenant.outsider, 'NOT_FOUND']] as const) {
      expect(failureOf(await invite(uniqueEmail('x'), 'VIEWER', undefined, caller)).code).toBe(code);
      expect(failureOf(await app.request(ResendInvitationDocument, { input: { id } }, { token: caller.token })).code).toBe(code);
      expect(failureOf(await app.request(RevokeInvitationDocument, { input: { id } }, { token: caller.token })).code).toBe(code);
      expect(failureOf(await app.request(WorkspaceInvitationsDocument, { id: tenant.workspace.id }, { token: caller.token })).code).toBe(code);
    }
    expect(failureOf(await app.request(RevokeInvitationDocument, { input: { id: '00000000-0000-4000-8000-000000000000' } }, { token: tenant.admin.token })).code).toBe('NOT_FOUND');
  });

  it('pages through invitations newest first', async () => {
    const workspace = await createWorkspace(app, tenant.owner, tenant.organizationId);
    const emails = [uniqueEmail('p1'), uniqueEmail('p2'), uniqueEmail('p3')];
    for (const email of emails) {
      await invite(email, 'VIEWER', { workspaceId: workspace.id }, tenant.owner);
      app.clock.advance(1000);
    }
    const page1 = (await app.ok(WorkspaceInvitationsDocument, { id: workspace.id, first: 2 }, { token: tenant.owner.token })).workspace.invitations;
    expect(page1.edges.map((edge) => edge.node.email)).toEqual([emails[2], emails[1]]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await app.ok(WorkspaceInvitationsDocument, { id: workspace.id, first: 2, after: page1.pageInfo.endCursor }, { token: tenant.owner.token })).workspace.invitations;
    expect(page2.edges.map((edge) => edge.node.email)).toEqual([emails[0]]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  describe('seats', () => {
    it('gives 20 concurrent invites against a seat limit of 5 with 2 members exactly 3 seats', async () => {
      const workspace = await createWorkspace(app, tenant.owner, tenant.organizationId, { seatLimit: 5 });
      await addToWorkspace(app, tenant.owner, workspace.id, tenant.editor, 'EDITOR');
      await addToWorkspace(app, tenant.owner, workspace.id, tenant.viewer, 'VIEWER');
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => invite(uniqueEmail(`seat${i}`), 'VIEWER', { workspaceId: workspace.id }, tenant.owner)));
      expect(results.filter((result) => !result.errors)).toHaveLength(3);
      expect(results.filter((result) => result.errors).map((result) => failureOf(result))).toEqual(Array(17).fill(expect.objectContaining({ code: 'CONFLICT', reason: 'seat limit reached' })));
      // Pending invitations hold their seats against direct adds too.
      const joiner = await createUser(app, 'seatjoiner');
      await addToOrganization(app, tenant.owner, tenant.organizationId, joiner);
      expect(failureOf(await app.request(AddWorkspaceMemberDocument, { input: { workspaceId: workspace.id, userId: joiner.id, role: 'VIEWER' } }, { token: tenant.owner.token })).code).toBe('CONFLICT');
    });

    it('accepts an invitation into the seat it held, and frees seats held by revoked or expired ones', async () => {
      const workspace = await createWorkspace(app, tenant.owner, tenant.organizationId, { seatLimit: 2 });
      await addToWorkspace(app, tenant.owner, workspace.id, tenant.viewer, 'VIEWER');
      const email = uniqueEmail('lastseat');
      await invite(email, 'VIEWER', { workspaceId: workspace.id }, tenant.owner);
      expect(failureOf(await invite(uniqueEmail('noseat'), 'VIEWER', { workspaceId: workspace.id }, tenant.owner))).toMatchObject({ code: 'CONFLICT' });
      const { token } = await mailTo(email);
      const { signUp: joined } = await app.ok(SignUpDocument, { input: { email, password: TEST_PASSWORD, name: 'Last Seat', invitationToken: token } });
      expect((await app.ok(WorkspaceDocument, { id: workspace.id }, { token: joined.token })).workspace.viewerRole).toBe('VIEWER');

      await app.ok(RemoveWorkspaceMemberDocument, { input: { workspaceId: workspace.id, userId: tenant.viewer.id } }, { token: tenant.owner.token });
      const revoked = (await invite(uniqueEmail('revokedseat'), 'VIEWER', { workspaceId: workspace.id }, tenant.owner)).data!.inviteMember.invitation.id;
      await app.ok(RevokeInvitationDocument, { input: { id: revoked } }, { token: tenant.owner.token });
      const expiring = (await invite(uniqueEmail('expiredseat'), 'VIEWER', { workspaceId: workspace.id }, tenant.owner)).data!.inviteMember.invitation.id;
      app.clock.advance(7 * DAY_MS + 60_000);
      await app.ok(InviteMemberDocument, { input: { workspaceId: workspace.id, email: uniqueEmail('freedseat'), role: 'VIEWER' } }, { token: tenant.owner.token });
      // Reviving the expired one now needs a seat again.
      expect(failureOf(await app.request(ResendInvitationDocument, { input: { id: expiring } }, { token: tenant.owner.token }))).toMatchObject({ code: 'CONFLICT', reason: 'seat limit reached' });
    });
  });

  it("ends a removed member's access on their next request", async () => {
    const email = uniqueEmail('leaver');
    await invite(email, 'EDITOR');
    const { token } = await mailTo(email);
    const { signUp: leaver } = await app.ok(SignUpDocument, { input: { email, password: TEST_PASSWORD, name: 'Leaver', invitationToken: token } });
    expect((await app.ok(WorkspaceDocument, { id: tenant.workspace.id }, { token: leaver.token })).workspace.viewerRole).toBe('EDITOR');
    await app.ok(RemoveWorkspaceMemberDocument, { input: { workspaceId: tenant.workspace.id, userId: leaver.viewer.id } }, { token: tenant.admin.token });
    expect(failureOf(await app.request(WorkspaceDocument, { id: tenant.workspace.id }, { token: leaver.token })).code).toBe('NOT_FOUND');
  });
});
