import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
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
  WorkspaceSettingsPageDocument,
} from '../testing/generated/graphql';
import { AuditEventEntity } from '../modules/audit/audit-event.entity';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DEMO_OWNER_EMAIL, DEMO_PASSWORD, seedDemo, type SeedResult } from './seed';

const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');

/** Every operation name in examples/*.graphql: each must be run below. */
function exampleOperations(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .flatMap((file) => parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')).definitions)
    .flatMap((definition) => (definition.kind === 'OperationDefinition' && definition.name ? [definition.name.value] : []));
}

describe('npm run seed', () => {
  let app: TestApp;
  let first: SeedResult;

  beforeAll(async () => {
    // Its own database: the demo uses fixed addresses and slugs.
    app = await startTestApp({ ownDatabase: true });
    first = await seedDemo(app.infra);
  });
  afterAll(() => app.stop());

  it('creates a usable demo organization once, and changes nothing when run again', async () => {
    expect(first.created).toBe(true);
    const output = first.lines.join('\n');
    const secret = (prefix: string) => output.match(new RegExp(`${prefix}_[0-9A-Za-z]+`))?.[0];

    // The printed secrets work, each sent the way the output says.
    const post = (headers: Record<string, string>) =>
      fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ viewer { email organizations { name workspaces { slug viewerRole } } } }' }) }).then((response) => response.json() as Promise<{ data: { viewer: { email: string; organizations: Array<{ name: string; workspaces: Array<{ slug: string }> }> } } }>);
    const viewer = await post({ authorization: `Bearer ${secret('dlt')}` });
    expect(viewer.data.viewer).toMatchObject({ email: DEMO_OWNER_EMAIL, organizations: [{ name: 'Acme Robotics' }] });
    expect(viewer.data.viewer.organizations[0].workspaces.map((workspace) => workspace.slug).sort()).toEqual(['acme-production', 'acme-staging']);
    expect((await post({ authorization: `Bearer ${secret('gts')}` })).data.viewer.email).toBe(DEMO_OWNER_EMAIL);
    const appCredential = output.match(/(app_[0-9a-f]+):(gta_[0-9A-Za-z]+)/)!;
    expect((await post({ authorization: `Basic ${Buffer.from(`${appCredential[1]}:${appCredential[2]}`).toString('base64')}` })).data.viewer.email).toBe(DEMO_OWNER_EMAIL);
    const workspace = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': secret('gtw')! },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(workspace.status).toBe(200);
    expect(output).toContain(DEMO_PASSWORD);

    // Audit history reaches back about six months.
    const events = await app.infra.dataSource.getRepository(AuditEventEntity).find({ select: { occurredAt: true } });
    const oldest = Math.min(...events.map((event) => event.occurredAt.getTime()));
    expect(Date.now() - oldest).toBeGreaterThan(170 * 24 * 3600_000);
    expect(events.length).toBeGreaterThan(40);

    const second = await seedDemo(app.infra);
    expect(second.created).toBe(false);
    expect(await app.infra.dataSource.getRepository(AuditEventEntity).count()).toBe(events.length);
  });

  // examples/*.graphql: one file per settings page, typed by codegen, run against the demo data.
  it('runs every settings-page operation against the demo organization without errors', async () => {
    const { signIn } = await app.ok(SignInDocument, { input: { email: DEMO_OWNER_EMAIL, password: DEMO_PASSWORD } });
    const auth = { token: signIn.token };
    // The workspace with a member of each role, as a front end would pick it from the organization switcher.
    const [{ id: workspaceId, organizationId }] = await app.infra.dataSource.query(`SELECT id, organization_id AS "organizationId" FROM workspace WHERE slug = 'acme-production'`);
    const editorId = (await app.ok(MembersPageDocument, { workspaceId }, auth)).workspace.members.find((member) => member.role === 'EDITOR')!.userId;

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
