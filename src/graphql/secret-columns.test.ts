import { getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLObjectType } from 'graphql';
import { CreatePersonalApiKeyDocument, CreateProjectDocument, CreateWorkspaceApiKeyDocument, GenerateProjectApiKeyDocument, InviteMemberDocument, RotateAppSecretDocument } from '../testing/generated/graphql';
import { createOrganization, createUser, createWorkspace } from '../testing/fixtures';
import { postGraphQL, startTestApp, uniqueEmail, type TestApp } from '../testing/test-app';
import { buildModulesSchema } from '../services';

/** Columns holding a secret or its hash: a read path never selects them (CONTRIBUTING, "Where SQL lives"). */
const SECRET_COLUMNS = /\b(key_hash|token_hash|password_hash|secret_sealed|previous_secret_sealed|credential)\b|keyHash|tokenHash|passwordHash|secretSealed/;

/** The select list of a statement: from its first top-level SELECT to the FROM at the same depth. */
function selectList(sql: string): string {
  let depth = 0;
  let start = -1;
  for (const match of sql.matchAll(/\(|\)|\bSELECT\b|\bFROM\b/gi)) {
    const word = match[0].toUpperCase();
    if (word === '(') depth++;
    else if (word === ')') depth--;
    else if (depth === 0 && word === 'SELECT' && start < 0) start = match.index + word.length;
    else if (depth === 0 && word === 'FROM' && start >= 0) return sql.slice(start, match.index);
  }
  return start < 0 ? '' : sql.slice(start);
}

/** A selection of every field of `type` that needs no argument, `depth` object levels down. */
function everyField(type: GraphQLObjectType, depth: number): string {
  return Object.values(type.getFields())
    .filter((field) => !field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined))
    .map((field) => {
      const named = getNamedType(field.type);
      if (isLeafType(named)) return field.name;
      if (depth === 0) return '';
      if (!isObjectType(named)) return `${field.name} { __typename }`;
      const inner = everyField(named, depth - 1);
      return inner && `${field.name} { ${inner} }`;
    })
    .filter(Boolean)
    .join(' ');
}

describe('read paths', () => {
  let app: TestApp;
  beforeAll(async () => {
    // The sweep selects every field; only the statements behind it are under test.
    app = await startTestApp({ env: { GRAPHQL_MAX_COST: '100000000', GRAPHQL_MAX_DEPTH: '20' } });
  });
  afterAll(() => app.stop());

  it('select no secret column, whatever a signed-in owner reads', async () => {
    const owner = await createUser(app, 'owner');
    const organizationId = await createOrganization(app, owner);
    const workspace = await createWorkspace(app, owner, organizationId);
    const auth = { token: owner.token };
    // A row of each kind that has a secret, so that every list has something to read.
    await app.ok(CreatePersonalApiKeyDocument, { input: { name: 'ci', expiresInDays: 30 } }, auth);
    await app.ok(CreateWorkspaceApiKeyDocument, { input: { workspaceId: workspace.id, name: 'deploy', scopes: ['workspace:read'] } }, auth);
    await app.ok(RotateAppSecretDocument, {}, auth);
    await app.ok(InviteMemberDocument, { input: { workspaceId: workspace.id, email: uniqueEmail('invitee'), role: 'VIEWER' } }, auth);
    await app.ok(InviteMemberDocument, { input: { organizationId, email: uniqueEmail('org-invitee'), role: 'MEMBER' } }, auth);
    const { createProject } = await app.ok(CreateProjectDocument, { input: { workspaceId: workspace.id, name: 'Tracing' } }, auth);
    await app.ok(GenerateProjectApiKeyDocument, { input: { projectId: createProject.project.id } }, auth);

    const schema = await buildModulesSchema();
    const root = (name: string) => getNamedType(schema.getQueryType()!.getFields()[name].type) as GraphQLObjectType;
    const query = `query Sweep($organizationId: ID!, $workspaceId: ID!, $projectId: ID!) {
      viewer { ${everyField(root('viewer'), 3)} }
      organization(id: $organizationId) { ${everyField(root('organization'), 2)} }
      workspace(id: $workspaceId) { ${everyField(root('workspace'), 2)} }
      project(id: $projectId) { ${everyField(root('project'), 2)} }
    }`;
    app.queries.record();
    const result = await postGraphQL<{ viewer: { personalApiKeys: unknown[]; sessions: unknown[] }; workspace: { apiKeys: unknown[]; invitations: { edges: unknown[] } } }>(
      app.url,
      { query, variables: { organizationId, workspaceId: workspace.id, projectId: createProject.project.id } },
      auth,
    );

    // The sweep read the lists that hold secrets, so their statements are among the ones checked.
    expect(result.data?.viewer.personalApiKeys).toHaveLength(1);
    expect(result.data?.viewer.sessions).toHaveLength(1);
    expect(result.data?.workspace.apiKeys).toHaveLength(1);
    expect(result.data?.workspace.invitations.edges).toHaveLength(1);
    const reads = app.queries.texts!.filter((sql) => /^\s*(WITH|SELECT)\b/i.test(sql));
    expect(reads.length).toBeGreaterThan(10);
    const offending = reads.filter((sql) => SECRET_COLUMNS.test(selectList(sql)) || /(^|[\s,.])\*\s*(,|$)/.test(selectList(sql)));
    expect(offending).toEqual([]);
  });

  it('are found by the select-list check when they do select a secret', () => {
    // The check above would pass vacuously if it never matched: these are the shapes it must catch.
    expect(SECRET_COLUMNS.test(selectList('SELECT "k"."id" AS "k_id", "k"."key_hash" AS "k_key_hash" FROM "api_key" "k" WHERE "k"."id" = $1'))).toBe(true);
    expect(SECRET_COLUMNS.test(selectList('SELECT "s"."id" FROM "session" "s" WHERE "s"."token_hash" = $1'))).toBe(false);
    expect(SECRET_COLUMNS.test(selectList('SELECT m."credential_last4", (SELECT 1 FROM x WHERE y) AS z FROM model_integration m'))).toBe(false);
    expect(SECRET_COLUMNS.test(selectList('SELECT m."credential" FROM model_integration m'))).toBe(true);
  });
});
