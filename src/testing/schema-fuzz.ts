import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Property-based inputs for every operation of the schema, read from the schema itself: a new query or
 * mutation is fuzzed without anyone writing a case for it.
 */

/** Ids the generator may use: the caller's own objects, another tenant's, and made-up ones. */
export interface IdPool {
  own: string[];
  foreign: string[];
}

export interface FuzzOperation {
  /** `Mutation.createWorkspace`, `Query.workspace`, … */
  name: string;
  kind: 'query' | 'mutation';
  query: string;
  args: readonly GraphQLArgument[];
}

export interface FuzzCase {
  operation: FuzzOperation;
  variables: Record<string, unknown>;
  caller: 'owner' | 'foreign' | 'anonymous';
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  'x'.repeat(10_000),
  'a\u0000b',
  '\ud800',
  'tail\udfff',
  '\u0007\u001b[31m\u007f',
  "'; DROP TABLE \"user\"; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%s%n%x',
  '💥🚀',
  'e\u0301',
  '\u202etxt.exe',
  '{"a":1}',
];

const NUMBERS = [0, 1, -1, 2, 7, 28, 29, 90, 365, 366, 3650, 10_080, 100_000, 2_147_483_647, -2_147_483_648, 2 ** 31, Number.MAX_SAFE_INTEGER];

// Built once: a regular-expression arbitrary costs about a millisecond to build, and every string argument wants one.
const word = fc.stringMatching(/^[a-z][a-z0-9-]{2,12}$/);
const tokenLike = fc.stringMatching(/^[A-Za-z0-9_-]{10,60}$/);

/** Strings that pass a field's format, so the fuzz reaches the service behind the validation too. */
function plausibleString(field: string, pool: IdPool): fc.Arbitrary<string> {
  const lower = field.toLowerCase();
  if (lower.includes('email') || lower === 'recipients') return fc.oneof(word.map((local) => `${local}@example.com`), fc.constant('not-an-email'), fc.constant('A@Example.COM '));
  if (lower === 'slug') return fc.oneof(word, fc.constant('Bad Slug'), fc.constant('a'));
  if (lower === 'region') return fc.constantFrom('eu-west-1', 'us-east-1', 'mars-1');
  if (lower.includes('password')) return fc.constantFrom('correct horse battery staple', 'short', 'x'.repeat(200));
  if (lower === 'scopes' || lower === 'requiredscopes') return fc.constantFrom('workspace:read', 'workspace:write', 'audit:read', 'runs:write', 'nope:nope');
  if (lower === 'actions') return fc.constantFrom('workspace.updated', 'organization.updated', 'member.added', 'nope');
  if (lower === 'after') return fc.oneof(fc.constant(Buffer.from(`${new Date().toISOString()}|${pool.own[0]}`).toString('base64url')), fc.base64String({ maxLength: 60 }));
  if (lower.includes('token') || lower === 'key') return fc.oneof(tokenLike, fc.constant('gh_live_abc'));
  return fc.oneof(word, fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
}

function idValue(pool: IdPool): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...pool.own) },
    { weight: 3, arbitrary: fc.constantFrom(...pool.foreign) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom('', 'not-a-uuid', '123', '00000000-0000-0000-0000-000000000000', `${pool.own[0]}\u0000`, pool.own[0].toUpperCase(), ` ${pool.own[0]}`) },
  );
}

function scalarValue(typeName: string, field: string, pool: IdPool): fc.Arbitrary<unknown> {
  switch (typeName) {
    case 'ID':
      return idValue(pool);
    case 'String':
      return fc.oneof({ weight: 4, arbitrary: plausibleString(field, pool) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) });
    case 'Int':
      return fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -5, max: 400 }), fc.constant(1.5), fc.constant('7'));
    case 'Float':
      return fc.oneof(fc.double(), fc.constantFrom(...NUMBERS));
    case 'Boolean':
      return fc.oneof(fc.boolean(), fc.constant('true'));
    case 'DateTimeISO':
      return fc.oneof(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
        fc.constantFrom('2026-13-45T00:00:00Z', 'yesterday', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z'),
      );
    case 'JSONObject':
      return fc.oneof(fc.object({ maxDepth: 2 }), fc.constant([]), fc.constant('x'));
    default:
      return fc.oneof(fc.string(), fc.integer(), fc.constant({}));
  }
}

