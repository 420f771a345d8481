import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express from 'express';
import { createAccessCheck } from './auth/access-check';
import { accountPages } from './http/account-pages';
import { auditExportDownloads } from './http/audit-export';
import { withGraphqlEndpoint, type Caller } from './http/graphql-endpoint';
import { queueDashboard } from './http/queue-dashboard';
import { authenticate, readCredential } from './auth/principal';
import { RoleResolver } from './auth/role-resolver';
import { applyAuthDirective } from './graphql/auth-directive';
import type { Context, RequestInfo } from './graphql/context';
import { DomainError } from './core/errors';
import { createErrorFormatter } from './graphql/errors';
import { inputTextCheck } from './graphql/input-text-check';
import { contextOrUnavailable, unavailableStatus } from './graphql/unavailable';
import { requestLogging } from './logger';
import { countCredential, graphqlMetrics, httpMetrics, metricsEndpoint, observeCredentialCache, startMetricsServer, type MetricsServer } from './metrics';
import { graphiqlAssets, graphiqlPage } from './graphql/graphiql';
import { jitGateway } from './graphql/jit-executor';
import { createLoaderSet } from './graphql/loaders';
import { buildGatehouseSchema, createResolverContainer } from './graphql/schema';
import { costLimitRule } from './graphql/query-cost';
import { apiReferenceAssets, apiReferencePage } from './rest/api-reference';
import { API_VERSION, openApiDocument } from './rest/openapi';
import { restApi } from './rest/rest-api';
import { compileRoutes } from './rest/rest-routes';
import type { Contributions, Infrastructure, Services } from './services';

export interface App {
  server: http.Server;
  listen(port: number, host?: string): Promise<number>;
  /** The port /metrics is served on alone (METRICS_PORT), once listening; undefined when it shares the main port. */
  metricsPort(): number | undefined;
  /** The start of a shutdown: /readyz answers 503 and responses close their keep-alive connections, while serving goes on. */
  drain(): void;
  /** Stops taking requests, lets in-flight ones finish, then stops Apollo (and closes the metrics port). */
  stop(): Promise<void>;
}

/** The largest JSON body /graphql and the REST paths accept, in bytes (1 MiB). */
const BODY_LIMIT = 1024 * 1024;

/** A probe must answer even when a dependency hangs: a check slower than this counts as unreachable. */
const READINESS_TIMEOUT_MS = 2000;

function withinReadinessTimeout<T>(check: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('readiness check timed out')), READINESS_TIMEOUT_MS);
  });
  return Promise.race([check, timeout]).finally(() => clearTimeout(timer));
}

function logUnexpectedErrors(infra: Infrastructure): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = error.originalError;
            if (!original || original instanceof DomainError || (error.extensions?.code && error.extensions.code !== 'INTERNAL_SERVER_ERROR')) continue;
            if ((original as { extensions?: { code?: string } }).extensions?.code === 'BAD_USER_INPUT') continue;
            infra.logger.error({ err: original, requestId: contextValue.request?.requestId, path: error.path }, 'unexpected error in resolver');
          }
        },
      };
    },
  };
}

