import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType } from 'type-graphql';
import { authDirective } from './auth-directive';
import { RESOLVERS } from './resolvers';

/** The code-first schema. `container` supplies resolver instances at run time; printing needs none. */
export function buildGatehouseSchema(container?: ContainerType): Promise<GraphQLSchema> {
  const [first, ...rest] = RESOLVERS.map(([resolverClass]) => resolverClass);
  return buildSchema({
    resolvers: [first, ...rest],
    directives: [authDirective],
    container,
    // class-validator runs on every input; unknown properties cannot reach it through GraphQL anyway.
    validate: { forbidUnknownValues: false, stopAtFirstError: false },
  });
}

/** What `npm run schema` writes to schema.graphql: sorted, with directives. */
export function printGatehouseSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema)).trim()}\n`;
}
