import { getDirective } from '@graphql-tools/utils';
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  Kind,
  getNamedType,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type SelectionNode,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { AccessRequirement } from '../graphql/auth-directive';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1). */
export type JsonSchema = Record<string, unknown>;

const SCALARS: Record<string, JsonSchema> = {
  ID: { type: 'string' },
  String: { type: 'string' },
  Int: { type: 'integer' },
  Float: { type: 'number' },
  Boolean: { type: 'boolean' },
  DateTimeISO: { type: 'string', format: 'date-time' },
  JSONObject: { type: 'object' },
};

function scalarSchema(type: GraphQLScalarType | GraphQLEnumType): JsonSchema {
  if (type instanceof GraphQLEnumType) return { type: 'string', enum: type.getValues().map((value) => value.name) };
  return { ...(SCALARS[type.name] ?? {}) };
}

/** GraphQL types are nullable unless marked: so is their JSON. */
function orNull(schema: JsonSchema): JsonSchema {
  const nullable: JsonSchema = { ...schema };
  if (typeof schema.type === 'string') nullable.type = [schema.type, 'null'];
  if (Array.isArray(schema.enum)) nullable.enum = [...schema.enum, null];
  return schema.type === undefined ? schema : nullable;
}

function described<T extends JsonSchema>(schema: T, description: string | null | undefined): T {
  return description ? { ...schema, description } : schema;
}

export interface InputSchemaOptions {
  /** Input fields filled from the path (and so not in the body). */
  omit?: ReadonlySet<string>;
  /** Top-level fields that must be sent even though GraphQL lets them be left out (PUT replaces the section). */
  alsoRequired?: ReadonlySet<string>;
}

export function inputSchema(type: GraphQLInputType, options: InputSchemaOptions = {}): JsonSchema {
  if (type instanceof GraphQLNonNull) return inputSchema(type.ofType, options);
  if (type instanceof GraphQLList) return { type: 'array', items: nonNullInput(type.ofType) };
  if (type instanceof GraphQLInputObjectType) {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const field of Object.values(type.getFields())) {
      if (options.omit?.has(field.name)) continue;
      properties[field.name] = described(nonNullInput(field.type), field.description);
      if (field.type instanceof GraphQLNonNull ? field.defaultValue === undefined : options.alsoRequired?.has(field.name)) required.push(field.name);
    }
    return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
  }
  return scalarSchema(type);
}

function nonNullInput(type: GraphQLInputType): JsonSchema {
  return type instanceof GraphQLNonNull ? inputSchema(type.ofType) : orNull(inputSchema(type));
}

/** What a walk over a selection collects besides the answer's shape. */
export interface SelectionWalk {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** Every `@auth` requirement met on the way: the route's caller must satisfy them all. */
  requirements: AccessRequirement[];
}

/** The JSON an answer of `type` has for this selection. */
export function outputSchema(type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined, walk: SelectionWalk): JsonSchema {
  if (type instanceof GraphQLNonNull) return nonNullOutput(type.ofType, selectionSet, walk);
  return orNull(nonNullOutput(type, selectionSet, walk));
}

function nonNullOutput(type: GraphQLOutputType, selectionSet: SelectionSetNode | undefined, walk: SelectionWalk): JsonSchema {
  if (type instanceof GraphQLNonNull) return nonNullOutput(type.ofType, selectionSet, walk);
  if (type instanceof GraphQLList) return { type: 'array', items: outputSchema(type.ofType, selectionSet, walk) };
  if (type instanceof GraphQLObjectType) return objectSchema(type, selectionSet, walk);
  if (type instanceof GraphQLScalarType || type instanceof GraphQLEnumType) return scalarSchema(type);
  throw new Error(`REST routes select concrete object types; ${getNamedType(type).name} is abstract`);
}

function objectSchema(type: GraphQLObjectType, selectionSet: SelectionSetNode | undefined, walk: SelectionWalk): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        const field = type.getFields()[name];
        if (!field) throw new Error(`${type.name} has no field ${name}`);
        const auth = getDirective(walk.schema, field, 'auth')?.[0] as AccessRequirement | undefined;
        if (auth) walk.requirements.push(auth);
        properties[selection.alias?.value ?? name] = described(outputSchema(field.type, selection.selectionSet, walk), field.description);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const fragment = walk.fragments.get(selection.name.value);
        if (!fragment) throw new Error(`Unknown fragment ${selection.name.value}`);
        visit(fragment.selectionSet);
      }
    }
  };
  visit(selectionSet);
  return described({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false }, type.description);
}

/** The field a path of names leads to from the operation's root, with its selection. */
export function followPath(
  root: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  path: readonly string[],
  walk: SelectionWalk,
): { type: GraphQLOutputType; selectionSet: SelectionSetNode | undefined } {
  let type: GraphQLOutputType = root;
  let selections: SelectionSetNode | undefined = selectionSet;
  for (const name of path) {
    const parent: GraphQLNamedType = getNamedType(type);
    if (!(parent instanceof GraphQLObjectType)) throw new Error(`Cannot follow ${path.join('.')}: ${parent.name} is not an object`);
    const node: SelectionNode | undefined = selections?.selections.find((selection) => selection.kind === Kind.FIELD && (selection.alias?.value ?? selection.name.value) === name);
    if (!node || node.kind !== Kind.FIELD) throw new Error(`The operation does not select ${path.join('.')}`);
    const field: GraphQLField<unknown, unknown> = parent.getFields()[node.name.value];
    const auth = getDirective(walk.schema, field, 'auth')?.[0] as AccessRequirement | undefined;
    if (auth) walk.requirements.push(auth);
    type = field.type;
    selections = node.selectionSet;
  }
  return { type, selectionSet: selections };
}
