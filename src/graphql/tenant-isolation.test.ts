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
  AddProjectMemberDocument,
  ArchiveProjectDocument,
  CreateProjectDocument,
  CreateProjectRoleDocument,
  DeleteProjectDocument,
  DeleteProjectRoleDocument,
  ExplainAttributeVisibilityDocument,
  GenerateProjectApiKeyDocument,
  ProjectDocument,
  RedactSpanAttributesDocument,
  RegenerateProjectApiKeyDocument,
  RemoveProjectMemberDocument,
  RevokeProjectApiKeyDocument,
  UpdateAttributeVisibilityDocument,
  UpdateProjectDocument,
  UpdateProjectMemberRoleDocument,
  UpdateProjectRetentionDocument,
  UpdateProjectRoleDocument,
  ConnectSlackDocument,
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  DisconnectSlackDocument,
  PublishNotificationEventDocument,
  RedeliverNotificationDocument,
  RotateWebhookEndpointSecretDocument,
  SendTestWebhookDocument,
  UpdateNotificationSettingsDocument,
  UpdateWebhookEndpointDocument,
  WorkspaceWebhookEndpointsDocument,
  RegisterPushSubscriptionDocument,
  RemovePushSubscriptionDocument,
  ViewerPushSubscriptionsDocument,
  CreateEnvironmentDocument,
  RenameEnvironmentDocument,
  ReplaceEnvironmentsDocument,
  UpdateModelIntegrationDocument,
  DeleteEnvironmentDocument,
  CreateModelIntegrationDocument,
  RenameModelIntegrationDocument,
  RotateModelIntegrationCredentialDocument,
  DeleteModelIntegrationDocument,
  RevealModelIntegrationCredentialDocument,
  DeleteWorkspaceDocument,
  RecordUsageDocument,
  CreateBillingPortalSessionDocument,
  ImportWorkspaceSettingsDocument,
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
  projectId: string;
  projectRoleId: string;
  webhookEndpointId: string;
  pushSubscriptionId: string;
  environmentId: string;
  modelIntegrationId: string;
  workspaceSlug: string;
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
    const { createProject } = await app.ok(CreateProjectDocument, { input: { workspaceId: workspace.id, name: 'Project' } }, { token: user.token });
    const projectId = createProject.project.id;
    await app.ok(GenerateProjectApiKeyDocument, { input: { projectId } }, { token: user.token });
    const { createProjectRole } = await app.ok(CreateProjectRoleDocument, { input: { projectId, name: 'Role', permissions: ['project:read'] } }, { token: user.token });
    const push = await app.ok(
      RegisterPushSubscriptionDocument,
      { input: { endpoint: `https://push.example.com/${label}`, p256dh: Buffer.alloc(65, 4).toString('base64url'), auth: Buffer.alloc(16, 1).toString('base64url') } },
      { token: user.token },
    );
    const endpoint = await app.ok(CreateWebhookEndpointDocument, { input: { workspaceId: workspace.id, url: 'https://example.com/hook', eventTypes: ['RUN_FAILED'] } }, { token: user.token });
    const [environment] = await db.query('SELECT id FROM environment WHERE workspace_id = $1', [workspace.id]);
    const integration = await app.ok(
      CreateModelIntegrationDocument,
      { input: { workspaceId: workspace.id, provider: 'OPENAI', name: 'Model', credential: `sk-${label}-credential` } },
      { token: user.token },
    );
    return {
      projectId,
      projectRoleId: createProjectRole.role.id,
      environmentId: environment.id,
      workspaceSlug: workspace.slug,
      modelIntegrationId: integration.createModelIntegration.modelIntegration.id,
      user,
      organizationId,
      workspaceId: workspace.id,
      sessionId: session[0].id,
      passkeyId: passkey[0].id,
      apiKeyId: apiKey.createWorkspaceApiKey.apiKey.id,
      personalApiKeyId: personal.createPersonalApiKey.apiKey.id,
      invitationId: inviteMember.invitation.id,
      webhookEndpointId: endpoint.createWebhookEndpoint.endpoint.id,
      pushSubscriptionId: push.registerPushSubscription.subscription.id,
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
    project: () => app.request(ProjectDocument, { id: b.projectId }, { token: a.user.token }),
    createProject: () => app.request(CreateProjectDocument, { input: { workspaceId: b.workspaceId, name: 'pwned' } }, { token: a.user.token }),
    updateProject: () => app.request(UpdateProjectDocument, { input: { projectId: b.projectId, name: 'pwned' } }, { token: a.user.token }),
    archiveProject: () => app.request(ArchiveProjectDocument, { input: { projectId: b.projectId } }, { token: a.user.token }),
    deleteProject: () => app.request(DeleteProjectDocument, { input: { projectId: b.projectId } }, { token: a.user.token }),
    addProjectMember: () => app.request(AddProjectMemberDocument, { input: { projectId: b.projectId, userId: a.user.id, roleId: 'PROJECT_ADMIN' } }, { token: a.user.token }),
    updateProjectMemberRole: () => app.request(UpdateProjectMemberRoleDocument, { input: { projectId: b.projectId, userId: b.user.id, roleId: 'VIEWER' } }, { token: a.user.token }),
    removeProjectMember: () => app.request(RemoveProjectMemberDocument, { input: { projectId: b.projectId, userId: b.user.id } }, { token: a.user.token }),
    createProjectRole: () => app.request(CreateProjectRoleDocument, { input: { projectId: b.projectId, name: 'pwned', permissions: [] } }, { token: a.user.token }),
    updateProjectRole: () => app.request(UpdateProjectRoleDocument, { input: { projectId: b.projectId, roleId: b.projectRoleId, name: 'pwned' } }, { token: a.user.token }),
    deleteProjectRole: () => app.request(DeleteProjectRoleDocument, { input: { projectId: b.projectId, roleId: b.projectRoleId } }, { token: a.user.token }),
    updateAttributeVisibility: () => app.request(UpdateAttributeVisibilityDocument, { input: { projectId: b.projectId, rules: [] } }, { token: a.user.token }),
    redactSpanAttributes: () => app.request(RedactSpanAttributesDocument, { projectId: b.projectId, attributes: { a: 1 } }, { token: a.user.token }),
    explainAttributeVisibility: () => app.request(ExplainAttributeVisibilityDocument, { projectId: b.projectId, path: 'a' }, { token: a.user.token }),
    updateProjectRetention: () => app.request(UpdateProjectRetentionDocument, { input: { projectId: b.projectId, dataRetentionDays: 365 } }, { token: a.user.token }),
    generateProjectApiKey: () => app.request(GenerateProjectApiKeyDocument, { input: { projectId: b.projectId } }, { token: a.user.token }),
    regenerateProjectApiKey: () => app.request(RegenerateProjectApiKeyDocument, { input: { projectId: b.projectId } }, { token: a.user.token }),
    revokeProjectApiKey: () => app.request(RevokeProjectApiKeyDocument, { input: { projectId: b.projectId } }, { token: a.user.token }),
    updateNotificationSettings: () =>
      app.request(UpdateNotificationSettingsDocument, { input: { workspaceId: b.workspaceId, events: [{ eventType: 'RUN_FAILED', channels: [] }] } }, { token: a.user.token }),
    publishNotificationEvent: () =>
      app.request(PublishNotificationEventDocument, { input: { workspaceId: b.workspaceId, type: 'RUN_FAILED', title: 'x', body: 'x', occurredAt: new Date().toISOString() } }, { token: a.user.token }),
    // A delivery id that does not exist: the workspace check answers first, and B's ids are what matter.
    redeliverNotification: () => app.request(RedeliverNotificationDocument, { input: { workspaceId: b.workspaceId, deliveryId: b.webhookEndpointId } }, { token: a.user.token }),
    createWebhookEndpoint: () => app.request(CreateWebhookEndpointDocument, { input: { workspaceId: b.workspaceId, url: 'https://evil.example.com', eventTypes: ['RUN_FAILED'] } }, { token: a.user.token }),
    updateWebhookEndpoint: async () => {
      // B's endpoint under B's workspace, and under A's own workspace: both NOT_FOUND.
      const results = [
        await app.request(UpdateWebhookEndpointDocument, { input: { workspaceId: b.workspaceId, id: b.webhookEndpointId, url: 'https://evil.example.com' } }, { token: a.user.token }),
        await app.request(UpdateWebhookEndpointDocument, { input: { workspaceId: a.workspaceId, id: b.webhookEndpointId, url: 'https://evil.example.com' } }, { token: a.user.token }),
      ];
      return results.find((result) => result.errors?.[0]?.extensions?.code !== 'NOT_FOUND') ?? results[0];
    },
    deleteWebhookEndpoint: () => app.request(DeleteWebhookEndpointDocument, { input: { workspaceId: a.workspaceId, id: b.webhookEndpointId } }, { token: a.user.token }),
    rotateWebhookEndpointSecret: () => app.request(RotateWebhookEndpointSecretDocument, { input: { workspaceId: a.workspaceId, id: b.webhookEndpointId } }, { token: a.user.token }),
    sendTestWebhook: () => app.request(SendTestWebhookDocument, { input: { workspaceId: a.workspaceId, id: b.webhookEndpointId } }, { token: a.user.token }),
    connectSlack: () => app.request(ConnectSlackDocument, { input: { workspaceId: b.workspaceId, webhookUrl: 'https://evil.example.com' } }, { token: a.user.token }),
    removePushSubscription: () => app.request(RemovePushSubscriptionDocument, { input: { id: b.pushSubscriptionId } }, { token: a.user.token }),
    disconnectSlack: () => app.request(DisconnectSlackDocument, { input: { workspaceId: b.workspaceId } }, { token: a.user.token }),
    createEnvironment: () => app.request(CreateEnvironmentDocument, { input: { workspaceId: b.workspaceId, name: 'pwned' } }, { token: a.user.token }),
    renameEnvironment: () => app.request(RenameEnvironmentDocument, { input: { workspaceId: b.workspaceId, id: b.environmentId, name: 'pwned' } }, { token: a.user.token }),
    replaceEnvironments: () => app.request(ReplaceEnvironmentsDocument, { input: { workspaceId: b.workspaceId, names: ['production'] } }, { token: a.user.token }),
    createModelIntegration: () =>
      app.request(CreateModelIntegrationDocument, { input: { workspaceId: b.workspaceId, provider: 'OPENAI', name: 'pwned', credential: 'sk-pwned-credential' } }, { token: a.user.token }),
    renameModelIntegration: () => app.request(RenameModelIntegrationDocument, { input: { workspaceId: b.workspaceId, id: b.modelIntegrationId, name: 'pwned' } }, { token: a.user.token }),
    updateModelIntegration: () =>
      app.request(UpdateModelIntegrationDocument, { input: { workspaceId: b.workspaceId, id: b.modelIntegrationId, name: 'pwned', credential: 'sk-pwned-credential' } }, { token: a.user.token }),
    rotateModelIntegrationCredential: () =>
      app.request(RotateModelIntegrationCredentialDocument, { input: { workspaceId: b.workspaceId, id: b.modelIntegrationId, credential: 'sk-pwned-credential' } }, { token: a.user.token }),
    deleteModelIntegration: () => app.request(DeleteModelIntegrationDocument, { input: { workspaceId: b.workspaceId, id: b.modelIntegrationId } }, { token: a.user.token }),
    revealModelIntegrationCredential: () =>
      app.request(RevealModelIntegrationCredentialDocument, { input: { workspaceId: b.workspaceId, id: b.modelIntegrationId, reason: 'pwned' } }, { token: a.user.token }),
    deleteWorkspace: () => app.request(DeleteWorkspaceDocument, { input: { id: b.workspaceId, confirmSlug: b.workspaceSlug } }, { token: a.user.token }),
    recordUsage: () =>
      app.request(RecordUsageDocument, { input: { workspaceId: b.workspaceId, metric: 'pwned', quantity: 1, occurredAt: new Date().toISOString(), idempotencyKey: 'pwned' } }, { token: a.user.token }),
    createBillingPortalSession: () =>
      app.request(CreateBillingPortalSessionDocument, { input: { organizationId: b.organizationId, returnUrl: 'http://gatehouse.test/settings' } }, { token: a.user.token }),
    importWorkspaceSettings: async () => {
      // B's workspace as the target, then as the source into A's: the first answer that is not NOT_FOUND, if any.
      const results = [
        await app.request(ImportWorkspaceSettingsDocument, { input: { targetWorkspaceId: b.workspaceId, sourceWorkspaceId: a.workspaceId, sections: ['SEAT_LIMIT'], mode: 'OVERWRITE' } }, { token: a.user.token }),
        await app.request(ImportWorkspaceSettingsDocument, { input: { targetWorkspaceId: a.workspaceId, sourceWorkspaceId: b.workspaceId, sections: ['MODEL_INTEGRATIONS'], mode: 'OVERWRITE' } }, { token: a.user.token }),
      ];
      return results.find((result) => result.errors?.[0]?.extensions?.code !== 'NOT_FOUND') ?? results[0];
    },
    deleteEnvironment: () => app.request(DeleteEnvironmentDocument, { input: { workspaceId: b.workspaceId, id: b.environmentId } }, { token: a.user.token }),
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
    const { project } = await app.ok(ProjectDocument, { id: b.projectId }, { token: b.user.token });
    expect([project.name, project.archivedAt]).toEqual(['Project', null]);
    const endpoints = (await app.ok(WorkspaceWebhookEndpointsDocument, { id: b.workspaceId }, { token: b.user.token })).workspace.webhookEndpoints;
    expect(endpoints.map((endpoint) => [endpoint.id, endpoint.url])).toEqual([[b.webhookEndpointId, 'https://example.com/hook']]);
    expect((await app.ok(ViewerPushSubscriptionsDocument, {}, { token: b.user.token })).viewer.pushSubscriptions.map((s) => s.id)).toEqual([b.pushSubscriptionId]);
  });
});