export async function createApp(infra: Infrastructure, services: Services, contributions: Contributions): Promise<App> {
  const { config, dataSource, redis, logger } = infra;
  const production = config.nodeEnv === 'production';
  const { resolvers } = contributions;
  const schema = applyAuthDirective(await buildGatehouseSchema(resolvers, createResolverContainer(resolvers, services)), createAccessCheck());
  const verifiers = contributions.credentialVerifiers(services);
  const restRoutes = compileRoutes(schema, contributions.restRoutes);
  const openApi = openApiDocument(restRoutes, API_VERSION);
  const RequestLoaders = createLoaderSet(contributions.loaders);
  // The credential cache must hear about revocations before this process answers any request.
  await services.invalidation.start();
  await contributions.startApi(services);
  const observers = contributions.requestObservers(services);
  const authenticatedObservers = observers.filter((observer) => observer.authenticated);
  const workspaceObservers = observers.filter((observer) => observer.workspaceAccessed);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  // Its request listener is added once Apollo, which needs the server to drain it, has started.
  const server = http.createServer();

  app.use(requestLogging(logger));
  app.use(httpMetrics());
  observeCredentialCache(services.credentialCache);
  // With a port of its own, /metrics is served there (from listen) and not here.
  if (config.metricsPort === undefined) app.get('/metrics', metricsEndpoint(infra));
  let metricsServer: MetricsServer | undefined;

  let draining = false;
  app.use((_req, res, next) => {
    // A client kept alive would go on sending here after the port closes: it reconnects elsewhere instead.
    if (draining) res.setHeader('connection', 'close');
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (draining) return void res.status(503).json({ status: 'shutting down' });
    // A client that lost its server would hold the PING until Redis is back: answer at once instead.
    const lost = ['reconnecting', 'close', 'end'].includes(redis.status);
    const pingRedis = () => (lost ? Promise.reject(new Error(`redis ${redis.status}`)) : redis.ping());
    const checks = await Promise.allSettled([withinReadinessTimeout(dataSource.query('SELECT 1')), withinReadinessTimeout(pingRedis())]);
    const [postgres, redisCheck] = checks.map((check) => (check.status === 'fulfilled' ? 'ok' : 'unreachable'));
    res.status(postgres === 'ok' && redisCheck === 'ok' ? 200 : 503).json({ postgres, redis: redisCheck });
  });

  // Mail links lead here unless APP_URL points at a separate front end.
  if (config.appUrl === config.publicUrl) app.use(accountPages());
  if (config.operatorEmails.length > 0) app.use(queueDashboard(infra, services, verifiers));
  app.use(auditExportDownloads(services));
  // GET only, so a POST to /graphql never walks the static-file handler.
  app.get(/^\/graphiql-assets\//, graphiqlAssets());
  // The only GET /graphql the endpoint in front (withGraphqlEndpoint) hands on: a browser's.
  app.get('/graphql', (_req, res) => {
    res.type('html').send(graphiqlPage('/graphql'));
  });

  const armor = new ApolloArmor({
    maxDepth: { n: config.graphqlLimits.maxDepth, ignoreIntrospection: true },
    // Armor's cost ignores list sizes; ours (costLimitRule) multiplies by them.
    costLimit: { enabled: false },
    maxAliases: { n: config.graphqlLimits.maxAliases },
    maxDirectives: { n: 20 },
    // Armor's token limit parses in a plugin hook and turns a syntax error into HTTP 500: graphql-js's own limit is below.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();

  const apollo = new ApolloServer<Context>({
    gateway: jitGateway(schema),
    introspection: config.introspection,
    // main.ts owns SIGINT/SIGTERM and stops Apollo in order. Apollo's own handlers would call stop()
    // concurrently, and a second concurrent stop() never returns (its barrier is only resolved on error).
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: true,
    includeStacktraceInErrorResponses: !production,
    validationRules: [...armor.validationRules, costLimitRule(config.graphqlLimits.maxCost)],
    parseOptions: { maxTokens: 4000 },
    formatError: createErrorFormatter({ exposeInternals: !production }),
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<Context>[]),
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
      // Nothing here sets cache hints; the plugin's per-field bookkeeping would only cost throughput.
      ApolloServerPluginCacheControlDisabled(),
      logUnexpectedErrors(infra),
      inputTextCheck(),
      unavailableStatus(),
      graphqlMetrics<Context>(),
    ],
  });
  await apollo.start();

  const createContext = ({ headers, ip, requestId }: Caller, via: RequestInfo['via']) =>
    contextOrUnavailable(async (): Promise<Context> => {
      const request: RequestInfo = { requestId, ip, userAgent: headers['user-agent'] ?? 'unknown', via };
      const credential = readCredential(headers);
      const { principal, failure } = await authenticate(credential, verifiers, request);
      countCredential(credential, { principal, failure });
      if (principal) for (const observer of authenticatedObservers) observer.authenticated!(principal);
      const forUser = (userId: string | null) => {
        const onWorkspaceAccess = userId && workspaceObservers.length > 0 ? (workspaceId: string) => workspaceObservers.forEach((observer) => observer.workspaceAccessed!(workspaceId, userId)) : undefined;
        return { loaders: new RequestLoaders({ dataSource, userId }), roles: new RoleResolver(dataSource, userId, onWorkspaceAccess) };
      };
      return {
        request,
        principal,
        authFailure: failure,
        ...forUser(principal?.type === 'user' ? principal.userId : null),
        // Called on the context the resolvers see (Apollo may hand them a copy of this object).
        actAs(this: Context, user) {
          Object.assign(this, { principal: user, authFailure: undefined, ...forUser(user.userId) });
        },
      };
    });

  // Seed 003's HTTP paths, each running a GraphQL operation of this same server (src/rest/).
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.get(['/api', '/api/'], (_req, res) => {
    res.type('html').send(apiReferencePage('/openapi.json'));
  });
  app.use('/api-assets', apiReferenceAssets());
  app.use(restApi({ routes: restRoutes, apollo, context: (req, res) => createContext({ headers: req.headers, ip: req.ip ?? 'unknown', requestId: String(res.locals.requestId) }, 'rest'), workspaceRef: contributions.workspaceRef(services), bodyLimit: BODY_LIMIT }));

  server.on(
    'request',
    withGraphqlEndpoint(
      { apollo, context: (caller) => createContext(caller, 'graphql'), trustProxy: app.get('trust proxy fn'), bodyLimit: BODY_LIMIT, maxBatch: config.graphqlLimits.maxBatch, logger, draining: () => draining },
      app,
    ),
  );

  return {
    server,
    listen: async (port, host = '0.0.0.0') => {
      if (config.metricsPort !== undefined) metricsServer = await startMetricsServer(infra, host);
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as { port: number }).port));
      });
    },
    metricsPort: () => metricsServer?.port,
    drain: () => {
      draining = true;
    },
    stop: async () => {
      await apollo.stop();
      await metricsServer?.close();
      // After the last request: modules flush what they buffer (such as "last used") while the database is still open.
      await contributions.stopApi(services);
      await services.invalidation.stop();
    },
  };
}
