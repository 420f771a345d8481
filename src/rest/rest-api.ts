import type { ApolloServer } from '@apollo/server';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { callerMissing } from '../auth/access-check';
import { DomainError, ErrorCode, badInput, type FieldError } from '../core/errors';
import { decodeCursor, encodeCursor } from '../core/pagination';
import type { Context } from '../graphql/context';
import type { WorkspaceLookup, WorkspaceRef } from '../module';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, STATUS_OF } from './openapi';
import type { CompiledRoute } from './rest-routes';

export interface RestApiOptions {
  routes: readonly CompiledRoute[];
  apollo: ApolloServer<Context>;
  /** The request's context, built exactly as for /graphql (same credential rules and limits). */
  context(req: Request, res: Response): Promise<Context>;
  /** The workspace a path names (by slug) or a key belongs to (by id). */
  workspaceRef: WorkspaceLookup;
  /** The largest JSON body, in bytes. */
  bodyLimit: number;
}

interface ErrorBody {
  code: string;
  message: string;
  fields?: FieldError[];
  reason?: string;
}

/** An answer other than success, already in the API's error shape. */
class RestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

/** Header values are ASCII without quotes: a message goes in as a quoted-string. */
const quoted = (text: string): string => `"${text.replace(/[^\x20-\x7e]|"/g, "'")}"`;

function restErrorOf(error: GraphQLFormattedError, headers: Iterable<[string, string]> = []): RestError {
  const extensions = (error.extensions ?? {}) as { code?: string; fields?: FieldError[]; reason?: string; retryAfterSeconds?: number };
  const code = extensions.code && extensions.code in STATUS_OF ? extensions.code : ErrorCode.INTERNAL_SERVER_ERROR;
  const status = STATUS_OF[code];
  const out: Record<string, string> = Object.fromEntries([...headers].filter(([name]) => name === 'retry-after'));
  if (extensions.retryAfterSeconds !== undefined) out['retry-after'] = String(Math.ceil(extensions.retryAfterSeconds));
  if (status === 401) out['www-authenticate'] = `Bearer realm="gatehouse", error="invalid_token", error_description=${quoted(error.message)}`;
  return new RestError(status, { code, message: error.message, ...(extensions.fields ? { fields: extensions.fields } : {}), ...(extensions.reason ? { reason: extensions.reason } : {}) }, out);
}

function fromDomain(error: DomainError): RestError {
  const { fields, reason, retryAfterSeconds } = error.details;
  return restErrorOf({ message: error.message, extensions: { code: error.code, fields, reason, retryAfterSeconds } });
}

const ajv = addFormats(new Ajv2020({ allErrors: true, allowUnionTypes: true }));

function bodyFields(route: CompiledRoute, errors: readonly ErrorObject[]): FieldError[] {
  return errors.map((error) => {
    const at = error.instancePath.split('/').filter(Boolean).join('.');
    const join = (name: string) => (at ? `${at}.${name}` : name);
    if (error.keyword === 'required') return { field: join(String(error.params.missingProperty)), message: 'is required' };
    if (error.keyword === 'additionalProperties') {
      const name = String(error.params.additionalProperty);
      return { field: join(name), message: !at && route.notInBody.has(name) ? 'comes from the path, not the body' : 'is not a field of this body' };
    }
    if (error.keyword === 'type') return { field: at || 'body', message: `must be ${[error.params.type].flat().map((type) => JSON_TYPES[type as string] ?? type).join(' or ')}` };
    if (error.keyword === 'enum') return { field: at || 'body', message: `must be one of ${(error.params.allowedValues as unknown[]).filter((value) => value !== null).join(', ')}` };
    return { field: at || 'body', message: error.message ?? 'is invalid' };
  });
}

const JSON_TYPES: Record<string, string> = { integer: 'an integer', number: 'a number', string: 'a string', boolean: 'true or false', array: 'a list', object: 'an object', null: 'null' };

function dig(data: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((value, name) => (value as Record<string, unknown> | null)?.[name], data);
}

interface PageRequest {
  limit: number;
  after?: { at: Date; id: string };
}

