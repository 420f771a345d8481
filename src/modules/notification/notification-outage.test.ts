import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Client } from 'pg';
import { spawnRedisServer, type SpawnedRedis } from '../../queue/redis';
import { startWorker, type WorkerHandle } from '../../queue/worker-runner';
import { createTenant } from '../../testing/fixtures';
import { CreateWebhookEndpointDocument, PublishNotificationEventDocument, UpdateNotificationSettingsDocument } from '../../testing/generated/graphql';
import { SmtpSink } from '../../testing/smtp-sink';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { spawnWorkerProcess } from '../../testing/worker-process';
import { HttpReceiver, eventually } from './testing/http-receiver';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

// A private redis-server (the run's shared one serves other files and must stay up) and a database
// of its own (the workers below act on every row of it).
describe('notification delivery through crashes and outages', () => {
  let sink: SmtpSink;
  let smtpUrl: string;
  let receiver: HttpReceiver;
  let receiverUrl: string;
  let redis: SpawnedRedis;
  let redisDown = false;
  let app: TestApp;
  let tenant: Tenant;
  let child: ChildProcess | undefined;
  let worker: WorkerHandle | undefined;

  beforeAll(async () => {
    sink = new SmtpSink();
    smtpUrl = await sink.start();
    receiver = new HttpReceiver();
    receiverUrl = await receiver.start();
    redis = await spawnRedisServer();
    app = await startTestApp({ ownDatabase: true, env: { SMTP_URL: smtpUrl, REDIS_URL: redis.url, ...workerEnv } });
    tenant = await createTenant(app);
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    if (redisDown) redis = await spawnRedisServer({ port: Number(new URL(redis.url).port) });
    await worker?.stop();
    await app.stop();
    await redis.stop();
    await sink.stop();
    await receiver.stop();
  });
  // A one-second job lock and a two-second lease: a dead worker's job and delivery are taken over within seconds.
  const workerEnv = { JOB_LOCK_SECONDS: '1', NOTIFICATION_LEASE_SECONDS: '2', WEBHOOK_ALLOW_PRIVATE: 'true' };

  const recipients = () => [tenant.owner, tenant.admin, tenant.editor, tenant.viewer].map((user) => user.email);
  const publish = async (title: string) =>
    (
      await app.ok(
        PublishNotificationEventDocument,
        { input: { workspaceId: tenant.workspace.id, type: 'RUN_FAILED', title, body: 'b', occurredAt: new Date().toISOString() } },
        { token: tenant.editor.token },
      )
    ).publishNotificationEvent.event.id;
  const deliveries = (eventId: string): Promise<Array<{ target_id: string; status: string }>> =>
    app.infra.dataSource.query('SELECT target_id, status FROM notification_delivery WHERE event_id = $1 ORDER BY target_id', [eventId]);
  /** Every member mailed exactly once, every delivery DELIVERED. */
  const expectDeliveredOnce = async (eventId: string, title: string) => {
    const rows = await eventually(() => deliveries(eventId), (found) => found.length === 4 && found.every((row) => row.status === 'DELIVERED'), 'four delivered rows');
    expect(new Set(rows.map((row) => row.target_id)).size).toBe(4);
    const mails = sink.messages.filter((mail) => mail.subject.includes(title));
    expect(mails.flatMap((mail) => mail.to).sort()).toEqual(recipients().sort());
  };

  it('a worker killed mid-fan-out leaves no delivery lost or doubled', async () => {
    const title = 'Killed mid-fan-out';
    const eventId = await publish(title);
    // Another transaction holds one of the fan-out's rows uncommitted: the fan-out's INSERT waits on it.
    const blocker = new Client({ connectionString: app.infra.databaseUrl });
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(
      `INSERT INTO notification_delivery (workspace_id, event_id, event_type, channel, target_id, target_label, status) VALUES ($1, $2, 'run_failed', 'EMAIL', $3, 'x', 'SKIPPED')`,
      [tenant.workspace.id, eventId, tenant.owner.id],
    );
    child = spawnWorkerProcess(app.infra, { SMTP_URL: smtpUrl, REDIS_URL: redis.url, ...workerEnv });
    const waiting = async () =>
      (await app.infra.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO "notification_delivery"%'`))[0].n as number;
    // The child compiles the worker on start: allow it time.
    await eventually(waiting, (n) => n === 1, 'the fan-out to wait on the held row', 45_000);
    child.kill('SIGKILL');
    await once(child, 'exit');
    child = undefined;
    await blocker.query('ROLLBACK');
    await blocker.end();
    expect(await deliveries(eventId)).toEqual([]);

    worker = await startWorker(app.infra, app.services, app.contributions);
    await expectDeliveredOnce(eventId, title);
  }, 60_000);

  it('an event published while Redis is down is delivered once Redis is back, exactly once', async () => {
    const port = Number(new URL(redis.url).port);
    await redis.stop();
    redisDown = true;
    await eventually(async () => app.infra.redis.status, (status) => status !== 'ready', 'Redis to be seen down');
    const title = 'Published during an outage';
    const eventId = await publish(title);
    const outbox = await app.infra.dataSource.query(`SELECT count(*)::int AS n FROM outbox_message WHERE job_id = $1`, [`notification-fan-out.${eventId}`]);
    expect(outbox).toEqual([{ n: 1 }]);

    redis = await spawnRedisServer({ port });
    redisDown = false;
    await expectDeliveredOnce(eventId, title);
  }, 60_000);

  it('a worker killed mid-send leaves its delivery to the next worker once the lease lapses: sent again, recorded once', async () => {
    await worker?.stop();
    worker = undefined;
    const { workspace } = tenant;
    await app.ok(UpdateNotificationSettingsDocument, { input: { workspaceId: workspace.id, events: [{ eventType: 'WORKFLOW_DEPLOYED', channels: ['WEBHOOK'] }] } }, { token: tenant.owner.token });
    await app.ok(CreateWebhookEndpointDocument, { input: { workspaceId: workspace.id, url: `${receiverUrl}/hooks/killed`, eventTypes: ['WORKFLOW_DEPLOYED'], description: 'killed' } }, { token: tenant.owner.token });
    // The first request is answered only after its sender is dead.
    let answer!: () => void;
    receiver.replies.push({ status: 200, until: new Promise<void>((resolve) => (answer = resolve)) });
    const { publishNotificationEvent } = await app.ok(
      PublishNotificationEventDocument,
      { input: { workspaceId: workspace.id, type: 'WORKFLOW_DEPLOYED', title: 'Deployed', body: 'b', occurredAt: new Date().toISOString() } },
      { token: tenant.editor.token },
    );
    child = spawnWorkerProcess(app.infra, { SMTP_URL: smtpUrl, REDIS_URL: redis.url, ...workerEnv });
    await eventually(async () => receiver.to('/hooks/killed').length, (n) => n === 1, 'the first send', 45_000);
    child.kill('SIGKILL');
    await once(child, 'exit');
    child = undefined;
    answer();

    worker = await startWorker(app.infra, app.services, app.contributions);
    const rows = await eventually(
      (): Promise<Array<{ id: string; status: string }>> => app.infra.dataSource.query('SELECT id, status, attempts, leased_until FROM notification_delivery WHERE event_id = $1', [publishNotificationEvent.event.id]),
      (found) => found.length === 1 && found[0].status === 'DELIVERED',
      'the delivery to be taken over',
    );
    expect(rows).toEqual([{ id: expect.any(String), status: 'DELIVERED', attempts: 1, leased_until: null }]);
    // Sent twice (the dead worker's send never got its answer), as one message: receivers dedupe on webhook-id.
    const sent = receiver.to('/hooks/killed');
    expect(sent.map((request) => request.headers['webhook-id'])).toEqual([`msg_${rows[0].id}`, `msg_${rows[0].id}`]);
  }, 60_000);
});
