import type { Permission } from '../auth/permissions';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One of the HTTP paths the product pages document (seed 003: "API: GET /workspace, PUT /workspace").
 * A route is a GraphQL operation of the same schema: the REST twin shares its GraphQL twin's service
 * call, `@auth` row, validation, audit event and limits by construction, and its OpenAPI description is
 * derived from the operation's types, so neither can drift from the other.
 */
export interface RestRoute {
  method: HttpMethod;
  /**
   * The documented path, `{name}` for a path parameter. Served as is for a workspace key (its own
   * workspace) and under `/w/{slug}` for anyone (a person names the workspace by its slug).
   */
  path: string;
  /** The settings section it belongs to: the reference page groups by it. */
  tag: string;
  summary: string;
  /**
   * The operation, with a name (metrics count requests by it). It may declare `$workspaceId`,
   * `$organizationId` (the workspace's), one variable per path parameter, and `$input`: the JSON body
   * plus the input fields the path fills (those three, by name).
   */
  operation: string;
  /** Where the answer is in the operation's data, e.g. `['updateWorkspace', 'workspace']`. */
  result: readonly string[];
  /** A list answer, paged by `?limit=&cursor=` in this order; both fields are in the selection. */
  page?: { at: string; id: string };
  /** The answer is 201 Created, with this Location (a path inside the workspace, as documented). */
  created?: (result: Record<string, unknown>) => string;
  /** The permission the resolver checks itself beyond its `@auth` (which place it acts on is in the input). */
  checks?: Permission;
  /** The answer is 202 Accepted: what was asked completes later (an invited person joins on accepting). */
  accepted?: boolean;
}
