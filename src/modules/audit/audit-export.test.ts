import http from 'node:http';
import { createTenant } from '../../testing/fixtures';
import { ExportAuditEventsDocument } from '../../testing/generated/graphql';
import { errorCode, startTestApp, type TestApp } from '../../testing/test-app';
import { EXPORT_BATCH } from './audit-export';

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
  const download = async (format: 'JSONL' | 'CSV', of = tenant) => {
    const { exportAuditEvents } = await app.ok(ExportAuditEventsDocument, { workspaceId: of.workspace.id, ...period, format }, { token: of.admin.token });
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

  it('streams an export of many batches whole and in order, to a client that reads slowly, where batches end among events of one millisecond', async () => {
    const other = await createTenant(app);
    // Over 10 MB of JSON lines, more than loopback sockets buffer, so the server must wait for the reader.
    const count = Math.max(10_000, 3 * EXPORT_BATCH);
    // Four distinct times for all of them: most batch boundaries fall inside a run of equal times, which only the id orders.
    await app.infra.dataSource.query(
      `INSERT INTO audit_event (occurred_at, organization_id, workspace_id, actor_type, action, risk_level, target_type, metadata)
       SELECT $1::timestamptz - (n % 4) * interval '1 millisecond', $2, $3, 'SYSTEM', 'seeded.event', 'LOW', 'workspace', jsonb_build_object('n', n, 'note', repeat('x', 1000))
         FROM generate_series(1, $4) AS n`,
      [new Date(Date.now() - 10 * 60_000), other.organizationId, other.workspace.id, count],
    );
    const expected = ((await app.infra.dataSource.query(
      'SELECT id FROM audit_event WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3 ORDER BY occurred_at DESC, id DESC',
      [other.workspace.id, period.from, period.to],
    )) as Array<{ id: string }>).map((row) => row.id);
    expect(expected.length).toBeGreaterThan(count);

    const slowly = (url: string) =>
      new Promise<string>((resolve, reject) => {
        http.get(url, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            response.pause();
            setTimeout(() => response.resume(), 2);
          });
          response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          response.on('error', reject);
        }).on('error', reject);
      });
    const jsonl = (await slowly(await download('JSONL', other))).split('\n');
    expect(jsonl.pop()).toBe('');
    expect(jsonl.map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(expected);

    const [header, ...rows] = (await (await fetch(await download('CSV', other))).text()).split('\n');
    expect(header.startsWith('id,occurredAt,')).toBe(true);
    expect(rows.pop()).toBe('');
    expect(rows.map((row) => row.slice(0, row.indexOf(',')))).toEqual(expected);
  });
});
