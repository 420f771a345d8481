import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { DigestJobName } from '../src/modules/audit-digest/audit-digest.jobs';
import { DigestFrequency, latestSlot } from '../src/modules/audit-digest/digest-schedule';
import { SmtpSink } from '../src/testing/smtp-sink';
import { startTestApp } from '../src/testing/test-app';
import { spawnWorkerProcess } from '../src/testing/worker-process';

const WORKSPACES = 2000;
const EVENTS = 1_000_000;
/** (action, risk) pairs the seeded events cycle through: 3 in 10 are HIGH or CRITICAL. */
const KINDS = [
  ['workspace.updated', 'MEDIUM'],
  ['member.added', 'MEDIUM'],
  ['member.updated', 'MEDIUM'],
  ['organization.updated', 'LOW'],
  ['passkey.renamed', 'LOW'],
  ['workspace.created', 'LOW'],
  ['member.removed', 'MEDIUM'],
  ['workspace.retention_lowered', 'HIGH'],
  ['secret.accessed', 'HIGH'],
  ['member.erased', 'CRITICAL'],
];

const kib = (status: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * 2,000 workspaces whose daily digests are all due this hour, over 1,000,000 audit events of the
 * last day; one tick, a worker in its own process (src/worker.ts, as deployed), a local SMTP sink.
 * Reports the time from the tick to the last mail accepted and the worker's peak RSS (VmHWM).
 */
export async function run(): Promise<void> {
  let accepted = 0;
  let lastAcceptedAt = 0;
  // Not parsing what arrives: mailparser would spend ~50 ms of this process's CPU per digest.
  const sink = new SmtpSink({
    parse: false,
    beforeAccept: async () => {
      accepted++;
      lastAcceptedAt = performance.now();
    },
  });
  const smtpUrl = await sink.start();
  const app = await startTestApp({ env: { SMTP_URL: smtpUrl } });
  const db = app.infra.dataSource;
  let worker: ReturnType<typeof spawnWorkerProcess> | undefined;
  try {
    const now = new Date();
    const slot = latestSlot({ frequency: DigestFrequency.DAILY, dayOfWeek: null, dayOfMonth: null, hourUtc: now.getUTCHours() }, now);
    let started = performance.now();
    const [{ id: organizationId }] = await db.query(`INSERT INTO organization (name) VALUES ('Bench') RETURNING id`);
    const workspaces: Array<{ id: string }> = await db.query(
      `INSERT INTO workspace (organization_id, slug, region, name, data_retention_days, seat_limit)
       SELECT $1, 'bench-' || n, 'eu-west-1', 'Bench ' || n, 90, 50 FROM generate_series(1, $2) AS n RETURNING id`,
      [organizationId, WORKSPACES],
    );
    const ids = workspaces.map((row) => row.id);
    await db.query(
      `INSERT INTO audit_digest (workspace_id, enabled, frequency, hour_utc, include_risk_levels, recipients, next_due_at)
       SELECT id, true, 'DAILY', $2, '{LOW,MEDIUM,HIGH,CRITICAL}', ARRAY['security-' || id || '@example.com'], $3 FROM unnest($1::uuid[]) AS id`,
      [ids, now.getUTCHours(), slot],
    );
    await db.query(
      `INSERT INTO audit_event (occurred_at, organization_id, workspace_id, actor_type, actor_id, action, risk_level, target_type, target_id)
       SELECT $3::timestamptz - make_interval(secs => 1 + n % 86399), $2, ($1::uuid[])[1 + n % ${WORKSPACES}], 'USER', md5(n::text),
              ($4::text[])[1 + (n / ${WORKSPACES}) % 10], ($5::audit_risk_level[])[1 + (n / ${WORKSPACES}) % 10], 'user', n::text
         FROM generate_series(1, $6) AS n`,
      [ids, organizationId, slot, KINDS.map(([action]) => action), KINDS.map(([, risk]) => risk), EVENTS],
    );
    // Two in three high-risk actors keep their name; the rest look erased.
    await db.query(`INSERT INTO audit_actor_display (event_id, name, email) SELECT id, 'Bench person', 'person@example.com' FROM audit_event WHERE organization_id = $1 AND risk_level IN ('HIGH', 'CRITICAL') AND random() < 0.67`, [organizationId]);
    await db.query('ANALYZE audit_event; ANALYZE audit_actor_display; ANALYZE audit_digest');
    process.stdout.write(`seeded ${WORKSPACES} workspaces and ${EVENTS.toLocaleString('en')} audit events in ${seconds(performance.now() - started)}\n`);

    worker = spawnWorkerProcess(app.infra, { SMTP_URL: smtpUrl, LOG_LEVEL: 'warn' });
    const queue = app.infra.queues.digest;
    // The worker registers its schedulers last thing at start: from then on it takes jobs.
    while (!(await queue.getJobScheduler('audit-digest-tick'))) await new Promise((resolve) => setTimeout(resolve, 100));
    const status = () => readFileSync(`/proc/${worker!.pid}/status`, 'utf8');
    const idleKib = kib(status(), 'VmRSS');

    started = performance.now();
    await queue.add(DigestJobName.Tick, { at: now.toISOString() }, { jobId: `bench-tick.${now.getTime()}` });
    const deadline = started + 300_000;
    while (accepted < WORKSPACES && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (accepted < WORKSPACES) throw new Error(`only ${accepted} of ${WORKSPACES} digests arrived within 300 s`);
    const elapsed = lastAcceptedAt - started;
    const peakKib = kib(status(), 'VmHWM');
    const [{ sent }] = await db.query(`SELECT count(*)::int AS sent FROM audit_digest_period WHERE status = 'SENT' AND period_end = $1`, [slot]);
    const distinct = new Set(sink.messages.flatMap((mail) => mail.to)).size;

    process.stdout.write(
      [
        `tick → last of ${accepted} digests accepted by SMTP: ${seconds(elapsed)} (${(accepted / (elapsed / 1000)).toFixed(0)} mails/s; target < 60 s)`,
        `worker process peak RSS (VmHWM): ${(peakKib / 1024).toFixed(0)} MB, ${(idleKib / 1024).toFixed(0)} MB before the tick (target < 300 MB)`,
        `periods marked SENT: ${sent}; distinct recipients: ${distinct}`,
        '',
      ].join('\n'),
    );
  } finally {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await once(worker, 'exit');
    }
    await app.stop();
    await sink.stop();
  }
}
