import { getNamedType, isInputObjectType, type GraphQLArgument, type GraphQLInputField, type GraphQLSchema } from 'graphql';
import {
  AddOrganizationMemberDocument,
  AddWorkspaceMemberDocument,
  CreateWorkspaceDocument,
  DeletePasskeyDocument,
  RenamePasskeyDocument,
  LeaveOrganizationDocument,
  OrganizationDocument,
  RemoveOrganizationMemberDocument,
  RemoveWorkspaceMemberDocument,
  RevokeSessionDocument,
  SendAuditDigestNowDocument,
  UpdateAuditDigestDocument,
  UpdateOrganizationDocument,
  UpdateOrganizationMemberRoleDocument,
  UpdateWorkspaceDocument,
  UpdateWorkspaceMemberRoleDocument,
  WorkspaceDocument,
} from '../testing/generated/graphql';
import { createOrganization, createUser, createWorkspace, uniqueSlug, type TestUser } from '../testing/fixtures';
import { startTestApp, type GraphQLResult, type TestApp } from '../testing/test-app';
import { buildGatehouseSchema } from './schema';

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
    return { user, organizationId, workspaceId: workspace.id, sessionId: session[0].id, passkeyId: passkey[0].id };
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
    updateAuditDigest: () =>
      app.request(
        UpdateAuditDigestDocument,
        { input: { workspaceId: b.workspaceId, enabled: true, frequency: 'DAILY', hourUTC: 0, includeRiskLevels: ['CRITICAL'], recipients: [a.user.email] } },
        { token: a.user.token },
      ),
    sendAuditDigestNow: () => app.request(SendAuditDigestNowDocument, { input: { workspaceId: b.workspaceId } }, { token: a.user.token }),
  };

  it('sweeps every id-taking query and mutation of the schema', async () => {
    const schema = await buildGatehouseSchema();
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
  });
});
