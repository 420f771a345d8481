import { randomBytes } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Logger as QueryLogger } from 'typeorm';
import type { DestinationStream } from 'pino';
import { createApp } from '../app';
import { ManualClock } from '../clock';
import { loadConfig } from '../config';
import { createDatabase, dropDatabase } from '../db/database-server';
import { createLogger } from '../logger';
import { startWorker, type WorkerHandle } from '../queue/worker-runner';
import { startRuntime } from '../runtime';
import { collectContributions, createServices, type Contributions, type Infrastructure, type Services } from '../services';
import { ownDatabasePrefix } from './global-setup';
import { SmtpSink } from './smtp-sink';

export interface GraphQLResult<T> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> & { code?: string } }>;
}

/** The first error's code, or 'OK' when the request had none. */
export const errorCode = (result: GraphQLResult<unknown>): string => result.errors?.[0]?.extensions?.code ?? 'OK';

/** The input fields the first error names (BAD_USER_INPUT lists them). */
export const errorFields = (result: GraphQLResult<unknown>): string[] =>
  ((result.errors?.[0]?.extensions?.fields as Array<{ field: string }> | undefined) ?? []).map((entry) => entry.field);

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

export interface TestApp {
  url: string;
  clock: ManualClock;
  infra: Infrastructure;
  services: Services;
  contributions: Contributions;
  smtp?: SmtpSink;
  queries: QueryCounter;
  request<R, V>(document: TypedDocumentNode<R, V>, variables?: V, options?: RequestOptions): Promise<GraphQLResult<R>>;
  /** Like `request`, but fails the test on any GraphQL error and returns the data. */
  ok<R, V>(document: TypedDocumentNode<R, V>, variables?: V, options?: RequestOptions): Promise<R>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Start the worker (outbox relay, queues) with a real SMTP sink. */
  worker?: boolean;
  /** Where the app's JSON log lines go (set LOG_LEVEL in `env` too: tests log nothing by default). */
  logs?: DestinationStream;
  /**
   * A database of the app's own rather than the run's shared one; the default with `worker`. A worker
   * acts on every row of its database (the relay moves any outbox row into its own queues, schedules
   * scan every workspace), so two apps with workers on one database would take each other's work.
   */
  ownDatabase?: boolean;
}

/** Counts the SQL statements the app sends; `reset()` before the request under test, `record()` to keep their texts too. */
export class QueryCounter implements QueryLogger {
  count = 0;
  /** The statements since `record()`; not kept otherwise (a long test would hold every statement it sent). */
  texts?: string[];

  reset(): void {
    this.count = 0;
    this.texts = undefined;
  }

  record(): void {
    this.count = 0;
    this.texts = [];
  }

  logQuery(query: string): void {
    this.count++;
    this.texts?.push(query);
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** A fixed secret so a test's second process can open what the first sealed. */
export const TEST_APP_SECRET = 'test-secret-test-secret-test-secret-0123';

/** A fixed key-encryption key, so every test process opens what another sealed. */
export const TEST_ENCRYPTION_KEYS = `test-1:${Buffer.alloc(32, 'gatehouse-test-encryption-key').toString('base64')}`;

/** The environment a test process of Gatehouse runs with: the run's database, and a Redis prefix of its own. */
export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  const databaseUrl = process.env.GATEHOUSE_TEST_DATABASE_URL;
  const redisUrl = process.env.GATEHOUSE_TEST_REDIS_URL;
  if (!databaseUrl || !redisUrl) throw new Error('Run tests through Jest (npm test): the global setup provides the database and Redis');
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `${process.env.GATEHOUSE_TEST_REDIS_PREFIX}:${randomBytes(4).toString('hex')}`,
    APP_SECRET: TEST_APP_SECRET,
    ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    PASSWORD_HASH_MEMORY_KIB: '1024',
    PUBLIC_URL: 'http://gatehouse.test',
    // Every request of a test comes from 127.0.0.1: per-IP limits are tested where they are set lower.
    SIGN_UP_LIMIT_PER_IP: '100000',
    RESET_PASSWORD_LIMIT_PER_IP: '100000',
    PASSWORD_RESET_MAIL_LIMIT_PER_IP: '100000',
    // Fixtures join people to organizations by invitation.
    INVITATION_LIMIT_PER_WORKSPACE: '100000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...extra,
  };
}

export async function postGraphQL<R>(url: string, body: unknown, options: RequestOptions = {}): Promise<GraphQLResult<R>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Omit<GraphQLResult<R>, 'status'>;
  return { status: response.status, ...json };
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const smtp = options.worker ? new SmtpSink() : undefined;
  const smtpUrl = smtp ? await smtp.start() : undefined;
  const env = testEnv({ ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}), ...options.env });
  const runDatabaseUrl = env.DATABASE_URL;
  const ownDatabase = (options.ownDatabase ?? options.worker) ? `${ownDatabasePrefix(new URL(runDatabaseUrl).pathname.slice(1))}${randomBytes(4).toString('hex')}` : undefined;
  if (ownDatabase) env.DATABASE_URL = await createDatabase(runDatabaseUrl, ownDatabase);
  const config = loadConfig(env);
  const clock = new ManualClock();
  const logger = createLogger(config.logLevel, options.logs);
  const queries = new QueryCounter();
  const runtime = await startRuntime(config, logger, { clock, queryLogger: queries });
  const services = createServices(runtime.infra);
  const contributions = collectContributions();
  let worker: WorkerHandle | undefined;
  if (options.worker) worker = await startWorker(runtime.infra, services, contributions);
  const app = await createApp(runtime.infra, services, contributions);
  const port = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/graphql`;

  const request = <R, V>(document: TypedDocumentNode<R, V>, variables?: V, requestOptions?: RequestOptions) =>
    postGraphQL<R>(url, { query: print(document), variables }, requestOptions);

  return {
    url,
    clock,
    infra: runtime.infra,
    services,
    contributions,
    smtp,
    queries,
    request,
    async ok(document, variables, requestOptions) {
      const result = await request(document, variables, requestOptions);
      if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      return result.data;
    },
    async stop() {
      await app.stop();
      await worker?.stop();
      await runtime.stop();
      await smtp?.stop();
      if (ownDatabase) await dropDatabase(runDatabaseUrl, ownDatabase);
    },
  };
}

/** Every script and stylesheet a GraphiQL page loads (src, href and ES module imports). */
export function graphiqlAssetUrls(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"|from "([^"]+)"/g)].map((match) => match[1] ?? match[2]);
}

/** A unique address per call, so tests sharing the run's database never collide. */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomBytes(5).toString('hex')}@example.com`;
}
