import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { CredentialPrefix, generateCredential } from './auth/credential-token';
import { freePort } from './db/database-server';
import { createUser } from './testing/fixtures';
import { MetricsProbeDocument, RequestPasswordResetDocument, ViewerDocument } from './testing/generated/graphql';
import { SmtpSink } from './testing/smtp-sink';
import { startTestApp, type TestApp } from './testing/test-app';
import { spawnWorkerProcess } from './testing/worker-process';

const METRICS_TOKEN = 'metrics-token-for-the-test-0123';

/** The number on the first line of a Prometheus text matching `pattern` (its one group), NaN when absent. */
const sample = (text: string, pattern: RegExp) => Number(text.match(pattern)?.[1] ?? 'NaN');

describe('/metrics', () => {
  let app: TestApp;
  let metricsUrl: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { METRICS_TOKEN } });
    metricsUrl = app.url.replace(/\/graphql$/, '/metrics');
  });
  afterAll(() => app.stop());

  const scrape = (authorization?: string) => fetch(metricsUrl, { headers: authorization ? { authorization } : {} });

  it('is not there for a caller without the token', async () => {
    expect((await scrape()).status).toBe(404);
    expect((await scrape('Bearer not-the-token')).status).toBe(404);
  });

  it('counts requests by operation name, errors by code, credentials by kind and outcome, and reports queues, outbox and the process', async () => {
    await app.ok(MetricsProbeDocument, {});
    const unknown = generateCredential(CredentialPrefix.Session);
    // The first lookup reads the database, the second is answered from memory ("no such session").
    for (let i = 0; i < 2; i++) await app.request(ViewerDocument, {}, { token: unknown });
    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const value = (pattern: RegExp) => sample(text, pattern);
    expect(value(/^gatehouse_graphql_operation_duration_seconds_count\{operation="MetricsProbe",type="query"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^gatehouse_graphql_errors_total\{code="UNAUTHENTICATED",operation="Viewer"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^gatehouse_credential_verifications_total\{kind="gts",outcome="[A-Za-z_]+"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^gatehouse_http_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} (\d+)$/m)).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^gatehouse_queue_jobs\{queue="email",state="waiting"\} \d+$/m);
    expect(text).toMatch(/^gatehouse_outbox_backlog \d+$/m);
    expect(text).toMatch(/^gatehouse_outbox_oldest_age_seconds [\d.e+-]+$/m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(value(/^gatehouse_credential_cache_lookups\{result="hit"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^gatehouse_credential_cache_lookups\{result="miss"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(value(/^gatehouse_credential_cache_hit_ratio ([\d.]+)$/m)).toBeGreaterThan(0);
  });
});

describe('/metrics on a port of its own (METRICS_PORT)', () => {
  let app: TestApp;
  let metricsPort: number;

  beforeAll(async () => {
    metricsPort = await freePort();
    app = await startTestApp({ env: { METRICS_TOKEN, METRICS_PORT: String(metricsPort) } });
  });
  afterAll(() => app.stop());

  it('serves the API process there, with the token still required, and no longer on the main port', async () => {
    await app.ok(MetricsProbeDocument, {});
    const own = `http://127.0.0.1:${metricsPort}/metrics`;
    const response = await fetch(own, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(sample(await response.text(), /^gatehouse_graphql_operation_duration_seconds_count\{operation="MetricsProbe",type="query"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect((await fetch(own)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/graphql`)).status).toBe(404);
    const mainPort = await fetch(app.url.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(mainPort.status).toBe(404);
    expect(await mainPort.text()).not.toContain('gatehouse_');
  });
});

describe('a worker process with METRICS_PORT', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    sink = new SmtpSink();
    const smtpUrl = await sink.start();
    app = await startTestApp({ ownDatabase: true, env: { SMTP_URL: smtpUrl } });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await app.stop();
    await sink.stop();
  });

  it('serves the job outcomes and mail it counts (no token set: the port is open), and closes it on SIGTERM', async () => {
    const metricsPort = await freePort();
    worker = spawnWorkerProcess(app.infra, { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, METRICS_PORT: String(metricsPort), LOG_LEVEL: 'info' });
    const exited = once(worker, 'exit');
    const started = new Promise<void>((resolve) => createInterface({ input: worker!.stdout! }).on('line', (line) => line.includes('Gatehouse worker started') && resolve()));
    await started;
    const user = await createUser(app, 'metrics-worker');
    await app.ok(RequestPasswordResetDocument, { input: { email: user.email } });
    await sink.waitFor((mail) => mail.to.includes(user.email));

    // BullMQ reports the completion just after the handler returns: scrape until it is counted.
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    let text = '';
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      text = await response.text();
      if (sample(text, /^gatehouse_jobs_total\{queue="email",outcome="completed"\} (\d+)$/m) >= 1) break;
    }
    expect(sample(text, /^gatehouse_jobs_total\{queue="email",outcome="completed"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(sample(text, /^gatehouse_mail_total\{outcome="sent"\} (\d+)$/m)).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);

    worker.kill('SIGTERM');
    const [code] = await exited;
    worker = undefined;
    expect(code).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });
});
