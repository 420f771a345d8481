import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage, type ContainerType, type NonEmptyArray } from 'type-graphql';
import type { ResolverRegistration } from '../module';
import { authDirective } from './auth-directive';
import { applyListBounds } from './query-cost';

/** The code-first schema from the modules' resolvers. `container` supplies instances at run time; printing needs none. */
export async function buildGatehouseSchema(resolvers: readonly ResolverRegistration[], container?: ContainerType): Promise<GraphQLSchema> {
  // type-graphql gives each plain property field a resolver that only runs middlewares around reading
  // it. Gatehouse has none (@auth wraps only the fields that carry it), and graphql-jit reads a field
  // without a resolver inline, where it calls one per field per row: 750 calls on an audit page.
  // A type that sets simpleResolvers itself keeps its choice.
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
  const schema = await buildSchema({
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    resolvers: resolvers.map(([resolverClass]) => resolverClass) as unknown as NonEmptyArray<Function>,
    directives: [authDirective],
    container,
    // class-validator runs on every input; unknown properties cannot reach it through GraphQL anyway.
    validate: { forbidUnknownValues: false, stopAtFirstError: false },
  });
  return applyListBounds(schema);
}

/** Resolver instances with their services, handed to type-graphql. */
export function createResolverContainer<S>(resolvers: ReadonlyArray<readonly [unknown, (services: S) => object]>, services: S): ContainerType {
  const instances = new Map<unknown, object>(resolvers.map(([resolverClass, build]) => [resolverClass, build(services)]));
  return { get: (resolverClass) => instances.get(resolverClass) };
}

/** What `npm run schema` writes to schema.graphql: sorted, with directives. */
export function printGatehouseSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema)).trim()}\n`;
}