/** A value for an input type; `null` and wrong shapes come along at a low rate, even where the schema forbids them. */
export function inputValue(type: GraphQLInputType, field: string, pool: IdPool, depth = 0): fc.Arbitrary<unknown> {
  const wrong = fc.constantFrom<unknown>(null, 'wrong', 42, [], {});
  if (isNonNullType(type)) return fc.oneof({ weight: 30, arbitrary: inputValue(type.ofType, field, pool, depth) }, { weight: 1, arbitrary: wrong });
  const nullable = (arbitrary: fc.Arbitrary<unknown>) => fc.oneof({ weight: 8, arbitrary }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) return nullable(fc.array(inputValue(type.ofType, field, pool, depth + 1), { maxLength: depth > 2 ? 0 : 4 }));
  if (isEnumType(type)) return nullable(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...type.getValues().map((value) => value.name)) }, { weight: 1, arbitrary: fc.constant('NOT_A_VALUE') }));
  if (isScalarType(type)) return nullable(scalarValue(type.name, field, pool));
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const record = Object.fromEntries(fields.map((inner) => [inner.name, inputValue(inner.type, inner.name, pool, depth + 1)]));
    const required = fields.filter((inner) => isNonNullType(inner.type)).map((inner) => inner.name);
    return nullable(fc.record(record, { requiredKeys: required }));
  }
  return wrong;
}

/** Leaf fields of a type two levels deep (fields needing arguments left out), so field resolvers run too. */
function selection(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) || depth > 1) return '{ __typename }';
  const parts = Object.values(named.getFields())
    .filter((field) => !field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined))
    .map((field) => {
      const inner = getNamedType(field.type);
      if (isLeafType(inner)) return field.name;
      return depth < 1 ? `${field.name} ${selection(field.type, depth + 1)}` : undefined;
    })
    .filter(Boolean);
  return `{ __typename ${parts.join(' ')} }`;
}

function operationOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): FuzzOperation {
  const variables = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return { name: `${kind === 'query' ? 'Query' : 'Mutation'}.${field.name}`, kind, args: field.args, query: `${kind} Fuzz(${variables}) { ${field.name}(${args}) ${selection(field.type)} }` };
}

/** Every mutation and every query that takes arguments: the operations the fuzz covers. */
export function fuzzOperations(schema: GraphQLSchema): FuzzOperation[] {
  const queries = Object.values(schema.getQueryType()?.getFields() ?? {}).filter((field) => field.args.length > 0);
  const mutations = Object.values(schema.getMutationType()?.getFields() ?? {}).filter((field) => field.args.length > 0);
  return [...queries.map((field) => operationOf('query', field)), ...mutations.map((field) => operationOf('mutation', field))];
}

export function fuzzCase(operations: FuzzOperation[], pool: IdPool): fc.Arbitrary<FuzzCase> {
  // Built once per operation: arbitraries are costly to build (regular expressions), cheap to draw from.
  const caller = fc.constantFrom<FuzzCase['caller']>('owner', 'owner', 'owner', 'foreign', 'anonymous');
  const perOperation = operations.map((operation) =>
    fc.record({
      operation: fc.constant(operation),
      variables: fc.record(Object.fromEntries(operation.args.map((arg) => [arg.name, inputValue(arg.type, arg.name, pool)])), {
        requiredKeys: operation.args.filter((arg) => isNonNullType(arg.type)).map((arg) => arg.name),
      }),
      caller,
    }),
  );
  return fc.oneof(...perOperation);
}

/**
 * Whether an id of another tenant's object is given where that kind of object is meant: `workspaceId` holding
 * their workspace's id, or an `id` holding any of theirs. (The same uuid as a `userId` is only an unknown person.)
 */
export function mentionsForeign(value: unknown, foreign: Record<string, string[]>, key = ''): boolean {
  if (typeof value === 'string') return key === 'id' ? Object.values(foreign).some((ids) => ids.includes(value)) : (foreign[key]?.includes(value) ?? false);
  if (Array.isArray(value)) return value.some((item) => mentionsForeign(item, foreign, key));
  if (value && typeof value === 'object') return Object.entries(value).some(([inner, item]) => mentionsForeign(item, foreign, inner));
  return false;
}
