import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { DEMO_OWNER_EMAIL, DEMO_PASSWORD, seedDemo } from './scripts/seed';
import {
  ApiKeysPageDocument,
  AuditLogPageDocument,
  ChangeMemberRoleDocument,
  CreateKeyOnApiKeysPageDocument,
  InviteToWorkspaceDocument,
  MembersPageDocument,
  OrganizationPageDocument,
  ProfilePageDocument,
  SaveAuditDigestDocument,
  SaveOrganizationDocument,
  SaveProfileDocument,
  SaveWorkspaceSettingsDocument,
  SignInDocument,
  ViewerTreeDocument,
  WorkspaceSettingsPageDocument,
} from './testing/generated/graphql';
import { startTestApp, type TestApp } from './testing/test-app';

const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');

/** Every operation name in examples/*.graphql: each must be run below. */
function exampleOperations(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .flatMap((file) => parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')).definitions)
    .flatMap((definition) => (definition.kind === 'OperationDefinition' && definition.name ? [definition.name.value] : []));
}

describe('examples/*.graphql', () => {
  let app: TestApp;

  beforeAll(async () => {
    // The demo data (its own database: fixed addresses) is what the settings pages show.
    app = await startTestApp({ ownDatabase: true });
    await seedDemo(app.infra);
  });
  afterAll(() => app.stop());

  it('runs every settings-page operation against the demo organization without errors', async () => {
    const { signIn } = await app.ok(SignInDocument, { input: { email: DEMO_OWNER_EMAIL, password: DEMO_PASSWORD } });
    const auth = { token: signIn.token };
    const { viewer } = await app.ok(ViewerTreeDocument, {}, auth);
    const organizationId = viewer.organizations[0].id;
    const workspace = viewer.organizations[0].workspaces.find((candidate) => candidate.members.length > 2)!;
    const workspaceId = workspace.id;
    const editor = workspace.members.find((member) => member.role === 'EDITOR')!;
    const editorId = (await app.ok(MembersPageDocument, { workspaceId }, auth)).workspace.members.find((member) => member.user.email === editor.user.email)!.userId;

    const runs: Record<string, () => Promise<unknown>> = {
      WorkspaceSettingsPage: () => app.ok(WorkspaceSettingsPageDocument, { workspaceId }, auth),
      SaveWorkspaceSettings: () => app.ok(SaveWorkspaceSettingsDocument, { input: { workspaceId, description: 'Edited from the example' } }, auth),
      MembersPage: () => app.ok(MembersPageDocument, { workspaceId }, auth),
      InviteToWorkspace: () => app.ok(InviteToWorkspaceDocument, { input: { workspaceId, email: 'example-invitee@demo.gatehouse.local', role: 'VIEWER' } }, auth),
      ChangeMemberRole: () => app.ok(ChangeMemberRoleDocument, { input: { workspaceId, userId: editorId, role: 'VIEWER' } }, auth),
      ApiKeysPage: () => app.ok(ApiKeysPageDocument, { workspaceId }, auth),
      CreateKeyOnApiKeysPage: () => app.ok(CreateKeyOnApiKeysPageDocument, { input: { workspaceId, name: 'Example key', scopes: ['workspace:read'] } }, auth),
      ProfilePage: () => app.ok(ProfilePageDocument, {}, auth),
      SaveProfile: () => app.ok(SaveProfileDocument, { input: { name: 'Ada King' } }, auth),
      OrganizationPage: () => app.ok(OrganizationPageDocument, { organizationId }, auth),
      SaveOrganization: () => app.ok(SaveOrganizationDocument, { input: { organizationId, description: 'Edited from the example' } }, auth),
      AuditLogPage: () => app.ok(AuditLogPageDocument, { workspaceId, filter: { riskLevels: ['LOW', 'MEDIUM', 'HIGH'] } }, auth),
      SaveAuditDigest: () =>
        app.ok(SaveAuditDigestDocument, { input: { workspaceId, enabled: true, frequency: 'DAILY', hourUTC: 7, includeRiskLevels: ['CRITICAL'], recipients: [DEMO_OWNER_EMAIL] } }, auth),
    };
    expect(Object.keys(runs).sort()).toEqual(exampleOperations().sort());
    for (const run of Object.values(runs)) await run();

    // The pages show what the demo holds.
    expect((await app.ok(AuditLogPageDocument, { workspaceId }, auth)).workspace.auditEvents.edges.length).toBe(25);
    expect((await app.ok(ApiKeysPageDocument, { workspaceId }, auth)).workspace.apiKeys.length).toBeGreaterThan(1);
  });
});
