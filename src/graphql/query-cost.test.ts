import 'reflect-metadata';
import {
  getNamedType,
  isCompositeType,
  isLeafType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  validate,
  visit,
  type DocumentNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { loadConfig } from '../config';
import { buildModulesSchema } from '../services';
import { createOrganization, createUser, createWorkspace } from '../testing/fixtures';
import * as generated from '../testing/generated/graphql';
import { ViewerPushSubscriptionsDocument } from '../testing/generated/graphql';
import { startTestApp, type TestApp } from '../testing/test-app';
import { MAX_PAGE_SIZE } from './pagination';
import { costLimitRule, LIST_BOUNDS, operationCost } from './query-cost';

const defaultMaxCost = loadConfig({}).graphqlLimits.maxCost;

/** Every field of `type` that takes no required argument, objects followed `depth` levels down. */
function allFields(type: GraphQLObjectType, depth: number): string {
  const fields = Object.values(type.getFields())
    .filter((field) => !field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined))
    .flatMap((field) => {
      const named = getNamedType(field.type);
      if (isLeafType(named)) return [field.name];
      if (depth > 0 && isObjectType(named)) return [`${field.name} { ${allFields(named, depth - 1)} }`];
      return [];
    });
  return fields.join(' ');
}

/** The operation with every page and bounded-list size argument at its largest allowed value. */
function atLargestPages(document: DocumentNode): DocumentNode {
  const sizeArguments = new Map([['first', MAX_PAGE_SIZE], ...Object.values(LIST_BOUNDS).flatMap(({ arg, max }) => (arg ? [[arg, max] as const] : []))]);
  return visit(document, {
    Argument(node) {
      const largest = sizeArguments.get(node.name.value);
      return largest === undefined ? undefined : { ...node, value: { kind: Kind.INT, value: String(largest) } };
    },
  });
}

const costErrors = (schema: GraphQLSchema, document: DocumentNode, maxCost = defaultMaxCost) => validate(schema, document, [costLimitRule(maxCost)]);

describe('query cost', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    schema = await buildModulesSchema();
  });

  it('counts a list as many times as it may have items', () => {
    const cost = (query: string) => operationCost(schema, new Map(), schema.getQueryType()!, (parse(query).definitions[0] as OperationDefinitionNode).selectionSet);
    // workspace (2) + organization (2) + workspaces: typically 20 × (2 + id)
    expect(cost('query { workspace(id: "x") { organization { workspaces { id } } } }')).toBe(2 + 2 + 20 * 3);
    // A page of 10 audit events: 10 × (edge 2 + node 2 + id); pageInfo 2 + hasNextPage.
    expect(cost('query { workspaceAuditEvents(workspaceId: "x", first: 10) { edges { node { id } } pageInfo { hasNextPage } } }')).toBe(2 + 10 * (2 + 2 + 1) + 3);
    // Without `first`, its default (50); with a variable, the largest page.
    expect(cost('query { workspaceAuditEvents(workspaceId: "x") { edges { cursor } } }')).toBe(2 + 50 * 3);
    expect(cost('query($n: Int!) { workspaceAuditEvents(workspaceId: "x", first: $n) { edges { cursor } } }')).toBe(2 + MAX_PAGE_SIZE * 3);
  });

  it('declares a bound for every list that is not a page, printed into the schema', () => {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type.name.endsWith('Connection')) continue;
      for (const field of Object.values(type.getFields())) {
        const list = field.type.toString().includes('[') && isCompositeType(getNamedType(field.type));
        if (!list || field.args.some((arg) => arg.name === 'first')) continue;
        const bound = LIST_BOUNDS[`${type.name}.${field.name}`];
        expect({ field: `${type.name}.${field.name}`, bounded: bound !== undefined }).toEqual({ field: `${type.name}.${field.name}`, bounded: true });
        if (!bound.arg) expect(field.description).toContain(`At most ${bound.max} items`);
      }
    }
  });

  it('lets every test operation run at its largest page sizes under the default limit', () => {
    const documents = Object.entries(generated).filter((entry): entry is [string, DocumentNode] => (entry[1] as DocumentNode)?.kind === Kind.DOCUMENT);
    expect(documents.length).toBeGreaterThan(100);
    const refused = documents.flatMap(([name, document]) => (costErrors(schema, atLargestPages(document)).length > 0 ? [name] : []));
    // The loader test's tree (organizations × workspaces × members, unpaginated) is the fan-out the limit
    // exists for: up to 100 × 100 × 500 members. That test raises GRAPHQL_MAX_COST; a page would page it.
    expect(refused).toEqual(['ViewerTreeDocument']);
  });

  it('lets a full page of audit events with every field run under the default limit', () => {
    const event = allFields(schema.getType('AuditEvent') as GraphQLObjectType, 1);
    const pages = [
      `query { workspaceAuditEvents(workspaceId: "x", first: 50) { edges { cursor node { ${event} } } pageInfo { hasNextPage endCursor } } }`,
      `query { organization(id: "x") { auditEvents(first: ${MAX_PAGE_SIZE}) { edges { cursor node { ${event} } } pageInfo { hasNextPage endCursor } } } }`,
    ];
    for (const page of pages) expect(costErrors(schema, parse(page))).toEqual([]);
  });
});

describe('query cost over HTTP', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('refuses a fan-out through organization and workspaces before it runs, with no data', async () => {
    const owner = await createUser(app, 'fanout');
    const organizationId = await createOrganization(app, owner);
    const workspace = await createWorkspace(app, owner, organizationId);
    // 9 levels: workspace → organization → workspaces → organization → … , 15 aliases at the bottom.
    const leaf = Array.from({ length: 15 }, (_, i) => `a${i}: name`).join(' ');
    const fanOut = parse(
      `query FanOut($id: ID!) { workspace(id: $id) { organization { workspaces { organization { workspaces { organization { workspaces { organization { workspaces { ${leaf} } } } } } } } } } }`,
    ) as TypedDocumentNode<unknown, { id: string }>;

    const result = await app.request(fanOut, { id: workspace.id }, { token: owner.token });
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].message).toMatch(new RegExp(`^Cost limit of ${defaultMaxCost} exceeded: this operation costs \\d+`));
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', maxCost: defaultMaxCost });
    const shallow = parse(`query Shallow($id: ID!) { workspace(id: $id) { organization { workspaces { ${leaf} } } } }`) as TypedDocumentNode<{ workspace: { organization: { workspaces: unknown[] } } }, { id: string }>;
    const { workspace: read } = await app.ok(shallow, { id: workspace.id }, { token: owner.token });
    expect(read.organization.workspaces).toHaveLength(1);
  });

  it('keeps an unpaginated list within its declared bound', async () => {
    const user = await createUser(app, 'bounded');
    const { max } = LIST_BOUNDS['Viewer.pushSubscriptions'];
    await app.infra.dataSource.query(
      `INSERT INTO push_subscription (user_id, endpoint, p256dh, auth) SELECT $1::uuid, 'https://push.example/' || $1::text || '/' || n, 'key', 'auth' FROM generate_series(1, $2) AS n`,
      [user.id, max + 1],
    );
    const { viewer } = await app.ok(ViewerPushSubscriptionsDocument, {}, { token: user.token });
    expect(viewer.pushSubscriptions).toHaveLength(max);
  });
});
