import {
  GraphQLInputObjectType,
  GraphQLNonNull,
  Kind,
  parse,
  typeFromAST,
  validate,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { PERMISSIONS } from '../auth/permissions';
import type { AccessRequirement } from '../graphql/auth-directive';
import type { HttpMethod, RestRoute } from './rest-route';
import { followPath, inputSchema, outputSchema, type JsonSchema, type SelectionWalk } from './route-schemas';

/** A route checked against the schema at start-up, with everything serving and describing it needs. */
export interface CompiledRoute extends RestRoute {
  document: DocumentNode;
  operationName: string;
  /** Path parameters, in order. */
  params: string[];
  /** `$workspaceId`, `$organizationId` and the path parameters the operation declares as variables. */
  variables: ReadonlySet<string>;
  /** The input fields the path fills (so they are not in the body). */
  fromPath: ReadonlySet<string>;
  /** Input fields the path decides (filled or not), so a body may not carry them. */
  notInBody: ReadonlySet<string>;
  /** Input fields the operation sets from a path parameter of another name (`id: $keyId`): errors name the parameter. */
  paramOf: ReadonlyMap<string, string>;
  /** The JSON body, when the operation takes `$input`. */
  body?: JsonSchema;
  response: JsonSchema;
  /** Every `@auth` requirement on the way to the answer, from the one permission table. */
  requirements: AccessRequirement[];
}

/** What the path says besides its parameters: the workspace, and so its organization. */
const PATH_FILLED = ['workspaceId', 'organizationId'];

const pathParams = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);

/** PUT replaces a section: every input field the answer shows back must be sent. */
const replacedFields = (method: HttpMethod, response: JsonSchema): ReadonlySet<string> =>
  new Set(method === 'PUT' ? Object.keys((response.properties as Record<string, unknown> | undefined) ?? {}) : []);

/** `{ id: $keyId }` in the operation: the input field `id` is what the caller knows as the path parameter `keyId`. */
function paramFields(operation: OperationDefinitionNode, params: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  visit(operation, {
    ObjectField(node) {
      if (node.value.kind === Kind.VARIABLE && params.includes(node.value.name.value) && node.name.value !== node.value.name.value) found.set(node.name.value, node.value.name.value);
    },
  });
  return found;
}

function compileRoute(schema: GraphQLSchema, route: RestRoute): CompiledRoute {
  const where = `${route.method} ${route.path}`;
  const document = parse(route.operation);
  const errors = validate(schema, document);
  if (errors.length > 0) throw new Error(`${where}: ${errors.map((error) => error.message).join('; ')}`);
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || !operations[0].name) throw new Error(`${where}: needs exactly one named operation`);
  const [operation] = operations;
  const operationName = operations[0].name.value;
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root || operation.operation === 'subscription') throw new Error(`${where}: only queries and mutations`);
  const fragments = new Map(
    document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  );

  const params = pathParams(route.path);
  const declared = new Map(operation.variableDefinitions?.map((definition) => [definition.variable.name.value, definition]) ?? []);
  for (const name of declared.keys()) {
    if (!['input', ...PATH_FILLED, ...params].includes(name)) throw new Error(`${where}: $${name} is neither $input, $workspaceId, $organizationId nor a path parameter`);
  }
  const walk: SelectionWalk = { schema, fragments, requirements: [] };
  const answer = followPath(root as GraphQLObjectType, operation.selectionSet, route.result, walk);
  const response = outputSchema(answer.type, answer.selectionSet, walk);
  const items = (response.type === 'array' ? response.items : response) as JsonSchema;
  if (route.page && !(route.page.at in (items.properties as object) && route.page.id in (items.properties as object))) throw new Error(`${where}: a paged list must select ${route.page.at} and ${route.page.id}`);

  const inputDefinition = declared.get('input');
  let body: JsonSchema | undefined;
  let fromPath = new Set<string>();
  let notInBody = new Set<string>();
  if (inputDefinition) {
    const type = typeFromAST(schema, inputDefinition.type as never);
    const inputType = type instanceof GraphQLNonNull ? type.ofType : type;
    if (!(inputType instanceof GraphQLInputObjectType)) throw new Error(`${where}: $input must be an input object`);
    const fields = inputType.getFields();
    // An input naming the workspace gets it; one about an organization (billing) gets the workspace's.
    // Either way neither is in the body: the path says which workspace.
    const place = 'workspaceId' in fields ? 'workspaceId' : 'organizationId';
    fromPath = new Set([place, ...params].filter((name) => name in fields));
    notInBody = new Set([...PATH_FILLED, ...params].filter((name) => name in fields));
    body = inputSchema(inputType, { omit: notInBody, alsoRequired: new Set([...replacedFields(route.method, items)].filter((name) => name in fields)) });
  }
  if (['PUT', 'PATCH'].includes(route.method) && !body) throw new Error(`${where}: ${route.method} takes a body ($input)`);
  return {
    ...route,
    document,
    operationName,
    params,
    variables: new Set([...declared.keys()].filter((name) => name !== 'input')),
    fromPath,
    notInBody,
    paramOf: paramFields(operation, params),
    body,
    response: route.page ? { type: 'object', properties: { data: response, next: { type: ['string', 'null'], description: 'The next page, or null on the last one.' } }, required: ['data', 'next'] } : response,
    requirements: route.checks ? [...walk.requirements, PERMISSIONS[route.checks]] : walk.requirements,
  };
}

export function compileRoutes(schema: GraphQLSchema, routes: readonly RestRoute[]): CompiledRoute[] {
  const seen = new Set<string>();
  return routes.map((route) => {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`Two REST routes for ${key}`);
    seen.add(key);
    return compileRoute(schema, route);
  });
}
