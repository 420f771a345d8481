import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import { DomainError, ErrorCode, type FieldError } from '../core/errors';

// In a `u` regex a surrogate pair is one code point, so only unpaired halves match.
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why a text value is refused: PostgreSQL cannot store NUL, nor JSON (audit metadata) with a lone surrogate. */
function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain the NUL character';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogates)';
  return undefined;
}

/** The input object is always called `input` (see DESIGN.md): a field is named by its path inside it. */
const fieldName = (path: string[]): string => (path[0] === 'input' && path.length > 1 ? path.slice(1) : path).join('.');

function checkValue(value: unknown, path: string[], found: FieldError[]): void {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) found.push({ field: fieldName(path), message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkValue(item, [...path, String(index)], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) checkValue(item, [...path, key], found);
  }
}

interface Walk {
  variables: Record<string, unknown>;
  fragments: Map<string, FragmentDefinitionNode>;
  seenFragments: Set<string>;
  found: FieldError[];
}

function checkNode(node: ValueNode, path: string[], walk: Walk): void {
  switch (node.kind) {
    case Kind.STRING:
      return checkValue(node.value, path, walk.found);
    case Kind.VARIABLE:
      return checkValue(walk.variables[node.name.value], path, walk.found);
    case Kind.LIST:
      return node.values.forEach((item, index) => checkNode(item, [...path, String(index)], walk));
    case Kind.OBJECT:
      return node.fields.forEach((field) => checkNode(field.value, [...path, field.name.value], walk));
    default:
      return undefined;
  }
}

function checkSelections(selectionSet: SelectionSetNode | undefined, walk: Walk): void {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      for (const argument of selection.arguments ?? []) checkNode(argument.value, [argument.name.value], walk);
      checkSelections(selection.selectionSet, walk);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      checkSelections(selection.selectionSet, walk);
    } else if (!walk.seenFragments.has(selection.name.value)) {
      walk.seenFragments.add(selection.name.value);
      checkSelections(walk.fragments.get(selection.name.value)?.selectionSet, walk);
    }
  }
}

/** Every text problem in the arguments of an operation, with literal values and variables (defaults included) alike. */
export function findTextProblems(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): FieldError[] {
  const defaults: Record<string, unknown> = {};
  const walk: Walk = { variables: defaults, fragments: new Map(), seenFragments: new Set(), found: [] };
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) walk.fragments.set(definition.name.value, definition);
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (definition.defaultValue && !(name in variables)) checkNode(definition.defaultValue, [name], walk);
  }
  walk.variables = variables;
  checkSelections(operation.selectionSet, walk);
  return walk.found;
}

/**
 * One rule for every text input, before any resolver runs: no NUL, no lone surrogate. Refused as
 * BAD_USER_INPUT naming each field (HTTP 400, like any other invalid variable), so nothing changes.
 */
export function inputTextCheck<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          const found = operation ? findTextProblems(document, operation, request.variables ?? {}) : [];
          if (found.length === 0) return;
          const refusal = new DomainError(ErrorCode.BAD_USER_INPUT, found.map((f) => `${f.field}: ${f.message}`).join('; '), { fields: found });
          throw new GraphQLError(refusal.message, { originalError: refusal, extensions: { http: { status: 400 } } });
        },
      };
    },
  };
}
