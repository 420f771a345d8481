import { encodeCursor } from '../core/pagination';
import { createTenant } from '../testing/fixtures';
import { TEST_APP_SECRET, errorCode, errorFields, postGraphQL, startTestApp, type GraphQLResult, type TestApp } from '../testing/test-app';
import { ArgumentValidationError } from 'type-graphql';
import { createErrorFormatter } from './errors';

/** Hostile and odd input answered as the caller's mistake, never as an internal error, in production mode. */
describe('hostile input in production', () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    app = await startTestApp({ env: { NODE_ENV: 'production', APP_SECRET: TEST_APP_SECRET } });
    tenant = await createTenant(app);
  });
  afterAll(() => app.stop());

  const send = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token: string | undefined = tenant.owner.token): Promise<GraphQLResult<T>> =>
    postGraphQL<T>(app.url, { query, variables }, { token });

  const organizationName = async (): Promise<string> => {
    const [row] = await app.infra.dataSource.query('SELECT name FROM organization WHERE id = $1', [tenant.organizationId]);
    return row.name;
  };

  const AUDIT_LISTS = {
    workspaceAuditEvents: 'query($w: ID!, $f: AuditEventFilter, $a: String) { workspaceAuditEvents(workspaceId: $w, filter: $f, after: $a) { edges { node { id } } } }',
    'Workspace.auditEvents': 'query($w: ID!, $f: AuditEventFilter, $a: String) { workspace(id: $w) { auditEvents(filter: $f, after: $a) { edges { node { id } } } } }',
    'Organization.auditEvents': 'query($o: ID!, $f: AuditEventFilter, $a: String) { organization(id: $o) { auditEvents(filter: $f, after: $a) { edges { node { id } } } } }',
  };

  it.each(Object.entries(AUDIT_LISTS))('%s: a null filter (variable or literal) means no filter', async (_name, query) => {
    const ids = { w: tenant.workspace.id, o: tenant.organizationId };
    const unfiltered = await send(query, ids);
    const byVariable = await send(query, { ...ids, f: null });
    const byLiteral = await send(query.replace('$f: AuditEventFilter, ', '').replace('filter: $f', 'filter: null'), ids);
    expect(errorCode(unfiltered)).toBe('OK');
    expect(byVariable).toEqual(unfiltered);
    expect(byLiteral).toEqual(unfiltered);
  });

  it('refuses a cursor whose id is not a uuid (or that is not a cursor) as BAD_USER_INPUT naming `after`, on every paginated list', async () => {
    const lists = [
      ...Object.values(AUDIT_LISTS),
      'query($w: ID!, $a: String) { workspace(id: $w) { invitations(after: $a) { edges { cursor } } } }',
      'query($o: ID!, $a: String) { organization(id: $o) { invitations(after: $a) { edges { cursor } } } }',
    ];
    const cursors = [
      Buffer.from(`${new Date().toISOString()}|not-a-uuid`).toString('base64url'),
      Buffer.from(`${new Date().toISOString()}|0b0e6f1a-6b1e-4b5e-9d7c-2f1f0e3a5b6c|extra`).toString('base64url'),
      Buffer.from('1|0b0e6f1a-6b1e-4b5e-9d7c-2f1f0e3a5b6c').toString('base64url'),
      '%%%',
    ];
    for (const query of lists) {
      for (const after of cursors) {
        const result = await send(query, { w: tenant.workspace.id, o: tenant.organizationId, a: after });
        expect([query, after, errorCode(result), errorFields(result)]).toEqual([query, after, 'BAD_USER_INPUT', ['after']]);
      }
    }
    const genuine = encodeCursor(new Date(), '0b0e6f1a-6b1e-4b5e-9d7c-2f1f0e3a5b6c');
    expect(errorCode(await send(AUDIT_LISTS.workspaceAuditEvents, { w: tenant.workspace.id, a: genuine }))).toBe('OK');
  });

  it('refuses NUL and lone surrogates in any text argument, literal or variable, naming the field, and changes nothing', async () => {
    const before = await organizationName();
    const update = 'mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { name } } }';
    for (const bad of ['a\u0000b', 'a\ud800b', '\udc00', 'x'.repeat(5) + '\ud83d']) {
      const result = await send(update, { input: { organizationId: tenant.organizationId, name: bad } });
      expect(result.status).toBe(400);
      expect([errorCode(result), errorFields(result)]).toEqual(['BAD_USER_INPUT', ['name']]);
    }
    // An email (whose validator used to throw on a lone surrogate), a literal, a nested list item, and a query argument.
    const email = await send('mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { viewer { id } } }', { input: { email: 'a\ud800b@example.com' } });
    expect([errorCode(email), errorFields(email)]).toEqual(['BAD_USER_INPUT', ['email']]);
    const literal = await send(`mutation { updateProfile(input: { name: "a\\u0000b" }) { viewer { id } } }`);
    expect([errorCode(literal), errorFields(literal)]).toEqual(['BAD_USER_INPUT', ['name']]);
    const listed = await send(AUDIT_LISTS.workspaceAuditEvents, { w: tenant.workspace.id, f: { actions: ['ok', 'b\u0000d'] } });
    expect([errorCode(listed), errorFields(listed)]).toEqual(['BAD_USER_INPUT', ['filter.actions.1']]);
    const verify = await send('query($k: String!) { verifyApiKey(key: $k) { valid } }', { k: 'gh_\u0000' });
    expect([errorCode(verify), errorFields(verify)]).toEqual(['BAD_USER_INPUT', ['key']]);
    expect(await organizationName()).toBe(before);
    // A well-formed pair (an emoji) is text like any other.
    const emoji = await send(update, { input: { organizationId: tenant.organizationId, name: 'Acme 🚀' } });
    expect(errorCode(emoji)).toBe('OK');
  });

  it('gives explicit null on optional fields the meaning its description states', async () => {
    const update = 'mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { name description } } }';
    await send(update, { input: { organizationId: tenant.organizationId, name: 'Named', description: 'Described' } });
    const cleared = await send<{ updateOrganization: { organization: { name: string; description: string } } }>(update, {
      input: { organizationId: tenant.organizationId, name: null, description: null },
    });
    expect(cleared.data?.updateOrganization.organization).toEqual({ name: 'Named', description: '' });

    const profile = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { viewer { name email } } }';
    const nothing = await send(profile, { input: { name: null, email: null } });
    expect([errorCode(nothing), errorFields(nothing)]).toEqual(['BAD_USER_INPUT', ['input']]);
    const renamed = await send<{ updateProfile: { viewer: { name: string; email: string } } }>(profile, { input: { name: 'Renamed', email: null } });
    expect(renamed.data?.updateProfile.viewer).toEqual({ name: 'Renamed', email: tenant.owner.email });

    const workspace = 'mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { workspace { name description seatLimit dataRetentionDays } } }';
    const unchanged = await send<{ updateWorkspace: { workspace: Record<string, unknown> } }>(workspace, {
      input: { workspaceId: tenant.workspace.id, name: null, slug: null, region: null, seatLimit: null, dataRetentionDays: null, confirm: null, description: null },
    });
    expect(unchanged.data?.updateWorkspace.workspace).toEqual({ name: 'Workspace', description: '', seatLimit: 50, dataRetentionDays: 90 });

    const options = await send('mutation { passkeyAuthenticationOptions(input: { email: null }) { options } }', undefined, undefined);
    expect(errorCode(options)).toBe('OK');
  });

  it('answers caller errors graphql-js and Apollo raise without a code as BAD_USER_INPUT or BAD_REQUEST', async () => {
    const firstNull = await send('query($w: ID!, $n: Int) { workspaceAuditEvents(workspaceId: $w, first: $n) { edges { cursor } } }', { w: tenant.workspace.id, n: null });
    expect([errorCode(firstNull), errorFields(firstNull)]).toEqual(['BAD_USER_INPUT', ['first']]);

    const tooMany = await send(`{ ${Array.from({ length: 120 }, (_, index) => `x${index}`).join(' ')} }`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.errors?.map((error) => error.extensions?.code).filter((code) => code === 'INTERNAL_SERVER_ERROR')).toEqual([]);
    expect(tooMany.errors?.at(-1)?.message).toMatch(/Too many validation errors/);

    const wrongHash = await postGraphQL(app.url, { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect([wrongHash.status, errorCode(wrongHash)]).toEqual([400, 'BAD_REQUEST']);
  });

  it('answers any syntax error with HTTP 400, the token limit included', async () => {
    for (const query of ['{', '}', 'query {{', `{ ${'__typename '.repeat(5000)} }`]) {
      const result = await postGraphQL(app.url, { query });
      expect([query.slice(0, 10), result.status, errorCode(result)]).toEqual([query.slice(0, 10), 400, 'GRAPHQL_PARSE_FAILED']);
    }
  });

  it('names the field inside `input` when a variable cannot be coerced', async () => {
    const result = await send('mutation($input: CreatePersonalApiKeyInput!) { createPersonalApiKey(input: $input) { key } }', { input: { name: 'k', expiresInDays: 'soon' } });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'expiresInDays', message: expect.stringMatching(/Int cannot represent/) }] });
  });
});

describe('error formatter', () => {
  const format = createErrorFormatter({ exposeInternals: false });

  it('never throws, whatever it is given', () => {
    const odd: unknown[] = [undefined, null, 42, 'text', {}, new Error('x'), new ArgumentValidationError('not an array' as never), Object.create(null)];
    for (const raw of odd) {
      for (const formatted of [{ message: 'm' }, { message: 'm', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, {} as { message: string }]) {
        expect(() => format(formatted, raw)).not.toThrow();
        expect(format(formatted, raw).extensions?.code).toEqual(expect.any(String));
      }
    }
  });
});
