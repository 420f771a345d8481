import { AccessRole } from '../auth/permissions';
import type { AccessRequirement } from '../graphql/auth-directive';
import { ErrorCode } from '../core/errors';
import type { GraphQLSchema } from 'graphql';
import type { RestRoute } from './rest-route';
import { compileRoutes, type CompiledRoute } from './rest-routes';
import type { JsonSchema } from './route-schemas';

/** The HTTP status of each error code: the REST twin of `src/graphql/errors.ts`, the one place. */
export const STATUS_OF: Record<string, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  BAD_REQUEST: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/** The version of the REST contract (info.version), raised when a path or field changes incompatibly. */
export const API_VERSION = '1.0.0';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Who may call a route: the strictest role on its way, and the scopes a workspace key needs (none: keys never can). */
export interface RouteAccess {
  role: AccessRole;
  /** Null when some field on the way has no scope: no workspace key reaches the route. */
  scopes: string[] | null;
}

// For the routes' purposes: owners are ADMIN of every workspace of their organization.
const STRICTNESS = [AccessRole.AUTHENTICATED, AccessRole.USER, AccessRole.ORG_MEMBER, AccessRole.VIEWER, AccessRole.EDITOR, AccessRole.ADMIN, AccessRole.ORG_OWNER];

export function routeAccess(requirements: readonly AccessRequirement[]): RouteAccess {
  const role = requirements.map((requirement) => requirement.requires).reduce((strictest, next) => (STRICTNESS.indexOf(next) > STRICTNESS.indexOf(strictest) ? next : strictest), AccessRole.AUTHENTICATED);
  const keyable = requirements.every((requirement) => requirement.scope);
  return { role, scopes: keyable ? [...new Set(requirements.map((requirement) => requirement.scope!))] : null };
}

function accessText({ role, scopes }: RouteAccess): string {
  const who = role === AccessRole.AUTHENTICATED ? 'any caller' : `a person with \`${role}\``;
  if (!scopes) return `Needs ${who}; workspace API keys cannot call it.`;
  return `Needs ${who}, or a workspace API key with ${scopes.map((scope) => `\`${scope}\``).join(' and ')}.`;
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

const ERROR_RESPONSES = {
  '400': errorResponse('The request is malformed or a field is invalid; `fields` names each.'),
  '401': errorResponse('No credential, or one that is not valid (the message says why, e.g. how to send it).'),
  '403': errorResponse('The caller lacks the role or scope; the message names it.'),
  '404': errorResponse("Not found, or not the caller's to see."),
  '409': errorResponse('Conflicts with the current state.'),
  '413': errorResponse('The body is larger than 1 MB.'),
  '429': errorResponse('Too many requests; retry after `Retry-After` seconds.'),
  '503': errorResponse('A dependency is unreachable; retry after `Retry-After` seconds.'),
};

function operationOf(route: CompiledRoute): JsonSchema {
  const access = routeAccess(route.requirements);
  const parameters: JsonSchema[] = route.params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  if (route.page) {
    parameters.push(
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE } },
      { name: 'cursor', in: 'query', required: false, description: 'From the previous page’s `next` link.', schema: { type: 'string' } },
    );
  }
  const success =
    route.method === 'DELETE'
      ? { '204': { description: 'Done.' } }
      : {
          [route.created ? '201' : route.accepted ? '202' : '200']: {
            description: route.created ? 'Created; `Location` names it.' : route.accepted ? 'Accepted: it completes later.' : 'OK.',
            ...(route.page ? { headers: { Link: { description: 'rel="next": the next page.', schema: { type: 'string' } } } } : {}),
            ...(route.created ? { headers: { Location: { schema: { type: 'string' } } } } : {}),
            content: { 'application/json': { schema: route.response } },
          },
        };
  return {
    operationId: route.operationName[0].toLowerCase() + route.operationName.slice(1),
    tags: [route.tag],
    summary: route.summary,
    description: `${accessText(access)} Runs the GraphQL operation \`${route.operationName}\`.`,
    security: access.scopes ? [{ bearer: [] }, { workspaceKey: [] }] : [{ bearer: [] }],
    'x-gatehouse-role': access.role,
    ...(access.scopes ? { 'x-gatehouse-scopes': access.scopes } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    responses: { ...success, ...ERROR_RESPONSES },
  };
}

/** OpenAPI 3.1, derived from the routes (and so from the GraphQL types they run). */
export function openApiDocument(routes: readonly CompiledRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse settings API',
      version,
      description:
        'The settings paths of the product pages, served by the same services and permission table as the GraphQL API at /graphql. ' +
        'A workspace API key (`x-api-key`) names its workspace by itself: call the paths as they are. ' +
        'A person (`Authorization: Bearer` with a session token or personal API key) names the workspace by its slug: `/w/{slug}/…`.',
    },
    servers: [
      { url: '/', description: 'The workspace of the workspace API key that calls' },
      { url: '/w/{slug}', description: 'The workspace with this slug', variables: { slug: { default: 'acme', description: 'The workspace slug.' } } },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A session token (`gts_…`) or personal API key (`dlt_…`).' },
        workspaceKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'A workspace API key (`gtw_…`); never as Bearer.' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(STATUS_OF) },
                message: { type: 'string' },
                reason: { type: 'string' },
                fields: { type: 'array', items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } } },
              },
            },
          },
        },
      },
    },
  };
}

/** What `npm run schema` writes to openapi.json. */
export function printOpenApi(schema: GraphQLSchema, routes: readonly RestRoute[]): string {
  return `${JSON.stringify(openApiDocument(compileRoutes(schema, routes), API_VERSION), null, 2)}\n`;
}
