import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { NotificationEventType } from '../src/modules/notification/notification-catalog';
import { HttpReceiver } from '../src/modules/notification/testing/http-receiver';
import { WEBHOOK_PROBE } from '../src/modules/notification/notification.jobs';
import { createOrganization, createUser, createWorkspace } from '../src/testing/fixtures';
import { CreateWebhookEndpointDocument, UpdateNotificationSettingsDocument } from '../src/testing/generated/graphql';
import { SmtpSink } from '../src/testing/smtp-sink';
import { startTestApp, TEST_APP_SECRET, type TestApp } from '../src/testing/test-app';
import { spawnWorkerProcess } from '../src/testing/worker-process';
import type { BaselineRequest, BaselineResult } from './notifications/nodemailer-baseline';
import { recordResults } from './record-results';

/** The worker's heap bound in production (README, Production), so the bench measures that process. */
const WORKER_HEAP = (process.env.BENCH_WORKER_HEAP ?? '--max-old-space-size=256').split(' ').filter(Boolean);

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
/** Rounds alternate nodemailer and Gatehouse, so drift in the shared machine's speed hits both. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WEBHOOK_ENDPOINTS = 10;
const WEBHOOK_EVENTS = 100;
const TIMEOUT_MS = 600_000;
const RSS_SAMPLE_MS = 100;

const EVENT = {
  type: NotificationEventType.RUN_FAILED,
  title: 'Run #4211 of nightly-eval failed',
  body: 'The run stopped at step 7 of 12 (score-answers): the model provider answered 503 three times.\nNothing was billed for the failed step.',
  url: 'https://app.example.com/runs/4211',
};

const kib = (status: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
const fmt = (value: number, digits = 0) => value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Round {
  sent: number;
  seconds: number;
  perSecond: number;
}

/** One workspace of RECIPIENTS members with email on (the default: no preference row), seeded in bulk; no owner, so exactly RECIPIENTS recipients. */
async function seedRecipients(app: TestApp): Promise<{ workspaceId: string; workspaceName: string; recipients: Array<{ id: string; email: string }> }> {
  const db = app.infra.dataSource;
  const tag = randomBytes(3).toString('hex');
  const [{ id: organizationId }] = await db.query(`INSERT INTO organization (name) VALUES ('Bench notifications') RETURNING id`);
  const [{ id: workspaceId, name: workspaceName }] = await db.query(
    `INSERT INTO workspace (organization_id, slug, region, name, data_retention_days, seat_limit) VALUES ($1, $2, 'eu-west-1', 'Evaluation', 90, $3) RETURNING id, name`,
    [organizationId, `bench-notifications-${tag}`, RECIPIENTS],
  );
  const recipients: Array<{ id: string; email: string }> = await db.query(
    `WITH people AS (
       INSERT INTO "user" (email, email_normalized, name, email_verified_at)
       SELECT e, e, 'Person ' || n, now() FROM generate_series(1, $2) AS n, LATERAL (SELECT 'person' || n || '-${tag}@bench.example' AS e) AS address
       RETURNING id, email),
     members AS (INSERT INTO workspace_membership (workspace_id, user_id, role) SELECT $1, id, 'VIEWER' FROM people)
     SELECT id, email FROM people`,
    [workspaceId, RECIPIENTS],
  );
  await db.query('ANALYZE "user"; ANALYZE workspace_membership');
  return { workspaceId, workspaceName, recipients };
}

/** A workspace whose run_failed events go to WEBHOOK_ENDPOINTS webhook endpoints (and nothing else), made as an admin would, through the API. */
async function seedWebhooks(app: TestApp, receiverUrl: string): Promise<{ workspaceId: string; secrets: Map<string, string> }> {
  const owner = await createUser(app, 'bench-webhooks');
  const workspace = await createWorkspace(app, owner, await createOrganization(app, owner));
  await app.ok(UpdateNotificationSettingsDocument, { input: { workspaceId: workspace.id, events: [{ eventType: 'RUN_FAILED', channels: ['WEBHOOK'] }] } }, { token: owner.token });
  const secrets = new Map<string, string>();
  for (let index = 0; index < WEBHOOK_ENDPOINTS; index++) {
    const path = `/hooks/${index}`;
    const { createWebhookEndpoint } = await app.ok(CreateWebhookEndpointDocument, { input: { workspaceId: workspace.id, url: `${receiverUrl}${path}`, eventTypes: ['RUN_FAILED'] } }, { token: owner.token });
    secrets.set(path, createWebhookEndpoint.secret);
  }
  return { workspaceId: workspace.id, secrets };
}

