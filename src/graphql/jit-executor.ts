import type { GatewayExecutor, GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { getVariableValues, GraphQLError, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** graphql-jit's errors carry locations but no AST nodes, from which graphql-js's would compute them. */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const copy = new GraphQLError(error.message, { path: error.path, originalError: error.originalError, extensions: error.extensions });
  return Object.assign(copy, { locations: error.locations });
}

/**
 * Executes with graphql-jit instead of graphql-js. Apollo Server 5 has no executor option; a gateway
 * whose load() hands it the schema and returns an executor is the way in. Variables are coerced by
 * graphql-js first so that callers keep its messages (src/graphql/errors.ts names the field from them).
 */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  // Apollo keeps parsed documents in its own LRU and hands the same object back: compile once per document.
  const compiled = new WeakMap<DocumentNode, Map<string | null, CompiledQuery | ExecutionResult>>();
  const executor: GatewayExecutor = async ({ document, operationName, operation, request, context }) => {
    const variables = request.variables ?? {};
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) return { errors: coerced.errors };
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    let query = byName.get(operationName);
    if (!query) byName.set(operationName, (query = compileQuery(schema, document, operationName ?? undefined)));
    if (!isCompiledQuery(query)) return query;
    // graphql-jit refuses an omitted `$x: Int! = 50`: hand it the defaults graphql-js filled in.
    const result = await query.query(undefined, context, { ...coerced.coerced, ...variables });
    // Its errors are its own read-only class: Apollo's plugins (armor masks messages) and errors.ts expect graphql-js's.
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };
  let onLoad: GatewaySchemaLoadOrUpdateCallback | undefined;
  return {
    onSchemaLoadOrUpdate(callback) {
      onLoad = callback;
      return () => (onLoad = undefined);
    },
    async load() {
      onLoad?.({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return { executor };
    },
    async stop() {},
  };
}
