import { randomBytes } from 'node:crypto';
import { CredentialPrefix, generateCredential, hashCredential } from '../auth/credential-token';
import {
  AcceptInvitationDocument,
  AddWorkspaceMemberDocument,
  CreateOrganizationDocument,
  CreateWorkspaceDocument,
  InviteMemberDocument,
  SignUpDocument,
  type OrgRole,
  type WorkspaceRole,
} from './generated/graphql';
import { uniqueEmail, type TestApp } from './test-app';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  token: string;
}

export const TEST_PASSWORD = 'correct horse battery staple';

export async function createUser(app: TestApp, label = 'user'): Promise<TestUser> {
  const email = uniqueEmail(label);
  const { signUp } = await app.ok(SignUpDocument, { input: { email, password: TEST_PASSWORD, name: `${label} ${email.slice(label.length + 1, label.length + 5)}` } });
  return { id: signUp.viewer.id, email, name: signUp.viewer.name, token: signUp.token };
}

export async function createOrganization(app: TestApp, owner: TestUser, name = 'Acme'): Promise<string> {
  const { createOrganization } = await app.ok(CreateOrganizationDocument, { input: { name } }, { token: owner.token });
  return createOrganization.organization.id;
}

export const uniqueSlug = (label = 'ws'): string => `${label}-${randomBytes(4).toString('hex')}`;

export async function createWorkspace(app: TestApp, owner: TestUser, organizationId: string, overrides: { seatLimit?: number; slug?: string } = {}) {
  const { createWorkspace } = await app.ok(
    CreateWorkspaceDocument,
    { input: { organizationId, name: 'Workspace', slug: overrides.slug ?? uniqueSlug(), region: 'eu-west-1', seatLimit: overrides.seatLimit } },
    { token: owner.token },
  );
  return createWorkspace.workspace;
}

/**
 * The person accepts an invitation: the only way into an organization. Tests without an SMTP sink read
 * no mail, so the mailed link's token is replaced by one the test knows (only its hash is stored).
 */
export async function acceptInvitationAs(app: TestApp, invitationId: string, user: TestUser): Promise<void> {
  const token = generateCredential(CredentialPrefix.Invitation);
  await app.infra.dataSource.query('UPDATE invitation SET token_hash = $1 WHERE id = $2', [hashCredential(token), invitationId]);
  await app.ok(AcceptInvitationDocument, { input: { token } }, { token: user.token });
}

export async function addToOrganization(app: TestApp, owner: TestUser, organizationId: string, user: TestUser, role: OrgRole = 'MEMBER'): Promise<void> {
  const { inviteMember } = await app.ok(InviteMemberDocument, { input: { organizationId, email: user.email, role } }, { token: owner.token });
  await acceptInvitationAs(app, inviteMember.invitation.id, user);
}

export async function addToWorkspace(app: TestApp, admin: TestUser, workspaceId: string, user: TestUser, role: WorkspaceRole): Promise<void> {
  await app.ok(AddWorkspaceMemberDocument, { input: { workspaceId, userId: user.id, role } }, { token: admin.token });
}

/** An organization with one workspace, its owner, and one member per workspace role plus an org member outside it. */
export async function createTenant(app: TestApp) {
  const owner = await createUser(app, 'owner');
  const organizationId = await createOrganization(app, owner);
  const workspace = await createWorkspace(app, owner, organizationId);
  const [admin, editor, viewer, outsider] = await Promise.all(['admin', 'editor', 'viewer', 'orgonly'].map((label) => createUser(app, label)));
  for (const user of [admin, editor, viewer, outsider]) await addToOrganization(app, owner, organizationId, user);
  await addToWorkspace(app, owner, workspace.id, admin, 'ADMIN');
  await addToWorkspace(app, owner, workspace.id, editor, 'EDITOR');
  await addToWorkspace(app, owner, workspace.id, viewer, 'VIEWER');
  return { owner, organizationId, workspace, admin, editor, viewer, outsider };
}