/** Polls the delivery rows until `expected` are DELIVERED; the time from `startedAt` (epoch ms) to the last one's delivered_at. */
async function untilDelivered(app: TestApp, where: string, params: unknown[], expected: number, startedAt: number): Promise<number> {
  const deadline = performance.now() + TIMEOUT_MS;
  for (;;) {
    const [row]: Array<{ delivered: number; other: number; last: Date | null }> = await app.infra.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered, count(*) FILTER (WHERE status <> 'DELIVERED' AND status <> 'PENDING')::int AS other, max(delivered_at) AS last
         FROM notification_delivery WHERE ${where}`,
      params,
    );
    if (row.other > 0) throw new Error(`${row.other} deliveries FAILED or SKIPPED`);
    if (row.delivered >= expected) return (row.last!.getTime() - startedAt) / 1000;
    if (performance.now() > deadline) throw new Error(`only ${row.delivered} of ${expected} delivered within ${TIMEOUT_MS / 1000} s`);
    // The time is read from delivered_at, not from when the poll sees it: polling less often changes
    // nothing but the load this count (3–4 ms over 10,000 rows) adds to the database under test.
    await sleep(500);
  }
}

function runBaseline(request: BaselineRequest): Promise<BaselineResult> {
  const child: ChildProcess = fork(path.join(__dirname, 'notifications', 'nodemailer-baseline.ts'), [], { execArgv: ['-r', '@swc-node/register'] });
  return new Promise((resolve, reject) => {
    child.once('message', (answer: BaselineResult | { error: string }) => ('error' in answer ? reject(new Error(`nodemailer: ${answer.error}`)) : resolve(answer)));
    child.once('exit', (code) => code !== 0 && reject(new Error(`the nodemailer process exited with ${code}`)));
    child.send(request);
  });
}

/**
 * One event to RECIPIENTS email recipients through the fan-out worker (src/worker.ts in its own process,
 * as deployed: real BullMQ worker, pooled nodemailer transport) to a local SMTP sink, beside plain pooled
 * nodemailer sending the same messages to the same sink from a process of its own; then
 * WEBHOOK_EVENTS events to WEBHOOK_ENDPOINTS signed webhook endpoints on a local receiver. Samples the
 * worker's RSS throughout. See README "Benchmarks". Adds its figures to bench/results.json.
 */
export async function run(): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  let accepted = 0;
  // Envelope only: parsing each message would make the sink, not the senders, the bottleneck.
  const sink = new SmtpSink({ parse: false, beforeAccept: async () => void accepted++ });
  const smtpUrl = await sink.start();
  const receiver = new HttpReceiver();
  const receiverUrl = await receiver.start();
  const app = await startTestApp({ ownDatabase: true });
  let worker: ChildProcess | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    let started = performance.now();
    const { workspaceId, workspaceName, recipients } = await seedRecipients(app);
    log(`seeded ${fmt(RECIPIENTS)} members with email on in ${fmt((performance.now() - started) / 1000, 1)} s`);
    const webhooks = await seedWebhooks(app, receiverUrl);

    // Loopback receivers need WEBHOOK_ALLOW_PRIVATE; everything else is the worker as deployed.
    // BENCH_CPU_PROF=dir writes the worker's CPU profile there when it stops (open it in Chrome's DevTools).
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
    // The worker as production runs it: the tsc build, not compiled on the fly.
    execFileSync('npm', ['run', 'build'], { cwd: path.resolve(__dirname, '..'), stdio: 'ignore' });
    worker = spawnWorkerProcess(app.infra, { SMTP_URL: smtpUrl, LOG_LEVEL: 'warn', WEBHOOK_ALLOW_PRIVATE: 'true' }, [...WORKER_HEAP, ...profile], { compiled: true });
    worker.stdout!.pipe(process.stderr);
    const queue = app.infra.queues.notifications;
    // The worker registers its schedulers last thing at start: from then on it takes jobs.
    while (!(await queue.getJobScheduler(WEBHOOK_PROBE.id))) {
      if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode} before it started`);
      await sleep(100);
    }
    const status = () => readFileSync(`/proc/${worker!.pid}/status`, 'utf8');
    const idleRssMb = kib(status(), 'VmRSS') / 1024;
    // Peaks by phase, so a peak says which work caused it.
    let phase = 'email';
    const peakByPhase: Record<string, number> = {};
    sampler = setInterval(() => (peakByPhase[phase] = Math.max(peakByPhase[phase] ?? 0, kib(status(), 'VmRSS') / 1024)), RSS_SAMPLE_MS);

    const nodemailerRounds: Array<Round & { sinkCpu: number }> = [];
    const gatehouseRounds: Round[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      accepted = 0;
      const cpu = process.cpuUsage();
      const baseline = await runBaseline({
        smtpUrl,
        from: app.infra.config.mailFrom,
        appSecret: TEST_APP_SECRET,
        publicUrl: app.infra.config.publicUrl,
        mail: { workspaceName, eventType: EVENT.type, title: EVENT.title, body: EVENT.body, url: EVENT.url },
        recipients,
      });
      const used = process.cpuUsage(cpu);
      if (accepted !== RECIPIENTS) throw new Error(`the sink accepted ${accepted} of nodemailer's ${RECIPIENTS} messages`);
      // This process is the sink: near 100 % of a core would mean the sink, not the sender, set the pace.
      nodemailerRounds.push({ sent: baseline.sent, seconds: baseline.seconds, perSecond: baseline.sent / baseline.seconds, sinkCpu: (used.user + used.system) / 1e6 / baseline.seconds });
      log(`round ${round} nodemailer: ${fmt(baseline.sent / baseline.seconds)} messages/s (${fmt(baseline.seconds, 1)} s)`);

      accepted = 0;
      const publishedAt = Date.now();
      const { event } = await app.services.notifications.publish({ workspaceId, ...EVENT, title: `${EVENT.title} (round ${round})`, occurredAt: new Date() });
      const seconds = await untilDelivered(app, 'event_id = $1', [event.id], RECIPIENTS, publishedAt);
      if (accepted !== RECIPIENTS) throw new Error(`the sink accepted ${accepted} messages for ${RECIPIENTS} deliveries`);
      gatehouseRounds.push({ sent: RECIPIENTS, seconds, perSecond: RECIPIENTS / seconds });
      log(`round ${round} Gatehouse: ${fmt(RECIPIENTS / seconds)} deliveries/s (${fmt(seconds, 1)} s, publish → last DELIVERED)`);
    }

    phase = 'webhooks';
    const publishedAt = Date.now();
    for (let index = 0; index < WEBHOOK_EVENTS; index++) {
      await app.services.notifications.publish({ workspaceId: webhooks.workspaceId, ...EVENT, title: `${EVENT.title} (webhook ${index})`, occurredAt: new Date() });
    }
    const webhookSeconds = await untilDelivered(app, 'workspace_id = $1', [webhooks.workspaceId], WEBHOOK_ENDPOINTS * WEBHOOK_EVENTS, publishedAt);
    // Verified as a receiver would, with standardwebhooks' own verify: a bad signature throws.
    for (const request of receiver.requests) new Webhook(webhooks.secrets.get(request.path)!).verify(request.body, request.headers as Record<string, string>);
    if (receiver.requests.length !== WEBHOOK_ENDPOINTS * WEBHOOK_EVENTS) throw new Error(`the receiver got ${receiver.requests.length} requests for ${WEBHOOK_ENDPOINTS * WEBHOOK_EVENTS} deliveries`);
    clearInterval(sampler);
    const peakRssMb = Math.max(...Object.values(peakByPhase), kib(status(), 'VmHWM') / 1024);

    const best = <T extends Round>(rounds: T[]) => rounds.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const ours = best(gatehouseRounds);
    const theirs = best(nodemailerRounds);
    const ratio = ours.perSecond / theirs.perSecond;
    const webhookRate = (WEBHOOK_ENDPOINTS * WEBHOOK_EVENTS) / webhookSeconds;
    const load = os.loadavg();
    const row = (what: string, figure: string, target: string) => `  ${what.padEnd(58)}${figure.padStart(26)}   ${target}`;
    log(
      [
        '',
        row('', 'best of rounds', 'target'),
        row(`email, ${fmt(RECIPIENTS)} recipients, Gatehouse fan-out worker`, `${fmt(ours.perSecond)} deliveries/s`, ''),
        row(`email, the same messages, plain pooled nodemailer`, `${fmt(theirs.perSecond)} messages/s`, ''),
        row('Gatehouse ÷ nodemailer', `${fmt(ratio, 2)}×`, `≥ 0.5× ${ratio >= 0.5 ? '(met)' : '(NOT met)'}`),
        row(`webhooks, ${WEBHOOK_EVENTS} events × ${WEBHOOK_ENDPOINTS} endpoints, signed`, `${fmt(webhookRate)} deliveries/s`, ''),
        row('worker peak RSS (sampled every 100 ms, and VmHWM)', `${fmt(peakRssMb)} MB`, `< 300 MB ${peakRssMb < 300 ? '(met)' : '(NOT met)'}`),
        row('worker peak RSS sampled: email rounds, webhooks', `${fmt(peakByPhase.email ?? NaN)} MB, ${fmt(peakByPhase.webhooks ?? NaN)} MB`, ''),
        row('worker RSS before the first delivery', `${fmt(idleRssMb)} MB`, ''),
        row('sink process CPU during nodemailer rounds', nodemailerRounds.map((r) => `${fmt(r.sinkCpu * 100)} %`).join(', '), 'of one core'),
        row('rounds: Gatehouse deliveries/s', gatehouseRounds.map((r) => fmt(r.perSecond)).join(', '), ''),
        row('rounds: nodemailer messages/s', nodemailerRounds.map((r) => fmt(r.perSecond)).join(', '), ''),
        row('rounds: Gatehouse ÷ nodemailer of the same round', gatehouseRounds.map((r, index) => `${fmt(r.perSecond / nodemailerRounds[index].perSecond, 2)}×`).join(', '), ''),
        `  load average ${load.map((value) => fmt(value, 2)).join(' / ')} (1/5/15 min), ${os.cpus().length} cores`,
      ].join('\n'),
    );
    recordResults('notifications', {
      measuredAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAverage: load },
      settings: { recipients: RECIPIENTS, rounds: ROUNDS, webhookEndpoints: WEBHOOK_ENDPOINTS, webhookEvents: WEBHOOK_EVENTS, sink: 'src/testing/smtp-sink.ts, envelope only (parse: false)' },
      units: { perSecond: 'deliveries (Gatehouse) or messages (nodemailer) per second, best of rounds; Gatehouse from publish to the last delivered_at', peakRssMb: 'worker process, max of VmRSS sampled every 100 ms and VmHWM, MiB' },
      email: { gatehouse: ours, nodemailer: theirs, ratio, rounds: { gatehouse: gatehouseRounds, nodemailer: nodemailerRounds } },
      webhooks: { deliveries: WEBHOOK_ENDPOINTS * WEBHOOK_EVENTS, seconds: webhookSeconds, perSecond: webhookRate },
      worker: { peakRssMb, idleRssMb, sampledPeakRssMb: peakByPhase },
    });
    log('added to bench/results.json (notifications)');
  } finally {
    if (sampler) clearInterval(sampler);
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await once(worker, 'exit');
    }
    await app.stop();
    await receiver.stop();
    await sink.stop();
  }
}
