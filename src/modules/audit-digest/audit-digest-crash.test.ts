import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { startWorker } from '../../queue/worker-runner';
import { createTenant } from '../../testing/fixtures';
import { UpdateAuditDigestDocument } from '../../testing/generated/graphql';
import { settle } from '../../testing/jobs';
import { holdingFirstMessage, type SmtpSink } from '../../testing/smtp-sink';
import { startTestApp, uniqueEmail, type TestApp } from '../../testing/test-app';
import { spawnWorkerProcess } from '../../testing/worker-process';
import { DigestJobName, digestJobId } from './audit-digest.jobs';


describe('a worker process killed while sending a digest', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let smtpUrl: string;
  let child: ChildProcess | undefined;
  let held: Promise<void>;

  beforeAll(async () => {
    // The first message reaches the SMTP server and never gets its answer: the sender is stuck
    // between sending and acceptance, where the test kills it.
    // Only the digest: the fixtures' invitation mails go through.
    ({ sink, held } = holdingFirstMessage((mail) => /digest/i.test(mail.subject)));
    smtpUrl = await sink.start();
    // A one-second job lock: BullMQ notices the dead worker's job within seconds instead of a minute.
    // Its own database: the workers started below act on every row of it.
    app = await startTestApp({ ownDatabase: true, env: { SMTP_URL: smtpUrl, JOB_LOCK_SECONDS: '1' } });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await app.stop();
    await sink.stop();
  });

  it('sends the period exactly once after another worker takes over', async () => {
    const tenant = await createTenant(app);
    const recipient = uniqueEmail('crash');
    const { updateAuditDigest } = await app.ok(
      UpdateAuditDigestDocument,
      { input: { workspaceId: tenant.workspace.id, enabled: true, frequency: 'DAILY', hourUTC: 6, includeRiskLevels: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'], recipients: [recipient] } },
      { token: tenant.owner.token },
    );
    const slot = new Date(updateAuditDigest.auditDigest.nextDueAt as string);
    const workspaceId = tenant.workspace.id;
    const marker = async () =>
      (await app.infra.dataSource.query('SELECT status, attempts FROM audit_digest_period WHERE workspace_id = $1', [workspaceId])) as Array<{ status: string; attempts: number }>;

    child = spawnWorkerProcess(app.infra, { SMTP_URL: smtpUrl, JOB_LOCK_SECONDS: '1' });
    await app.infra.queues.digest.add(DigestJobName.Send, { workspaceId, periodEnd: slot.toISOString() }, { jobId: digestJobId(workspaceId, slot) });

    await held;
    expect(await marker()).toEqual([{ status: 'SENDING', attempts: 1 }]);
    child.kill('SIGKILL');
    await once(child, 'exit');
    child = undefined;
    expect(sink.messages.filter((m) => m.to.includes(recipient))).toHaveLength(0);

    const worker = await startWorker(app.infra, app.services, app.contributions, { smtpUrl });
    try {
      const mail = await sink.waitFor((m) => m.to.includes(recipient), 20_000);
      await settle(app.infra.queues.digest);
      expect(sink.messages.filter((m) => m.to.includes(recipient))).toEqual([mail]);
      expect(mail.messageId).toBe(`<digest.${workspaceId}.${slot.getTime()}@gatehouse.test>`);
      expect(await marker()).toEqual([{ status: 'SENT', attempts: 2 }]);
      const [{ last_sent_at }] = await app.infra.dataSource.query('SELECT last_sent_at FROM audit_digest WHERE workspace_id = $1', [workspaceId]);
      expect(last_sent_at).not.toBeNull();
    } finally {
      await worker.stop();
    }
  });
});
