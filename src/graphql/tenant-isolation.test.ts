import { getNamedType, isInputObjectType, type GraphQLArgument, type GraphQLInputField, type GraphQLSchema } from 'graphql';
import {
  ActivateWorkspaceApiKeyDocument,
  CreatePersonalApiKeyDocument,
  CreateWorkspaceApiKeyDocument,
  DeactivateWorkspaceApiKeyDocument,
  DeletePersonalApiKeyDocument,
  ExportAuditEventsDocument,
  KeyWorkspaceAuditEventsDocument,
  RevokeWorkspaceApiKeyDocument,
  RotateWorkspaceApiKeyDocument,
  AddOrganizationMemberDocument,
  AddWorkspaceMemberDocument,
  CreateWorkspaceDocument,
  DeletePasskeyDocument,
  EraseMemberDocument,
  InviteMemberDocument,
  RenamePasskeyDocument,
  LeaveOrganizationDocument,
  OrganizationDocument,
  RemoveOrganizationMemberDocument,
  RemoveWorkspaceMemberDocument,
  ResendInvitationDocument,
  RevokeInvitationDocument,
  RevokeSessionDocument,
  SendAuditDigestNowDocument,
  UpdateAuditDigestDocument,
  UpdateOrganizationDocument,
  UpdateOrganizationMemberRoleDocument,
  UpdateWorkspaceDocument,
  UpdateWorkspaceMemberRoleDocument,
  ViewerPersonalApiKeysDocument,
  WorkspaceApiKeysDocument,
  WorkspaceDocument,
} from '../testing/generated/graphql';
import { createOrganization, createUser, createWorkspace, uniqueSlug, type TestUser } from '../testing/fixtures';
import { startTestApp, uniqueEmail, type GraphQLResult, type TestApp } from '../testing/test-app';
import { buildModulesSchema } from '../services';

/** Root fields that take an ID, directly or anywhere inside their input. */
function idTakingRootFields(schema: GraphQLSchema): string[] {
  const takesId = (inputs: ReadonlyArray<GraphQLArgument | GraphQLInputField>, seen = new Set<string>()): boolean =>
    inputs.some((input) => {
      const type = getNamedType(input.type);
      if (type.name === 'ID') return true;
      if (!isInputObjectType(type) || seen.has(type.name)) return false;
      seen.add(type.name);
      return takesId(Object.values(type.getFields()), seen);
    });
  return [schema.getQueryType()!, schema.getMutationType()!].flatMap((root) =>
    Object.values(root.getFields())
      .filter((field) => takesId(field.args))
      .map((field) => field.name),
  );
}

interface Tenant {
  user: TestUser;
  organizationId: string;
  workspaceId: string;
  sessionId: string;
  passkeyId: string;
  invitationId: string;
  apiKeyId: string;
  personalApiKeyId: string;
}

