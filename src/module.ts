import type { Job } from 'bullmq';
import type DataLoader from 'dataloader';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { CredentialCache } from './auth/credential-cache';
import type { SealedColumn } from './auth/envelope-rotation';
import type { CredentialInvalidationBus } from './auth/credential-invalidation';
import type { CredentialVerifier, Principal } from './auth/principal';
import type { SealedBox } from './auth/sealed-box';
import type { SecretEnvelope } from './auth/secret-envelope';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Mailer } from './mail/mailer';
import type { MailTemplate } from './mail/templates';
import type { QueueName, Queues } from './queue/queues';
import type { RecurringJob } from './queue/schedulers';
import type { RestRoute } from './rest/rest-route';

/** The shared state every process talks to. */
export interface Infrastructure {
  config: Config;
  dataSource: DataSource;
  databaseUrl: string;
  redis: Redis;
  redisUrl: string;
  queues: Queues;
  clock: Clock;
  logger: Logger;
}

/**
 * Every service of the process, by name. The platform's own are declared here; each feature module
 * adds its own with a `declare module '../../module'` block beside its manifest, so this type grows
 * with the module list without a central list of services.
 */
export interface Services {
  config: Config;
  /** Seals secrets that ride in outbox rows and queued jobs (reset and invitation links). */
  sealer: SealedBox;
  /** Secrets stored to be read again (provider credentials, Slack tokens, webhook secrets). */
  envelope: SecretEnvelope;
  /** Tells every API process which credentials were revoked. */
  invalidation: CredentialInvalidationBus;
  /** The one verified-credential cache every credential kind shares. */
  credentialCache: CredentialCache;
}

/** What a per-request loader is built from. `userId` is the signed-in person, for answers that depend on who asks. */
export interface LoaderContext {
  dataSource: DataSource;
  userId: string | null;
}

/**
 * The request's DataLoaders, by name; modules add theirs by declaration merging (`LoadersOf<typeof
 * loaders>`). A request builds a loader the first time a resolver reads it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Loaders {}

export type LoaderFactories = Record<string, (context: LoaderContext) => DataLoader<never, unknown>>;

/** The loader instances a module's factories make, for its `Loaders` declaration. */
export type LoadersOf<F extends Record<string, (context: LoaderContext) => unknown>> = { [K in keyof F]: ReturnType<F[K]> };

export type JobHandler = (job: Job) => Promise<unknown>;

/** A queue's handlers by job name; `*` takes every job of the queue. */
export type JobHandlers = Partial<Record<QueueName, Record<string, JobHandler>>>;

/** A resolver class and how its instance is made from the services. */
export type ResolverRegistration = readonly [resolverClass: abstract new (...args: never[]) => object, build: (services: Services) => object];

/** A workspace as REST paths address it. */
export interface WorkspaceRef {
  id: string;
  organizationId: string;
}

export type WorkspaceLookup = (by: { slug: string } | { id: string }) => Promise<WorkspaceRef | null>;

/** Told about each request of an API process, for metering without a database write per request. */
export interface RequestObserver {
  /** The request authenticated as `principal`. */
  authenticated?(principal: Principal): void;
  /** A signed-in person's role in a workspace was looked up for the request. */
  workspaceAccessed?(workspaceId: string, userId: string): void;
}

/**
 * Everything a feature contributes, in one place: adding a feature is its folder and one line in
 * `src/modules.ts`. Infrastructure (graphql/, queue/, mail/) only ever sees these contributions.
 */
export interface GatehouseModule {
  name: string;
  /**
   * Builds the module's services. `services` holds those of the modules listed before this one;
   * a service may keep a reference to the object and read later modules' services at request time.
   */
  services?(infra: Infrastructure, services: Services): Partial<Services>;
  resolvers?: readonly ResolverRegistration[];
  loaders?: LoaderFactories;
  mailTemplates?: Record<string, MailTemplate>;
  jobs?(services: Services, mailer: Mailer): JobHandlers;
  recurringJobs?: readonly RecurringJob[];
  /** Credential kinds the module authenticates, tried by the shape of the presented credential. */
  credentialVerifiers?(services: Services): CredentialVerifier[];
  /** Columns holding SecretEnvelope values, which `npm run rotate-encryption-key` moves to the current key. */
  sealedColumns?: readonly SealedColumn[];
  requestObserver?(services: Services): RequestObserver;
  /** The documented HTTP paths of the module's settings, each a GraphQL operation (src/rest/). */
  restRoutes?: readonly RestRoute[];
  /** How REST paths find their workspace (`/w/{slug}/…`, or a key's own) and its organization. */
  workspaceRef?(services: Services): WorkspaceLookup;
  /** In an API process, after the services are built and before the first request. */
  startApi?(services: Services): void | Promise<void>;
  /** In an API process, after the last request (while the database is still open). */
  stopApi?(services: Services): Promise<void>;
}
