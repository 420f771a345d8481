import { startWorker } from '../../queue/worker-runner';
import { createTenant, createWorkspace, type TestUser } from '../../testing/fixtures';
import {
  SendAuditDigestNowDocument,
  UpdateAuditDigestDocument,
  WorkspaceAuditDigestDocument,
  WorkspaceAuditEventsDocument,
  type UpdateAuditDigestInput,
} from '../../testing/generated/graphql';
import { runJob, settle } from '../../testing/jobs';
import { type TestApp, errorCode, errorFields, startTestApp, uniqueEmail } from '../../testing/test-app';
import { DigestJobName, digestJobId } from './audit-digest.jobs';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Tenant = Awaited<ReturnType<typeof createTenant>>;
type Risk = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

interface SeedEvent {
  at: Date;
  risk: Risk;
  action: string;
  actor?: { type: 'USER' | 'API_KEY' | 'SYSTEM'; id: string | null; name?: string; email?: string };
  target?: { type: string; id: string | null };
}


describe('audit digest', () => {
  let app: TestApp;
  let tenant: Tenant;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    tenant = await createTenant(app);
  });
  afterAll(() => app.stop());

  const digestQueue = () => app.infra.queues.digest;

  const settings = (workspaceId: string, overrides: Partial<UpdateAuditDigestInput> = {}): UpdateAuditDigestInput => ({
    workspaceId,
    enabled: true,
    frequency: 'DAILY',
    hourUTC: 8,
    includeRiskLevels: ['HIGH', 'CRITICAL'],
    recipients: [uniqueEmail('digest')],
    ...overrides,
  });

  const configure = async (input: UpdateAuditDigestInput, user: TestUser = tenant.owner) =>
    (await app.ok(UpdateAuditDigestDocument, { input }, { token: user.token })).updateAuditDigest.auditDigest;

  const newWorkspace = async () => (await createWorkspace(app, tenant.owner, tenant.organizationId)).id;

  /** Runs an hourly tick as if it fired at `at`, and waits for the digests it enqueued. */
  const tickAt = async (at: Date) => {
    const result = (await runJob(digestQueue(), DigestJobName.Tick, { at: at.toISOString() })) as { enqueued: number };
    await settle(digestQueue());
    return result.enqueued;
  };

  const mailsTo = (address: string) => app.smtp!.messages.filter((mail) => mail.to.includes(address));

  async function insertEvents(workspaceId: string, events: SeedEvent[]): Promise<void> {
    const db = app.infra.dataSource;
    for (const event of events) {
      const actor = event.actor ?? { type: 'USER', id: tenant.admin.id, name: tenant.admin.name, email: tenant.admin.email };
      const [{ id }] = await db.query(
        `INSERT INTO audit_event (occurred_at, organization_id, workspace_id, actor_type, actor_id, action, risk_level, target_type, target_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [event.at, tenant.organizationId, workspaceId, actor.type, actor.id, event.action, event.risk, event.target?.type ?? 'workspace', event.target?.id ?? workspaceId],
      );
      if (actor.name) await db.query('INSERT INTO audit_actor_display (event_id, name, email) VALUES ($1, $2, $3)', [id, actor.name, actor.email ?? null]);
    }
  }

  const periodRows = (workspaceId: string): Promise<Array<{ period_start: Date; period_end: Date; status: string; attempts: number; covered_from: Date | null }>> =>
    app.infra.dataSource.query('SELECT period_start, period_end, status, attempts, covered_from FROM audit_digest_period WHERE workspace_id = $1 ORDER BY period_end', [workspaceId]);

  describe('settings', () => {
    it('start disabled with defaults, and only ADMINs (and org owners) read or change them', async () => {
      const ws = tenant.workspace.id;
      const { workspace } = await app.ok(WorkspaceAuditDigestDocument, { id: ws }, { token: tenant.admin.token });
      expect(workspace.auditDigest).toMatchObject({ enabled: false, recipients: [], lastSentAt: null, nextDueAt: null });

      const expected = { owner: 'OK', admin: 'OK', editor: 'FORBIDDEN', viewer: 'FORBIDDEN', outsider: 'NOT_FOUND' } as const;
      for (const [caller, code] of Object.entries(expected) as Array<[keyof typeof expected, string]>) {
        const token = tenant[caller].token;
        expect([caller, errorCode(await app.request(WorkspaceAuditDigestDocument, { id: ws }, { token }))]).toEqual([caller, code]);
        expect([caller, errorCode(await app.request(UpdateAuditDigestDocument, { input: settings(ws, { enabled: false }) }, { token }))]).toEqual([caller, code]);
        expect([caller, errorCode(await app.request(SendAuditDigestNowDocument, { input: { workspaceId: ws } }, { token }))]).toEqual([caller, code]);
      }
    });

    it.each<[string, string, Partial<UpdateAuditDigestInput>]>([
      ['weekly without a day', 'dayOfWeek', { frequency: 'WEEKLY' }],
      ['weekly on day 7', 'dayOfWeek', { frequency: 'WEEKLY', dayOfWeek: 7 }],
      ['weekly on day -1', 'dayOfWeek', { frequency: 'WEEKLY', dayOfWeek: -1 }],
      ['a day of the week on a daily digest', 'dayOfWeek', { frequency: 'DAILY', dayOfWeek: 1 }],
      ['a day of the week on a monthly digest', 'dayOfWeek', { frequency: 'MONTHLY', dayOfMonth: 1, dayOfWeek: 1 }],
      ['monthly without a day', 'dayOfMonth', { frequency: 'MONTHLY' }],
      ['monthly on the 29th', 'dayOfMonth', { frequency: 'MONTHLY', dayOfMonth: 29 }],
      ['monthly on day 0', 'dayOfMonth', { frequency: 'MONTHLY', dayOfMonth: 0 }],
      ['a day of the month on a weekly digest', 'dayOfMonth', { frequency: 'WEEKLY', dayOfWeek: 2, dayOfMonth: 3 }],
      ['hour 24', 'hourUTC', { hourUTC: 24 }],
      ['hour -1', 'hourUTC', { hourUTC: -1 }],
      ['no risk level', 'includeRiskLevels', { includeRiskLevels: [] }],
      ['no recipient', 'recipients', { recipients: [] }],
      ['51 recipients', 'recipients', { recipients: Array.from({ length: 51 }, (_, i) => `r${i}@example.com`) }],
      ['an invalid address', 'recipients', { recipients: ['ops@example.com', 'not-an-email'] }],
    ])('refuse %s, naming %s', async (_, field, overrides) => {
      const result = await app.request(UpdateAuditDigestDocument, { input: settings(tenant.workspace.id, overrides) }, { token: tenant.admin.token });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(errorFields(result)).toEqual([field]);
    });

    it('list every violated rule at once and change nothing', async () => {
      const ws = tenant.workspace.id;
      const before = (await app.ok(WorkspaceAuditDigestDocument, { id: ws }, { token: tenant.admin.token })).workspace.auditDigest;
      const result = await app.request(
        UpdateAuditDigestDocument,
        { input: settings(ws, { frequency: 'DAILY', dayOfWeek: 3, dayOfMonth: 40, hourUTC: 24, includeRiskLevels: [], recipients: ['nope'] }) },
        { token: tenant.admin.token },
      );
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(new Set(errorFields(result))).toEqual(new Set(['dayOfWeek', 'dayOfMonth', 'hourUTC', 'includeRiskLevels', 'recipients']));
      expect((await app.ok(WorkspaceAuditDigestDocument, { id: ws }, { token: tenant.admin.token })).workspace.auditDigest).toEqual(before);
    });

    it('save valid settings: recipients deduplicated ignoring case, the next slot computed, audit_digest.updated recorded', async () => {
      const ws = await newWorkspace();
      const now = app.clock.now();
      const digest = await configure(
        settings(ws, { frequency: 'MONTHLY', dayOfMonth: 28, hourUTC: 23, includeRiskLevels: ['CRITICAL', 'LOW', 'CRITICAL'], recipients: ['Ops@Example.com', 'sec@example.com', 'ops@example.COM'] }),
        tenant.owner,
      );
      expect(digest).toMatchObject({ enabled: true, frequency: 'MONTHLY', dayOfMonth: 28, dayOfWeek: null, hourUTC: 23, includeRiskLevels: ['LOW', 'CRITICAL'], recipients: ['Ops@Example.com', 'sec@example.com'], lastSentAt: null });
      const next = new Date(digest.nextDueAt as string);
      expect(next.getTime()).toBeGreaterThan(now.getTime());
      expect([next.getUTCDate(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([28, 23, 0]);

      const { edges } = (await app.ok(WorkspaceAuditEventsDocument, { id: ws, filter: { actions: ['audit_digest.updated'] } }, { token: tenant.owner.token })).workspace.auditEvents;
      expect(edges).toHaveLength(1);
      expect(edges[0].node).toMatchObject({ riskLevel: 'MEDIUM', actor: { id: tenant.owner.id }, target: { type: 'audit_digest', id: ws } });
      expect(edges[0].node.metadata).toMatchObject({ before: null, after: { frequency: 'MONTHLY', recipients: ['Ops@Example.com', 'sec@example.com'] } });

      // Saving the same settings again is not a change.
      await configure(settings(ws, { frequency: 'MONTHLY', dayOfMonth: 28, hourUTC: 23, includeRiskLevels: ['LOW', 'CRITICAL'], recipients: ['Ops@Example.com', 'sec@example.com'] }));
      const again = (await app.ok(WorkspaceAuditEventsDocument, { id: ws, filter: { actions: ['audit_digest.updated'] } }, { token: tenant.owner.token })).workspace.auditEvents;
      expect(again.edges).toHaveLength(1);
      // Disabling clears the schedule.
      expect(await configure(settings(ws, { enabled: false }))).toMatchObject({ enabled: false, nextDueAt: null });
    });
  });

  describe('scheduled delivery', () => {
    it('after days without a worker sends the most recent period once: totals, critical and high events with their actors, and a link', async () => {
      const ws = await newWorkspace();
      const other = await newWorkspace();
      const recipient = uniqueEmail('digest-content');
      const hour = (app.clock.now().getUTCHours() + 3) % 24;
      const first = new Date((await configure(settings(ws, { hourUTC: hour, includeRiskLevels: ['MEDIUM', 'HIGH', 'CRITICAL'], recipients: [recipient] }))).nextDueAt as string);
      // Three slots pass unserved; the latest period is [first + 1 day, first + 2 days).
      const start = new Date(first.getTime() + DAY);
      const end = new Date(first.getTime() + 2 * DAY);
      const inside = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
      await insertEvents(ws, [
        { at: inside(10), risk: 'CRITICAL', action: 'member.erased', actor: { type: 'USER', id: tenant.owner.id, name: 'Alice <Admin>', email: 'alice@example.com' }, target: { type: 'user', id: 'u-1' } },
        { at: inside(20), risk: 'CRITICAL', action: 'member.erased', actor: { type: 'USER', id: 'tombstone-5f2c' }, target: { type: 'user', id: 'u-2' } },
        { at: inside(30), risk: 'HIGH', action: 'secret.accessed', actor: { type: 'API_KEY', id: 'key-9', name: 'workspace api key key-9' } },
        { at: inside(40), risk: 'HIGH', action: 'workspace.retention_lowered', actor: { type: 'SYSTEM', id: null } },
        { at: inside(50), risk: 'HIGH', action: 'secret.accessed' },
        ...[60, 70, 80, 90].map((m): SeedEvent => ({ at: inside(m), risk: 'MEDIUM', action: 'member.updated' })),
        ...[15, 25].map((m): SeedEvent => ({ at: inside(m), risk: 'LOW', action: 'workspace.created' })),
        { at: new Date(start.getTime() - 1), risk: 'CRITICAL', action: 'before.window' },
        { at: end, risk: 'CRITICAL', action: 'next.window' },
      ]);
      await insertEvents(other, [{ at: inside(5), risk: 'CRITICAL', action: 'other.workspace' }]);

      expect(await tickAt(new Date(first.getTime() - MINUTE))).toBe(0);
      await tickAt(new Date(end.getTime() + 5 * MINUTE));
      const mail = await app.smtp!.waitFor((m) => m.to.includes(recipient));
      expect(mailsTo(recipient)).toHaveLength(1);

      expect(mail.subject).toBe('Audit digest for Workspace: 9 events');
      expect(mail.text).toContain('CRITICAL: 2\n  HIGH: 3\n  MEDIUM: 4');
      expect(mail.text).not.toMatch(/LOW|workspace\.created|before\.window|next\.window|other\.workspace/);
      expect(mail.text).toContain('member.updated (MEDIUM): 4\n  member.erased (CRITICAL): 2\n  secret.accessed (HIGH): 2\n  workspace.retention_lowered (HIGH): 1');
      const listed = mail.text.split('Critical and high-risk events:\n')[1].split('\n\n')[0].split('\n');
      expect(listed).toHaveLength(5);
      expect(listed[0]).toMatch(/CRITICAL {2}member\.erased {2}by user tombstone-5f2c \(name erased\) {2}on user u-2$/);
      expect(listed[1]).toMatch(/CRITICAL {2}member\.erased {2}by Alice <Admin> <alice@example\.com> {2}on user u-1$/);
      expect(listed[2]).toContain('secret.accessed  by admin');
      expect(listed[3]).toContain('workspace.retention_lowered  by Gatehouse (system)');
      expect(listed[4]).toContain('secret.accessed  by workspace api key key-9');
      const link = `http://gatehouse.test/workspaces/${ws}/audit-log?from=${encodeURIComponent(start.toISOString())}&to=${encodeURIComponent(end.toISOString())}`;
      expect(mail.text).toContain(`Audit log: ${link}`);
      expect(mail.html).toContain('Alice &#60;Admin&#62;');
      expect(mail.html).toContain(`href="${link.replace(/&/g, '&#38;')}"`);
      expect(mail.messageId).toBe(`<digest.${ws}.${end.getTime()}@gatehouse.test>`);

      expect(await periodRows(ws)).toEqual([{ period_start: start, period_end: end, status: 'SENT', attempts: 1, covered_from: start }]);
      const digest = (await app.ok(WorkspaceAuditDigestDocument, { id: ws }, { token: tenant.owner.token })).workspace.auditDigest;
      expect(new Date(digest.nextDueAt as string)).toEqual(new Date(end.getTime() + DAY));
      expect(digest.lastSentAt).not.toBeNull();

      // The same hour ticking again sends nothing; the next slot sends the next period, which starts where this one ended.
      expect(await tickAt(new Date(end.getTime() + 30 * MINUTE))).toBe(0);
      await tickAt(new Date(end.getTime() + DAY + MINUTE));
      await app.smtp!.waitFor((m) => m.to.includes(recipient) && m.subject.endsWith(': 1 event'));
      expect(mailsTo(recipient)).toHaveLength(2);
      expect(mailsTo(recipient)[1].text).toContain('next.window (CRITICAL): 1');
    });

    it('sends a short "nothing matched" digest, and nothing while disabled', async () => {
      const quiet = await newWorkspace();
      const disabled = await newWorkspace();
      const recipient = uniqueEmail('digest-quiet');
      const day = new Date(app.clock.now().getTime() + 2 * DAY).getUTCDay();
      const slot = new Date((await configure(settings(quiet, { frequency: 'WEEKLY', dayOfWeek: day, hourUTC: 5, includeRiskLevels: ['CRITICAL'], recipients: [recipient] }))).nextDueAt as string);
      const off = uniqueEmail('digest-off');
      await configure(settings(disabled, { enabled: false, frequency: 'WEEKLY', dayOfWeek: day, hourUTC: 5, recipients: [off] }));
      await insertEvents(quiet, [{ at: new Date(slot.getTime() - HOUR), risk: 'HIGH', action: 'secret.accessed' }]);

      await tickAt(new Date(slot.getTime() + MINUTE));
      const mail = await app.smtp!.waitFor((m) => m.to.includes(recipient));
      expect(mail.subject).toBe('Audit digest for Workspace: nothing matched');
      expect(mail.text).toContain('Nothing matched: no audit events at these risk levels in this period.');
      expect(mail.text).toContain('at risk levels CRITICAL,');
      expect(mailsTo(off)).toHaveLength(0);
      expect(await periodRows(disabled)).toEqual([]);
    });

    it('sends each period once with two workers and the same period enqueued many times; registering schedulers twice keeps one of each', async () => {
      const ws = await newWorkspace();
      const recipient = uniqueEmail('digest-twice');
      const slot = new Date((await configure(settings(ws, { hourUTC: (app.clock.now().getUTCHours() + 1) % 24, recipients: [recipient] }))).nextDueAt as string);
      const second = await startWorker(app.infra, app.services, app.contributions);
      try {
        const queue = digestQueue();
        const at = new Date(slot.getTime() + MINUTE).toISOString();
        const data = { workspaceId: ws, periodEnd: slot.toISOString() };
        // Two ticks in the same hour, and copies under other ids (as if the finished job had been removed).
        await Promise.all([
          queue.add(DigestJobName.Tick, { at }, { jobId: `tick-a.${slot.getTime()}` }),
          queue.add(DigestJobName.Tick, { at }, { jobId: `tick-b.${slot.getTime()}` }),
          ...[1, 2, 3, 4].map((copy) => queue.add(DigestJobName.Send, data, { jobId: `${digestJobId(ws, slot)}.copy${copy}` })),
        ]);
        await app.smtp!.waitFor((m) => m.to.includes(recipient));
        await settle(queue);
        expect(mailsTo(recipient)).toHaveLength(1);
        expect(await periodRows(ws)).toMatchObject([{ period_end: slot, status: 'SENT' }]);

        expect((await queue.getJobSchedulers()).map((s) => s.key)).toEqual(['audit-digest-tick']);
        expect((await app.infra.queues.maintenance.getJobSchedulers()).map((s) => s.key)).toEqual(['retention-daily']);
        expect((await queue.getJobScheduler('audit-digest-tick'))?.pattern).toBe('0 * * * *');
      } finally {
        await second.stop();
      }
    });
  });

  describe('sendAuditDigestNow', () => {
    it('mails the digest so far without touching lastSentAt, the next slot or the period markers', async () => {
      const ws = await newWorkspace();
      const recipient = uniqueEmail('digest-now');
      // The current period began at this hour's slot, before the settings change recorded below.
      const configured = await configure(settings(ws, { hourUTC: app.clock.now().getUTCHours(), includeRiskLevels: ['MEDIUM'], recipients: [recipient] }));

      const { sendAuditDigestNow } = await app.ok(SendAuditDigestNowDocument, { input: { workspaceId: ws } }, { token: tenant.owner.token });
      expect(sendAuditDigestNow.recipients).toEqual([recipient]);
      const mail = await app.smtp!.waitFor((m) => m.to.includes(recipient));
      expect(mail.subject).toBe('[on request] Audit digest for Workspace: 1 event');
      expect(mail.text).toContain('audit_digest.updated (MEDIUM): 1');

      const after = (await app.ok(WorkspaceAuditDigestDocument, { id: ws }, { token: tenant.owner.token })).workspace.auditDigest;
      expect(after).toEqual(configured);
      expect(await periodRows(ws)).toEqual([]);
      const { edges } = (await app.ok(WorkspaceAuditEventsDocument, { id: ws, filter: { actions: ['audit_digest.sent_now'] } }, { token: tenant.owner.token })).workspace.auditEvents;
      expect(edges.map((e) => [e.node.riskLevel, e.node.actor.id])).toEqual([['LOW', tenant.owner.id]]);
    });

    it('refuses a workspace whose digest was never configured', async () => {
      const ws = await newWorkspace();
      const result = await app.request(SendAuditDigestNowDocument, { input: { workspaceId: ws } }, { token: tenant.owner.token });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'audit digest not configured' });
    });
  });
});
