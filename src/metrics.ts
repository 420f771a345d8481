import { createHash, timingSafeEqual } from 'node:crypto';
import http, { type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';
import type { AuthFailure, PresentedCredential, Principal } from './auth/principal';
import type { Mailer } from './mail/mailer';
import type { Infrastructure } from './services';

/**
 * Prometheus metrics of this process, in prom-client's default registry: one set per process, however
 * many apps a test starts in it. Label values are bounded (route patterns, operation names of the
 * schema's callers, error codes, credential kinds), never ids or secrets.
 */
collectDefaultMetrics();

const httpDuration = new Histogram({
  name: 'gatehouse_http_request_duration_seconds',
  help: 'HTTP requests by method, route and status.',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});
const graphqlDuration = new Histogram({
  name: 'gatehouse_graphql_operation_duration_seconds',
  help: 'GraphQL operations by operation name and type.',
  labelNames: ['operation', 'type'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});
const graphqlErrors = new Counter({ name: 'gatehouse_graphql_errors_total', help: 'GraphQL errors by code and operation name.', labelNames: ['code', 'operation'] });
const credentialVerifications = new Counter({
  name: 'gatehouse_credential_verifications_total',
  help: 'Presented credentials by kind (prefix) and outcome (ok or the refusal reason).',
  labelNames: ['kind', 'outcome'],
});
const jobOutcomes = new Counter({ name: 'gatehouse_jobs_total', help: 'Finished job attempts by queue and outcome.', labelNames: ['queue', 'outcome'] });
const mails = new Counter({ name: 'gatehouse_mail_total', help: 'Mail handed to SMTP (or the outbox directory) by outcome.', labelNames: ['outcome'] });

/** Operation names come from callers: anything unlike a GraphQL name is counted under one label. */
const operationLabel = (name: string | null | undefined) => (name && /^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(name) ? name : 'anonymous');

/** The route a path belongs to, from a fixed list: paths carry tokens and ids. */
function routeOf(path: string): string {
  if (path === '/graphql' || path === '/healthz' || path === '/readyz' || path === '/metrics' || path === '/reset-password') return path;
  for (const prefix of ['/invitations/', '/graphiql-assets/', '/admin/queues']) if (path.startsWith(prefix)) return prefix;
  return 'other';
}

/** Times a response, from now until it has finished, by method, route (of `path`, without the query) and status. */
export function timeResponse(method: string | undefined, path: string, res: ServerResponse): void {
  const end = httpDuration.startTimer({ method, route: routeOf(path) });
  res.once('finish', () => end({ status: res.statusCode }));
}

export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    timeResponse(req.method, req.path, res);
    next();
  };
}

export function graphqlMetrics<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const end = graphqlDuration.startTimer();
      return {
        async willSendResponse({ request, operation, response }) {
          const name = operationLabel(request.operationName ?? operation?.name?.value);
          end({ operation: name, type: operation?.operation ?? 'unknown' });
          // The formatted errors: their codes are what callers see (domain errors are mapped by then).
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          for (const error of errors ?? []) graphqlErrors.inc({ code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), operation: name });
        },
      };
    },
  };
}

export function countCredential(credential: PresentedCredential | undefined, result: { principal: Principal | null; failure?: AuthFailure }): void {
  if (!credential) return;
  const prefix = credential.secret.slice(0, credential.secret.indexOf('_'));
  const kind = /^[a-z]{3}$/.test(prefix) ? prefix : 'unknown';
  credentialVerifications.inc({ kind, outcome: result.principal ? 'ok' : (result.failure?.reason ?? 'refused') });
}

export function countJob(queue: string, outcome: 'completed' | 'failed'): void {
  jobOutcomes.inc({ queue, outcome });
}

export function countedMailer(mailer: Mailer): Mailer {
  return {
    async send(mail) {
      try {
        const sent = await mailer.send(mail);
        mails.inc({ outcome: 'sent' });
        return sent;
      } catch (error) {
        mails.inc({ outcome: 'failed' });
        throw error;
      }
    },
    close: () => mailer.close(),
  };
}

