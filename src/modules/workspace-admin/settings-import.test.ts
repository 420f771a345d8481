import { createOrganization, createTenant, createWorkspace } from '../../testing/fixtures';
import {
  CreateEnvironmentDocument,
  CreateModelIntegrationDocument,
  ImportWorkspaceSettingsDocument,
  RevealModelIntegrationCredentialDocument,
  UpdateAuditDigestDocument,
  UpdateNotificationSettingsDocument,
  UpdateWorkspaceDocument,
  WorkspaceNotificationSettingsDocument,
  WorkspaceEnvironmentsDocument,
  WorkspaceModelIntegrationsDocument,
  type ImportWorkspaceSettingsInput,
} from '../../testing/generated/graphql';
import { errorCode, startTestApp, uniqueEmail, type TestApp } from '../../testing/test-app';
import { auditEvents } from '../../testing/workspace-admin-helpers';

const ALL: ImportWorkspaceSettingsInput['sections'] = ['ENVIRONMENTS', 'DATA_RETENTION', 'SEAT_LIMIT', 'AUDIT_DIGEST', 'MODEL_INTEGRATIONS', 'NOTIFICATION_SETTINGS'];

describe('importing workspace settings', () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let source: string;
  const recipient = uniqueEmail('digest');

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await createTenant(app);
    source = (await createWorkspace(app, tenant.owner, tenant.organizationId)).id;
    const as = { token: tenant.owner.token };
    await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: source, dataRetentionDays: 365, seatLimit: 20 } }, as);
    for (const name of ['staging', 'development']) await app.ok(CreateEnvironmentDocument, { input: { workspaceId: source, name } }, as);
    await app.ok(UpdateAuditDigestDocument, { input: { workspaceId: source, enabled: true, frequency: 'DAILY', hourUTC: 7, includeRiskLevels: ['HIGH', 'CRITICAL'], recipients: [recipient] } }, as);
    await app.ok(CreateModelIntegrationDocument, { input: { workspaceId: source, provider: 'ANTHROPIC', name: 'Claude', credential: 'sk-source-claude-9f3e' } }, as);
    await app.ok(UpdateNotificationSettingsDocument, { input: { workspaceId: source, events: [{ eventType: 'RUN_FAILED', channels: ['EMAIL', 'SLACK'] }] } }, as);
  });
  afterAll(() => app.stop());

  const target = async () => (await createWorkspace(app, tenant.owner, tenant.organizationId)).id;
  const run = (input: Partial<ImportWorkspaceSettingsInput> & { targetWorkspaceId: string }, token = tenant.owner.token) =>
    app.request(ImportWorkspaceSettingsDocument, { input: { sourceWorkspaceId: source, sections: ALL, mode: 'MERGE', ...input } }, { token });
  const environments = async (id: string) => (await app.ok(WorkspaceEnvironmentsDocument, { id }, { token: tenant.owner.token })).workspace.environments.map((env) => env.name);

  it('dryRun reports what OVERWRITE would do and changes nothing', async () => {
    const id = await target();
    const result = (await run({ targetWorkspaceId: id, mode: 'OVERWRITE', dryRun: true })).data!.importWorkspaceSettings;
    expect(result.dryRun).toBe(true);
    expect(result.changes.map((change) => change.setting)).toEqual([
      'environment "development"',
      'environment "staging"',
      'dataRetentionDays',
      'seatLimit',
      'auditDigest',
      'model integration "Claude"',
      'notificationSettings',
    ]);
    expect(await environments(id)).toEqual(['production']);
    expect((await app.ok(WorkspaceModelIntegrationsDocument, { id }, { token: tenant.owner.token })).workspace.modelIntegrations).toEqual([]);
    expect(await auditEvents(app, { workspaceId: id }, 'workspace.settings_imported')).toEqual([]);
  });

  it('OVERWRITE makes the sections equal to the source, re-encrypting credentials for the target, audited', async () => {
    const id = await target();
    await app.ok(CreateEnvironmentDocument, { input: { workspaceId: id, name: 'legacy' } }, { token: tenant.owner.token });
    const result = (await run({ targetWorkspaceId: id, mode: 'OVERWRITE' })).data!.importWorkspaceSettings;
    expect(result.changes).toContainEqual({ section: 'DATA_RETENTION', setting: 'dataRetentionDays', before: 90, after: 365 });
    expect(result.changes).toContainEqual({ section: 'SEAT_LIMIT', setting: 'seatLimit', before: 50, after: 20 });
    expect(result.changes).toContainEqual({ section: 'ENVIRONMENTS', setting: 'environment "legacy"', before: { name: 'legacy' }, after: null });
    expect(result.skipped).toEqual([]);
    expect(await environments(id)).toEqual(['production', 'development', 'staging']);
    const { workspace } = await app.ok(WorkspaceNotificationSettingsDocument, { id }, { token: tenant.owner.token });
    expect(workspace.notificationSettings.events).toContainEqual({ eventType: 'RUN_FAILED', channels: ['EMAIL', 'SLACK'] });

    const [copy] = (await app.ok(WorkspaceModelIntegrationsDocument, { id }, { token: tenant.owner.token })).workspace.modelIntegrations;
    expect(copy).toMatchObject({ name: 'Claude', provider: 'ANTHROPIC', maskedCredential: '…9f3e' });
    const revealed = await app.ok(RevealModelIntegrationCredentialDocument, { input: { workspaceId: id, id: copy.id, reason: 'check the import' } }, { token: tenant.owner.token });
    expect(revealed.revealModelIntegrationCredential.credential).toBe('sk-source-claude-9f3e');
    const [sourceRow] = await app.infra.dataSource.query('SELECT credential FROM model_integration WHERE workspace_id = $1', [source]);
    const [copyRow] = await app.infra.dataSource.query('SELECT credential FROM model_integration WHERE id = $1', [copy.id]);
    expect(copyRow.credential).not.toBe(sourceRow.credential);

    const [event] = await auditEvents(app, { workspaceId: id }, 'workspace.settings_imported');
    expect(event).toMatchObject({ actor_id: tenant.owner.id, risk_level: 'HIGH', metadata: { sourceWorkspaceId: source, mode: 'OVERWRITE' } });
  });

  it("MERGE adds what the target lacks and keeps the target's own values, saying why", async () => {
    const id = await target();
    await app.ok(CreateEnvironmentDocument, { input: { workspaceId: id, name: 'legacy' } }, { token: tenant.owner.token });
    await app.ok(CreateModelIntegrationDocument, { input: { workspaceId: id, provider: 'OPENAI', name: 'Claude', credential: 'sk-target-own-1111' } }, { token: tenant.owner.token });
    const result = (await run({ targetWorkspaceId: id, mode: 'MERGE' })).data!.importWorkspaceSettings;
    expect(result.changes.map((change) => change.setting)).toEqual(['environment "development"', 'environment "staging"', 'auditDigest', 'notificationSettings']);
    expect(result.skipped).toEqual([
      { section: 'ENVIRONMENTS', setting: 'environment "legacy"', reason: 'MERGE keeps environments the source does not have' },
      { section: 'DATA_RETENTION', setting: 'dataRetentionDays', reason: "MERGE keeps the target's own value" },
      { section: 'SEAT_LIMIT', setting: 'seatLimit', reason: "MERGE keeps the target's own value" },
      { section: 'MODEL_INTEGRATIONS', setting: 'model integration "Claude"', reason: "MERGE keeps the target's own value" },
    ]);
    expect(await environments(id)).toEqual(['production', 'development', 'legacy', 'staging']);
  });

  it('skips lowering retention, and refuses callers who are not ADMIN of both and sources of another organization', async () => {
    const low = await target();
    await app.ok(UpdateWorkspaceDocument, { input: { workspaceId: low, dataRetentionDays: 400 } }, { token: tenant.owner.token });
    const lowered = (await run({ targetWorkspaceId: low, mode: 'OVERWRITE', sections: ['DATA_RETENTION'] })).data!.importWorkspaceSettings;
    expect(lowered.skipped).toEqual([{ section: 'DATA_RETENTION', setting: 'dataRetentionDays', reason: expect.stringContaining('would lower retention from 400 to 365') }]);

    // tenant.admin is ADMIN of the tenant's workspace but not of the source.
    expect(errorCode(await run({ targetWorkspaceId: tenant.workspace.id }, tenant.admin.token))).toBe('NOT_FOUND');
    expect(errorCode(await run({ targetWorkspaceId: tenant.workspace.id }, tenant.editor.token))).toBe('FORBIDDEN');
    const otherOrg = await createOrganization(app, tenant.owner, 'Other');
    const foreign = (await createWorkspace(app, tenant.owner, otherOrg)).id;
    expect(errorCode(await run({ targetWorkspaceId: tenant.workspace.id, sourceWorkspaceId: foreign }))).toBe('NOT_FOUND');
  });
});