describe('tenant isolation', () => {
  let app: TestApp;
  let a: Tenant;
  let b: Tenant;

  const makeTenant = async (label: string): Promise<Tenant> => {
    const user = await createUser(app, label);
    const organizationId = await createOrganization(app, user, `Org ${label}`);
    const workspace = await createWorkspace(app, user, organizationId);
    const db = app.infra.dataSource;
    const session = await db.query('SELECT id FROM session WHERE user_id = $1 LIMIT 1', [user.id]);
    // A stored passkey row is enough here: the sweep never verifies a signature with it.
    const passkey = await db.query(
      `INSERT INTO passkey (user_id, credential_id, public_key, sign_count, transports, device_type, backed_up, name) VALUES ($1, $2, '\\x00', 0, '{}', 'SINGLE_DEVICE', false, 'Key') RETURNING id`,
      [user.id, `cred-${label}-${Date.now()}`],
    );
    const { inviteMember } = await app.ok(InviteMemberDocument, { input: { workspaceId: workspace.id, email: uniqueEmail('invited'), role: 'VIEWER' } }, { token: user.token });
    const apiKey = await app.ok(CreateWorkspaceApiKeyDocument, { input: { workspaceId: workspace.id, name: 'Key', scopes: ['workspace:read'] } }, { token: user.token });
    const personal = await app.ok(CreatePersonalApiKeyDocument, { input: { name: 'Key', expiresInDays: 1 } }, { token: user.token });
    return {
      user,
      organizationId,
      workspaceId: workspace.id,
      sessionId: session[0].id,
      passkeyId: passkey[0].id,
      apiKeyId: apiKey.createWorkspaceApiKey.apiKey.id,
      personalApiKeyId: personal.createPersonalApiKey.apiKey.id,
      invitationId: inviteMember.invitation.id,
    };
  };

  beforeAll(async () => {
    app = await startTestApp();
    a = await makeTenant('tenant-a');
    b = await makeTenant('tenant-b');
  });
  afterAll(() => app.stop());

  // Each operation, called by tenant A's owner with tenant B's ids.
  const sweep: Record<string, () => Promise<GraphQLResult<unknown>>> = {
    organization: () => app.request(OrganizationDocument, { id: b.organizationId }, { token: a.user.token }),
    workspace: () => app.request(WorkspaceDocument, { id: b.workspaceId }, { token: a.user.token }),
    updateOrganization: () => app.request(UpdateOrganizationDocument, { input: { organizationId: b.organizationId, name: 'pwned' } }, { token: a.user.token }),
    addOrganizationMember: () => app.request(AddOrganizationMemberDocument, { input: { organizationId: b.organizationId, email: a.user.email, role: 'OWNER' } }, { token: a.user.token }),
    updateOrganizationMemberRole: () => app.request(UpdateOrganizationMemberRoleDocument, { input: { organizationId: b.organizationId, userId: b.user.id, role: 'MEMBER' } }, { token: a.user.token }),
    removeOrganizationMember: () => app.request(RemoveOrganizationMemberDocument, { input: { organizationId: b.organizationId, userId: b.user.id } }, { token: a.user.token }),
    leaveOrganization: () => app.request(LeaveOrganizationDocument, { input: { organizationId: b.organizationId } }, { token: a.user.token }),
    createWorkspace: () => app.request(CreateWorkspaceDocument, { input: { organizationId: b.organizationId, name: 'x', slug: uniqueSlug(), region: 'eu-west-1' } }, { token: a.user.token }),
    updateWorkspace: () => app.request(UpdateWorkspaceDocument, { input: { workspaceId: b.workspaceId, name: 'pwned' } }, { token: a.user.token }),
    addWorkspaceMember: () => app.request(AddWorkspaceMemberDocument, { input: { workspaceId: b.workspaceId, userId: a.user.id, role: 'ADMIN' } }, { token: a.user.token }),
    updateWorkspaceMemberRole: () => app.request(UpdateWorkspaceMemberRoleDocument, { input: { workspaceId: b.workspaceId, userId: b.user.id, role: 'VIEWER' } }, { token: a.user.token }),
    removeWorkspaceMember: () => app.request(RemoveWorkspaceMemberDocument, { input: { workspaceId: b.workspaceId, userId: b.user.id } }, { token: a.user.token }),
    revokeSession: () => app.request(RevokeSessionDocument, { input: { id: b.sessionId } }, { token: a.user.token }),
    renamePasskey: () => app.request(RenamePasskeyDocument, { input: { id: b.passkeyId, name: 'pwned' } }, { token: a.user.token }),
    deletePasskey: () => app.request(DeletePasskeyDocument, { input: { id: b.passkeyId } }, { token: a.user.token }),
    inviteMember: async () => {
      // Both targets, B's workspace and B's organization: the first answer that is not NOT_FOUND, if any.
      const results = [
        await app.request(InviteMemberDocument, { input: { workspaceId: b.workspaceId, email: uniqueEmail('x'), role: 'ADMIN' } }, { token: a.user.token }),
        await app.request(InviteMemberDocument, { input: { organizationId: b.organizationId, email: uniqueEmail('x'), role: 'OWNER' } }, { token: a.user.token }),
      ];
      return results.find((result) => result.errors?.[0]?.extensions?.code !== 'NOT_FOUND') ?? results[0];
    },
    resendInvitation: () => app.request(ResendInvitationDocument, { input: { id: b.invitationId } }, { token: a.user.token }),
    revokeInvitation: () => app.request(RevokeInvitationDocument, { input: { id: b.invitationId } }, { token: a.user.token }),
    eraseMember: () => app.request(EraseMemberDocument, { input: { workspaceId: b.workspaceId, userId: b.user.id } }, { token: a.user.token }),
    workspaceAuditEvents: () => app.request(KeyWorkspaceAuditEventsDocument, { workspaceId: b.workspaceId }, { token: a.user.token }),
    exportAuditEvents: () =>
      app.request(ExportAuditEventsDocument, { workspaceId: b.workspaceId, from: new Date(0).toISOString(), to: new Date().toISOString(), format: 'JSONL' }, { token: a.user.token }),
    createWorkspaceApiKey: () => app.request(CreateWorkspaceApiKeyDocument, { input: { workspaceId: b.workspaceId, name: 'x', scopes: ['workspace:read'] } }, { token: a.user.token }),
    deactivateWorkspaceApiKey: () => app.request(DeactivateWorkspaceApiKeyDocument, { input: { workspaceId: b.workspaceId, id: b.apiKeyId } }, { token: a.user.token }),
    activateWorkspaceApiKey: () => app.request(ActivateWorkspaceApiKeyDocument, { input: { workspaceId: b.workspaceId, id: b.apiKeyId } }, { token: a.user.token }),
    revokeWorkspaceApiKey: () => app.request(RevokeWorkspaceApiKeyDocument, { input: { workspaceId: b.workspaceId, id: b.apiKeyId } }, { token: a.user.token }),
    rotateWorkspaceApiKey: () => app.request(RotateWorkspaceApiKeyDocument, { input: { workspaceId: b.workspaceId, id: b.apiKeyId, gracePeriodMinutes: 0 } }, { token: a.user.token }),
    deletePersonalApiKey: () => app.request(DeletePersonalApiKeyDocument, { input: { id: b.personalApiKeyId } }, { token: a.user.token }),
    updateAuditDigest: () =>
      app.request(
        UpdateAuditDigestDocument,
        { input: { workspaceId: b.workspaceId, enabled: true, frequency: 'DAILY', hourUTC: 0, includeRiskLevels: ['CRITICAL'], recipients: [a.user.email] } },
        { token: a.user.token },
      ),
    sendAuditDigestNow: () => app.request(SendAuditDigestNowDocument, { input: { workspaceId: b.workspaceId } }, { token: a.user.token }),
  };

  it('sweeps every id-taking query and mutation of the schema', async () => {
    const schema = await buildModulesSchema();
    expect(Object.keys(sweep).sort()).toEqual(idTakingRootFields(schema).sort());
  });

  it.each(Object.keys(sweep))("%s answers NOT_FOUND for another tenant's ids", async (operation) => {
    const result = await sweep[operation]();
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("left the other tenant's data untouched", async () => {
    const { organization } = await app.ok(OrganizationDocument, { id: b.organizationId }, { token: b.user.token });
    expect(organization.name).toBe('Org tenant-b');
    expect(organization.members.map((m) => [m.userId, m.role])).toEqual([[b.user.id, 'OWNER']]);
    expect((await app.ok(WorkspaceDocument, { id: b.workspaceId }, { token: b.user.token })).workspace.name).toBe('Workspace');
    const { workspace } = await app.ok(WorkspaceApiKeysDocument, { id: b.workspaceId }, { token: b.user.token });
    expect(workspace.apiKeys.map((key) => [key.id, key.status])).toEqual([[b.apiKeyId, 'ACTIVE']]);
    expect((await app.ok(ViewerPersonalApiKeysDocument, {}, { token: b.user.token })).viewer.personalApiKeys.map((key) => key.id)).toEqual([b.personalApiKeyId]);
  });
});