let scraped: Infrastructure | undefined;
let credentialCache: { stats: { hits: number; misses: number } } | undefined;

/** The API process's credential cache, whose hit ratio a scrape reports. */
export function observeCredentialCache(cache: { stats: { hits: number; misses: number } }): void {
  credentialCache = cache;
}

new Gauge({
  name: 'gatehouse_credential_cache_lookups',
  help: 'Credential cache lookups since start: hit (answered from memory) or miss (read from the database).',
  labelNames: ['result'],
  collect() {
    if (!credentialCache) return;
    this.set({ result: 'hit' }, credentialCache.stats.hits);
    this.set({ result: 'miss' }, credentialCache.stats.misses);
  },
});
new Gauge({
  name: 'gatehouse_credential_cache_hit_ratio',
  help: 'Share of credential cache lookups answered from memory since start (0 before the first).',
  collect() {
    if (!credentialCache) return;
    const { hits, misses } = credentialCache.stats;
    this.set(hits + misses === 0 ? 0 : hits / (hits + misses));
  },
});

new Gauge({
  name: 'gatehouse_queue_jobs',
  help: 'Jobs in each BullMQ queue by state.',
  labelNames: ['queue', 'state'],
  async collect() {
    if (!scraped) return;
    for (const queue of Object.values(scraped.queues)) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized').catch(() => undefined);
      for (const [state, count] of Object.entries(counts ?? {})) this.set({ queue: queue.name, state }, count);
    }
  },
});
const outboxAge = new Gauge({ name: 'gatehouse_outbox_oldest_age_seconds', help: 'Age of the oldest outbox row (0 when empty).' });
new Gauge({
  name: 'gatehouse_outbox_backlog',
  help: 'Outbox rows not yet moved to the queues.',
  async collect() {
    if (!scraped) return;
    const [row] = (await scraped.dataSource.query(
      'SELECT count(*)::int AS backlog, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age FROM outbox_message',
    )) as Array<{ backlog: number; age: number }>;
    this.set(row.backlog);
    outboxAge.set(row.age);
  },
});

const NOT_FOUND = { status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not found' };

/**
 * The scrape: Prometheus text to `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets 404, so the
 * endpoint does not advertise itself. Without a token configured, the main port answers no one and a
 * port of its own (METRICS_PORT, which should not be reachable from outside) answers everyone.
 */
function scrape(infra: Infrastructure, ownPort: boolean): (authorization: string | undefined) => Promise<{ status: number; contentType: string; body: string }> {
  scraped = infra;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const expected = infra.config.metricsToken ? digest(`Bearer ${infra.config.metricsToken}`) : undefined;
  return async (authorization) => {
    if (expected ? !timingSafeEqual(digest(authorization ?? ''), expected) : !ownPort) return NOT_FOUND;
    return { status: 200, contentType: register.contentType, body: await register.metrics() };
  };
}

/** GET /metrics on the API's own port (when METRICS_PORT is unset). */
export function metricsEndpoint(infra: Infrastructure): RequestHandler {
  const answer = scrape(infra, false);
  return async (req, res) => {
    const { status, contentType, body } = await answer(req.headers.authorization);
    res.status(status).type(contentType).send(body);
  };
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * GET /metrics alone on METRICS_PORT: a plain HTTP server beside the API (or in the worker, whose job
 * and mail counters live in its own process), so scrapes stay off the public port.
 */
export async function startMetricsServer(infra: Infrastructure, host = '0.0.0.0'): Promise<MetricsServer> {
  const answer = scrape(infra, true);
  const server = http.createServer(async (req, res) => {
    try {
      const { status, contentType, body } = req.method === 'GET' && req.url?.split('?')[0] === '/metrics' ? await answer(req.headers.authorization) : NOT_FOUND;
      res.writeHead(status, { 'content-type': contentType }).end(body);
    } catch (error) {
      infra.logger.warn({ err: error }, 'metrics scrape failed');
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(infra.config.metricsPort ?? 0, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    // close() also ends idle keep-alive connections (a scraper's), so shutdown does not wait on them.
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
