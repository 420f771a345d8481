import { CredentialPrefix, generateCredential } from './auth/credential-token';
import { MetricsProbeDocument, ViewerDocument } from './testing/generated/graphql';
import { startTestApp, type TestApp } from './testing/test-app';

const METRICS_TOKEN = 'metrics-token-for-the-test-0123';

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
    const value = (pattern: RegExp) => Number(text.match(pattern)?.[1] ?? 'NaN');
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
