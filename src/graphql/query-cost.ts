import {
  GraphQLError,
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { MAX_PAGE_SIZE } from './pagination';

/**
 * Unpaginated lists and how many items each may hold: a true bound (`applyListBounds` truncates past it)
 * and a sentence in the field's schema description. The cost multiplier is `typical` where given — the
 * size such a list has in practice, so that an organization switcher or a members page is not priced as
 * if every level were full — else `max`; nested fan-outs still multiply past any limit. `arg` names an
 * argument that sets the size (its literal value, else its default; `max` when it comes from a variable).
 */
export const LIST_BOUNDS: Readonly<Record<string, { max: number; typical?: number; arg?: string }>> = {
  'Viewer.organizations': { max: 100, typical: 10 },
  'Viewer.passkeys': { max: 50 },
  'Viewer.personalApiKeys': { max: 100 },
  'Viewer.pushSubscriptions': { max: 50 },
  'Viewer.sessions': { max: 100 },
  'Organization.members': { max: 500, typical: 50 },
  'Organization.workspaces': { max: 100, typical: 20 },
  'Organization.usage': { max: 24, arg: 'months' },
  'Workspace.access': { max: 500, typical: 50 },
  'Workspace.apiKeys': { max: 100 },
  'Workspace.environments': { max: 50 },
  'ReplaceEnvironmentsPayload.environments': { max: 50 },
  'Workspace.members': { max: 500, typical: 50 },
  'Workspace.modelIntegrations': { max: 50 },
  'Workspace.usage': { max: 24, arg: 'months' },
  'Workspace.webhookEndpoints': { max: 50 },
  'Project.members': { max: 500, typical: 50 },
  'Project.roles': { max: 100 },
  'Project.attributeVisibilityRules': { max: 200 },
  'Project.hiddenAttributes': { max: 200 },
  // MAX_RULES (200) is enforced when rules are set; an explanation lists some of them.
  'AttributeVisibilityPayload.rules': { max: 200 },
  'AttributeVisibilityExplanation.hiddenBy': { max: 200 },
  'ImportWorkspaceSettingsPayload.changes': { max: 500 },
  'ImportWorkspaceSettingsPayload.skipped': { max: 500 },
  // One per NotificationEventType.
  'NotificationSettings.events': { max: 20 },
  'UsageBucket.reported': { max: 50 },
  'WorkspaceOffboardingReport.apiKeysOfFormerMembers': { max: 100 },
};

/** Fields named `first` take a page: the connection's subtree counts once per item. */
const PAGE_ARGUMENT = 'first';

/**
 * The cost of an operation, counting list sizes: 1 per scalar field, 2 per object field plus its
 * selection, and a list's item cost times its size (`first`, or its declared bound). Only the
 * worst case is knowable before execution (validation is cached per document): a variable counts
 * as the largest value it may take. Introspection (`__…` fields) is free.
 */
export function operationCost(schema: GraphQLSchema, fragments: ReadonlyMap<string, FragmentDefinitionNode>, type: GraphQLCompositeType, selectionSet: SelectionSetNode): number {
  // `page`: the size of the connection whose selection this is; its lists (edges) hold that many items.
  const costOf = (parent: GraphQLCompositeType, selections: SelectionSetNode, seen: ReadonlySet<string>, page: number): number => {
    let total = 0;
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        // A fragment cycle is reported by graphql-js's own rule; count it once.
        if (!fragment || seen.has(fragment.name.value)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        if (isCompositeType(condition)) total += costOf(condition, fragment.selectionSet, new Set([...seen, fragment.name.value]), page);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (isCompositeType(condition)) total += costOf(condition, selection.selectionSet, seen, page);
      } else {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        if (!field) continue; // unknown fields fail validation elsewhere
        const itemType = getNamedType(field.type);
        const args = selection.arguments ?? [];
        const pageSize = sizeFromArgument(field, args, PAGE_ARGUMENT, MAX_PAGE_SIZE);
        const own = isCompositeType(itemType) && selection.selectionSet ? 2 + costOf(itemType, selection.selectionSet, seen, pageSize ?? 1) : 1;
        total += own * listSize(parent.name, field, args, page);
      }
    }
    return total;
  };
  return costOf(type, selectionSet, new Set(), 1);
}

type Arguments = ReadonlyArray<{ name: { value: string }; value: ValueNode }>;

/** The value of a size argument: its literal, else its default; a variable may take `max`. */
function sizeFromArgument(field: GraphQLField<unknown, unknown>, args: Arguments, name: string, max: number): number | undefined {
  const declared = field.args.find((arg) => arg.name === name);
  if (!declared) return undefined;
  const given = args.find((arg) => arg.name.value === name)?.value;
  if (given?.kind === Kind.INT) return Math.min(Number(given.value), max);
  if (given) return max;
  return typeof declared.defaultValue === 'number' ? declared.defaultValue : max;
}

function listSize(parentName: string, field: GraphQLField<unknown, unknown>, args: Arguments, page: number): number {
  if (!isListType(getNullableType(field.type)) || !isCompositeType(getNamedType(field.type))) return 1; // scalar lists (scopes, roles) are small values
  const bound = LIST_BOUNDS[`${parentName}.${field.name}`];
  if (bound) return (bound.arg && sizeFromArgument(field, args, bound.arg, bound.max)) || (bound.typical ?? bound.max);
  return page; // a connection's edges
}

/** A validation rule: an operation costing more than `maxCost` is refused before anything runs. */
export function costLimitRule(maxCost: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
        .map((fragment) => [fragment.name.value, fragment]),
    );
    return {
      OperationDefinition(operation) {
        const schema = context.getSchema();
        const root = schema.getRootType(operation.operation);
        if (!root) return;
        const cost = operationCost(schema, fragments, root, operation.selectionSet);
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(`Cost limit of ${maxCost} exceeded: this operation costs ${cost} (lists count as many times as they have items: ask for smaller pages or fewer nested lists).`, {
              nodes: [operation],
              // Apollo answers it like every validation error: HTTP 400, GRAPHQL_VALIDATION_FAILED.
              extensions: { cost: cost, maxCost },
            }),
          );
        }
      },
    };
  };
}

/**
 * Makes every declared bound true and visible: the field's resolver keeps at most `max` items, and
 * its description says so in schema.graphql.
 */
export function applyListBounds(schema: GraphQLSchema): GraphQLSchema {
  for (const [key, { max, arg }] of Object.entries(LIST_BOUNDS)) {
    const [typeName, fieldName] = key.split('.');
    const type = schema.getType(typeName);
    const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
    if (!field || !isListType(getNullableType(field.type))) throw new Error(`LIST_BOUNDS names ${key}, which is not a list field`);
    if (arg) continue; // its argument already bounds it
    const note = `At most ${max} items (the first ${max} past that); counted as ${max} by the query cost.`;
    field.description = field.description ? `${field.description} ${note}` : note;
    const resolve = field.resolve ?? defaultFieldResolver;
    const truncate = (items: unknown) => (Array.isArray(items) && items.length > max ? items.slice(0, max) : items);
    field.resolve = (...params) => {
      const items: unknown = resolve(...params);
      return items instanceof Promise ? items.then(truncate) : truncate(items);
    };
  }
  return schema;
}
