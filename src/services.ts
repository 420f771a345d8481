import type { GraphQLSchema } from 'graphql';
import type { ContainerType } from 'type-graphql';
import { CredentialCache } from './auth/credential-cache';
import { CredentialInvalidationBus } from './auth/credential-invalidation';
import type { SealedColumn } from './auth/envelope-rotation';
import type { CredentialVerifier } from './auth/principal';
import { SealedBox } from './auth/sealed-box';
import { SecretEnvelope } from './auth/secret-envelope';
import { createEmailJobHandler } from './mail/email.job';
import type { Mailer } from './mail/mailer';
import type { MailTemplate } from './mail/templates';
import { buildGatehouseSchema } from './graphql/schema';
import type { GatehouseModule, Infrastructure, JobHandlers, LoaderFactories, RequestObserver, ResolverRegistration, Services, WorkspaceLookup } from './module';
import { MODULES } from './modules';
import { QueueName } from './queue/queues';
import type { RecurringJob } from './queue/schedulers';
import type { RestRoute } from './rest/rest-route';

export type { Infrastructure, Services } from './module';

/**
 * The composition root: the platform's own services, then each module's in list order. Everything
 * else a module contributes (resolvers, loaders, jobs, templates, verifiers) is collected below.
 */
export function createServices(infra: Infrastructure, modules: readonly GatehouseModule[] = MODULES): Services {
  const { config, redis, clock, logger } = infra;
  // One channel tells every API process's credential cache what was revoked.
  const invalidation = new CredentialInvalidationBus(redis, infra.redisUrl, config.redisPrefix, config.apiKeys.invalidationTimeoutMs, logger);
  const platform = {
    config,
    sealer: new SealedBox(config.appSecret, 'job-payload'),
    envelope: new SecretEnvelope(config.encryptionKeys),
    invalidation,
    credentialCache: new CredentialCache(
      {
        ttlSeconds: config.apiKeys.cacheTtlSeconds,
        negativeTtlSeconds: config.apiKeys.negativeCacheTtlSeconds,
        maxEntries: config.apiKeys.cacheMaxEntries,
        negativeMaxEntries: config.apiKeys.negativeCacheMaxEntries,
        unknownPerIpPerMinute: config.apiKeys.unknownLimitPerIp,
      },
      () => clock.now().getTime(),
      invalidation,
    ),
  };
  // Filled module by module; a service may keep this object and read later modules' services at request time.
  const services = platform as Services;
  for (const module of modules) Object.assign(services, module.services?.(infra, services));
  return services;
}

/** What the modules contribute beside services, gathered once per process. */
export interface Contributions {
  resolvers: ResolverRegistration[];
  loaders: LoaderFactories;
  mailTemplates: Record<string, MailTemplate>;
  recurringJobs: RecurringJob[];
  sealedColumns: SealedColumn[];
  credentialVerifiers(services: Services): CredentialVerifier[];
  requestObservers(services: Services): RequestObserver[];
  restRoutes: RestRoute[];
  workspaceRef(services: Services): WorkspaceLookup;
  jobHandlers(services: Services, mailer: Mailer): JobHandlers;
  startApi(services: Services): Promise<void>;
  stopApi(services: Services): Promise<void>;
}

function uniqueMerge<V>(what: string, entries: Array<[string, V, string]>): Record<string, V> {
  const merged: Record<string, V> = {};
  const owner: Record<string, string> = {};
  for (const [name, value, module] of entries) {
    if (name in merged) throw new Error(`${what} "${name}" is contributed by both ${owner[name]} and ${module}`);
    merged[name] = value;
    owner[name] = module;
  }
  return merged;
}

export function collectContributions(modules: readonly GatehouseModule[] = MODULES): Contributions {
  const mailTemplates = uniqueMerge(
    'Mail template',
    modules.flatMap((module) => Object.entries(module.mailTemplates ?? {}).map(([name, template]): [string, MailTemplate, string] => [name, template, module.name])),
  );
  return {
    resolvers: modules.flatMap((module) => module.resolvers ?? []),
    loaders: uniqueMerge(
      'Loader',
      modules.flatMap((module) => Object.entries(module.loaders ?? {}).map(([name, factory]): [string, LoaderFactories[string], string] => [name, factory, module.name])),
    ),
    mailTemplates,
    recurringJobs: modules.flatMap((module) => module.recurringJobs ?? []),
    sealedColumns: modules.flatMap((module) => module.sealedColumns ?? []),
    credentialVerifiers: (services) => modules.flatMap((module) => module.credentialVerifiers?.(services) ?? []),
    requestObservers: (services) => modules.flatMap((module) => (module.requestObserver ? [module.requestObserver(services)] : [])),
    restRoutes: modules.flatMap((module) => module.restRoutes ?? []),
    workspaceRef(services) {
      const owner = modules.find((module) => module.workspaceRef);
      if (!owner) throw new Error('No module finds workspaces for REST paths (the workspace module does)');
      return owner.workspaceRef!(services);
    },
    jobHandlers(services, mailer) {
      // Every module's mail goes through the one email queue, rendered from the templates above.
      const handlers: JobHandlers = { [QueueName.Email]: { '*': createEmailJobHandler(mailer, services.sealer, mailTemplates) } };
      for (const module of modules) {
        for (const [queue, byName] of Object.entries(module.jobs?.(services, mailer) ?? {}) as Array<[QueueName, JobHandlers[QueueName]]>) {
          handlers[queue] = uniqueMerge(`Job "${queue}"`, [
            ...Object.entries(handlers[queue] ?? {}).map(([name, handler]): [string, typeof handler, string] => [name, handler, 'an earlier module']),
            ...Object.entries(byName ?? {}).map(([name, handler]): [string, typeof handler, string] => [name, handler, module.name]),
          ]);
        }
      }
      return handlers;
    },
    async startApi(services) {
      for (const module of modules) await module.startApi?.(services);
    },
    async stopApi(services) {
      for (const module of [...modules].reverse()) await module.stopApi?.(services);
    },
  };
}

/** The schema of the modules' resolvers (for printing, or with a container that supplies instances). */
export function buildModulesSchema(container?: ContainerType, modules: readonly GatehouseModule[] = MODULES): Promise<GraphQLSchema> {
  return buildGatehouseSchema(collectContributions(modules).resolvers, container);
}
