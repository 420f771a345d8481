import { randomBytes } from 'node:crypto';
import { createTenant, createWorkspace } from '../../testing/fixtures';
import { OrganizationUsageDocument, RecordUsageDocument, WorkspaceEnvironmentsDocument, WorkspaceUsageDocument, type RecordUsageInput } from '../../testing/generated/graphql';
import { errorCode, errorFields, startTestApp, type RequestOptions, type TestApp } from '../../testing/test-app';
import { workspaceKey } from '../../testing/workspace-admin-helpers';
import { monthStarts } from './usage-months';

const monthsBack = (now: Date, back: number) => {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return { key: start.toISOString().slice(0, 7), at: new Date(start.getTime() + 36 * 3_600_000 + 17 * 60_000) };
};

describe('usage', () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let runner: { headers: Record<string, string> };

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await createTenant(app);
    runner = await workspaceKey(app, tenant.admin, tenant.workspace.id, ['runs:write', 'workspace:read']);
  });
  afterAll(() => app.stop());

  const record = (input: Partial<RecordUsageInput>, options: RequestOptions = runner) =>
    app.request(RecordUsageDocument, { input: { workspaceId: tenant.workspace.id, metric: 'agent_runs', quantity: 1, occurredAt: app.clock.now().toISOString(), idempotencyKey: randomBytes(8).toString('hex'), ...input } }, options);
  const usage = async (months?: number | null, workspaceId = tenant.workspace.id) => (await app.ok(WorkspaceUsageDocument, { id: workspaceId, months }, { token: tenant.owner.token })).workspace.usage;

  it('splits months in UTC across a year boundary, oldest first', () => {
    expect(monthStarts(new Date('2027-02-10T05:00:00Z'), 4).map((start) => start.toISOString())).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
      '2027-02-01T00:00:00.000Z',
    ]);
  });

  it('returns one zero-filled bucket per month, 6 by default and up to 24, crossing a year boundary', async () => {
    const now = app.clock.now();
    const thirteen = monthsBack(now, 13);
    const eleven = monthsBack(now, 11);
    await record({ metric: 'tokens.input', quantity: 700, occurredAt: thirteen.at.toISOString() });
    await record({ metric: 'tokens.input', quantity: 50, occurredAt: eleven.at.toISOString() });
    await record({ metric: 'tokens.input', quantity: 25, occurredAt: eleven.at.toISOString() });

    const series = await usage(24);
    expect(series).toHaveLength(24);
    expect(series.map((bucket) => bucket.month)).toEqual(monthStarts(now, 24).map((start) => start.toISOString().slice(0, 7)));
    // 24 consecutive months always cross at least one new year.
    expect(new Set(series.map((bucket) => bucket.month.slice(0, 4))).size).toBeGreaterThan(1);
    const reported = Object.fromEntries(series.map((bucket) => [bucket.month, bucket.reported]));
    expect(reported[thirteen.key]).toEqual([{ metric: 'tokens.input', quantity: 700 }]);
    expect(reported[eleven.key]).toEqual([{ metric: 'tokens.input', quantity: 75 }]);
    expect(reported[monthsBack(now, 12).key]).toEqual([]);
    expect(series.filter((bucket) => ![thirteen.key, eleven.key].includes(bucket.month)).every((bucket) => bucket.reported.length === 0 || bucket.month === series[23].month)).toBe(true);

    expect(await usage(null)).toHaveLength(6);
    for (const months of [0, 25]) {
      const refused = await app.request(WorkspaceUsageDocument, { id: tenant.workspace.id, months }, { token: tenant.admin.token });
      expect([errorCode(refused), errorFields(refused)]).toEqual(['BAD_USER_INPUT', ['months']]);
    }
  });

  it('counts a repeated idempotency key once, even when the retries race', async () => {
    const idempotencyKey = `run-${randomBytes(6).toString('hex')}`;
    const results = await Promise.all(Array.from({ length: 6 }, () => record({ metric: 'agent_runs', quantity: 3, idempotencyKey })));
    expect(results.map((result) => result.data?.recordUsage.counted).sort()).toEqual([false, false, false, false, false, true]);
    const current = (await usage(1))[0];
    expect(current.reported).toContainEqual({ metric: 'agent_runs', quantity: 3 });
    const rows: Array<{ count: number }> = await app.infra.dataSource.query("SELECT count(*)::int AS count FROM usage_rollup WHERE workspace_id = $1 AND metric = 'agent_runs'", [tenant.workspace.id]);
    expect(rows[0].count).toBe(1);
  });

  it('meters API requests of the workspace keys and active members in memory, writing them on flush', async () => {
    const workspace = await createWorkspace(app, tenant.owner, tenant.organizationId);
    const key = await workspaceKey(app, tenant.owner, workspace.id, ['workspace:read']);
    await app.services.usageMeter.flush();
    for (let i = 0; i < 3; i++) expect(errorCode(await app.request(WorkspaceEnvironmentsDocument, { id: workspace.id }, { headers: key.headers }))).toBe('OK');
    const stored = async () => (await app.infra.dataSource.query('SELECT count(*)::int AS count FROM usage_rollup WHERE workspace_id = $1', [workspace.id]))[0].count;
    expect(await stored()).toBe(0);
    await app.services.usageMeter.flush();
    const [current] = await usage(1, workspace.id);
    expect(current).toMatchObject({ apiRequests: 3, activeMembers: 1, seats: 0 });
  });

  it('is read by ADMINs and org owners; reported by keys with runs:write', async () => {
    expect(errorCode(await app.request(WorkspaceUsageDocument, { id: tenant.workspace.id }, { token: tenant.editor.token }))).toBe('FORBIDDEN');
    expect(errorCode(await app.request(WorkspaceUsageDocument, { id: tenant.workspace.id }, { headers: runner.headers }))).toBe('FORBIDDEN');
    expect(errorCode(await app.request(WorkspaceUsageDocument, { id: tenant.workspace.id }, { token: tenant.owner.token }))).toBe('OK');
    expect(errorCode(await app.request(OrganizationUsageDocument, { id: tenant.organizationId }, { token: tenant.admin.token }))).toBe('FORBIDDEN');

    const reader = await workspaceKey(app, tenant.admin, tenant.workspace.id, ['workspace:read']);
    expect(errorCode(await record({}, reader))).toBe('FORBIDDEN');
    expect(errorCode(await record({}, { token: tenant.editor.token }))).toBe('FORBIDDEN');
    const builtIn = await record({ metric: 'api_requests' });
    expect([errorCode(builtIn), errorFields(builtIn)]).toEqual(['BAD_USER_INPUT', ['metric']]);
    const future = await record({ occurredAt: new Date(app.clock.now().getTime() + 3_600_000).toISOString() });
    expect([errorCode(future), errorFields(future)]).toEqual(['BAD_USER_INPUT', ['occurredAt']]);
  });

  it("sums the organization's workspaces", async () => {
    const other = await createWorkspace(app, tenant.owner, tenant.organizationId);
    const otherKey = await workspaceKey(app, tenant.owner, other.id, ['runs:write']);
    await record({ workspaceId: other.id, metric: 'org_sum', quantity: 5 }, otherKey);
    await record({ metric: 'org_sum', quantity: 7 });
    const [current] = (await app.ok(OrganizationUsageDocument, { id: tenant.organizationId, months: 1 }, { token: tenant.owner.token })).organization.usage;
    expect(current.reported).toContainEqual({ metric: 'org_sum', quantity: 12 });
    expect(current.seats).toBe(3);
  });
});