/** `?limit=&cursor=`, checked before anything runs. */
function pageRequest(query: Request['query']): PageRequest {
  const limitText = typeof query.limit === 'string' ? query.limit : undefined;
  const limit = limitText === undefined ? DEFAULT_PAGE_SIZE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw badInput('limit', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  return { limit, after: typeof query.cursor === 'string' ? decodeCursor(query.cursor, 'cursor') : undefined };
}

/** The page after the cursor of a list kept in (at, id) order; `next` carries the cursor of its last item. */
function pageOf(route: CompiledRoute, items: Array<Record<string, unknown>>, { limit, after }: PageRequest) {
  const { at, id } = route.page!;
  const key = (item: Record<string, unknown>) => ({ time: new Date(String(item[at])).getTime(), id: String(item[id]) });
  const compare = (a: { time: number; id: string }, b: { time: number; id: string }) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const sorted = items.map((item) => ({ item, key: key(item) })).sort((a, b) => compare(a.key, b.key));
  const rest = after ? sorted.filter((entry) => compare(entry.key, { time: after.at.getTime(), id: after.id }) > 0) : sorted;
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  const cursor = rest.length > limit && last ? encodeCursor(new Date(last.key.time), last.key.id) : null;
  return { data: page.map((entry) => entry.item), limit, cursor };
}

/**
 * The documented REST paths. Each request runs its route's GraphQL operation through Apollo with the
 * same context /graphql builds, so plugins (text checks, metrics, outage answers), `@auth` and the
 * error formatter all apply; this layer only picks the workspace, shapes the body and maps codes to
 * HTTP statuses.
 */
export function restApi(options: RestApiOptions): Router {
  const router = express.Router();
  const validators = new Map<CompiledRoute, ValidateFunction>(options.routes.flatMap((route) => (route.body ? [[route, ajv.compile(route.body)] as const] : [])));

  /** The workspace of the request: its slug in the path, else the calling key's own. Whether the caller may use it is `@auth`'s to say. */
  async function workspaceOf(route: CompiledRoute, context: Context, slug: string | undefined): Promise<Partial<WorkspaceRef> & { id: string }> {
    const principal = context.principal;
    if (!principal) throw callerMissing(context);
    if (slug === undefined && principal.type === 'user') {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, 'Name the workspace in the path: /w/{slug}/… (a workspace API key in x-api-key names its own)', { fields: [{ field: 'slug', message: 'is required for a person' }] });
    }
    const needsOrganization = route.variables.has('organizationId') || route.fromPath.has('organizationId');
    if (slug === undefined && principal.type !== 'user' && !needsOrganization) return { id: principal.workspaceId };
    const found = await options.workspaceRef(slug !== undefined ? { slug } : { id: (principal as Exclude<typeof principal, { type: 'user' }>).workspaceId });
    if (!found) throw new DomainError(ErrorCode.NOT_FOUND, 'Workspace not found');
    return found;
  }

  function variablesOf(route: CompiledRoute, req: Request, workspace: Partial<WorkspaceRef> & { id: string }): Record<string, unknown> {
    const params = req.params as Record<string, string>;
    const fromPath: Record<string, string | undefined> = { workspaceId: workspace.id, organizationId: workspace.organizationId, ...Object.fromEntries(route.params.map((name) => [name, params[name]])) };
    const variables: Record<string, unknown> = Object.fromEntries([...route.variables].map((name) => [name, fromPath[name]]));
    if (route.body) {
      const body: unknown = req.body ?? {};
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badInput('body', 'must be a JSON object');
      const validate = validators.get(route)!;
      if (!validate(body)) {
        const fields = bodyFields(route, validate.errors ?? []);
        throw new DomainError(ErrorCode.BAD_USER_INPUT, fields.map((field) => `${field.field}: ${field.message}`).join('; '), { fields });
      }
      variables.input = { ...body, ...Object.fromEntries([...route.fromPath].map((name) => [name, fromPath[name]])) };
    }
    return variables;
  }

  async function serve(route: CompiledRoute, req: Request, res: Response): Promise<void> {
    const context = await options.context(req, res);
    const slug = (req.params as Record<string, string>).slug;
    const paging = route.page ? pageRequest(req.query) : undefined;
    const variables = variablesOf(route, req, await workspaceOf(route, context, slug));
    const response = await options.apollo.executeOperation({ query: route.document, operationName: route.operationName, variables }, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('REST operations are never incremental');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      const error = restErrorOf(errors[0], response.http.headers);
      // A field the caller sent as a path parameter is named as one.
      error.body.fields = error.body.fields?.map((field) => ({ ...field, field: route.paramOf.get(field.field) ?? field.field }));
      throw error;
    }
    const value = dig(data, route.result);
    const base = slug === undefined ? '' : `/w/${encodeURIComponent(slug)}`;
    if (route.method === 'DELETE') return void res.status(204).end();
    if (route.page) {
      const page = pageOf(route, value as Array<Record<string, unknown>>, paging!);
      const next = page.cursor ? `${req.baseUrl}${req.path}?${new URLSearchParams({ limit: String(page.limit), cursor: page.cursor })}` : null;
      if (next) res.setHeader('link', `<${next}>; rel="next"`);
      return void res.json({ data: page.data, next });
    }
    if (route.created) res.status(201).setHeader('location', `${base}${route.created(value as Record<string, unknown>)}`);
    if (route.accepted) res.status(202);
    res.json(value);
  }

  const send = (res: Response, error: RestError) => {
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.status(error.status).json({ error: error.body });
  };

  const handler = (route: CompiledRoute) => (req: Request, res: Response, next: NextFunction) =>
    serve(route, req, res).catch((error: unknown) => {
      if (error instanceof RestError) return send(res, error);
      if (error instanceof DomainError) return send(res, fromDomain(error));
      // Context creation during a database outage: Apollo's shape, with the 503 and Retry-After it carries.
      const http = error instanceof GraphQLError ? (error.extensions?.http as { status?: number; headers?: Map<string, string> } | undefined) : undefined;
      if (http?.status === 503) return send(res, new RestError(503, { code: ErrorCode.SERVICE_UNAVAILABLE, message: (error as GraphQLError).message }, Object.fromEntries(http.headers ?? [])));
      next(error);
    });

  const json = express.json({ limit: options.bodyLimit });
  for (const route of options.routes) {
    const path = route.path.replace(/\{(\w+)\}/g, ':$1');
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method]([path, `/w/:slug${path}`], json, handler(route));
  }
  router.use((error: Error & { type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (error.type === 'entity.parse.failed') return send(res, new RestError(400, { code: 'BAD_REQUEST', message: 'The body is not valid JSON' }));
    if (error.type === 'entity.too.large') return send(res, new RestError(413, { code: 'BAD_REQUEST', message: `The body is larger than ${options.bodyLimit} bytes` }));
    // The router could not decode a path parameter (a malformed %-escape).
    if (error instanceof URIError) return send(res, new RestError(400, { code: 'BAD_REQUEST', message: 'The path is not valid: a %-escape does not decode to UTF-8' }));
    next(error);
  });
  return router;
}
