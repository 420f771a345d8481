import { createTenant } from '../../testing/fixtures';
import { ExportAuditEventsDocument } from '../../testing/generated/graphql';
import { errorCode, startTestApp, type TestApp } from '../../testing/test-app';

describe('exportAuditEvents', () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  const period = { from: new Date(Date.now() - 3600_000).toISOString(), to: new Date(Date.now() + 3600_000).toISOString() };

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await createTenant(app);
  });
  afterAll(() => app.stop());

  /** The link as the caller got it, pointed at the test server (links carry the test PUBLIC_URL). */
  const download = async (format: 'JSONL' | 'CSV') => {
    const { exportAuditEvents } = await app.ok(ExportAuditEventsDocument, { workspaceId: tenant.workspace.id, ...period, format }, { token: tenant.admin.token });
    const link = new URL(exportAuditEvents.url);
    expect(link.origin).toBe('http://gatehouse.test');
    return `${new URL(app.url).origin}${link.pathname}`;
  };

  it('streams the workspace events as JSON lines and as CSV from a signed link', async () => {
    const jsonl = await fetch(await download('JSONL'));
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get('content-disposition')).toMatch(/attachment; filename="audit-events-.*\.jsonl"/);
    const events = (await jsonl.text()).trim().split('\n').map((line) => JSON.parse(line) as { action: string; workspaceId: string });
    // Creating the workspace and adding three members, each audited.
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(new Set(events.map((event) => event.workspaceId))).toEqual(new Set([tenant.workspace.id]));
    expect(events.map((event) => event.action)).toContain('workspace.created');

    const csv = await fetch(await download('CSV'));
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = (await csv.text()).trim().split('\n');
    expect(header).toBe('id,occurredAt,action,riskLevel,actorType,actorId,actorName,actorEmail,targetType,targetId,ip,userAgent,metadata');
    expect(rows).toHaveLength(events.length);
  });

  it('refuses a caller who cannot read the log, an altered link and an expired one', async () => {
    const refused = await app.request(ExportAuditEventsDocument, { workspaceId: tenant.workspace.id, ...period, format: 'CSV' }, { token: tenant.editor.token });
    expect(errorCode(refused)).toBe('FORBIDDEN');
    const link = await download('JSONL');
    const [payload, mac] = link.split('/').pop()!.split('.');
    const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), workspaceId: tenant.organizationId })).toString('base64url');
    expect((await fetch(link.replace(payload, altered))).status).toBe(404);
    expect(mac).toBeTruthy();
    app.clock.advance(6 * 60_000);
    try {
      expect((await fetch(link)).status).toBe(404);
    } finally {
      app.clock.advance(-6 * 60_000);
    }
  });
});
