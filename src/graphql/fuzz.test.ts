import fc from 'fast-check';
import { createTenant } from '../testing/fixtures';
import { fuzzCase, fuzzOperations, mentionsForeign, type FuzzCase } from '../testing/schema-fuzz';
import { TEST_APP_SECRET, postGraphQL, startTestApp, type GraphQLResult, type TestApp } from '../testing/test-app';
import { buildModulesSchema } from '../services';

/**
 * Every mutation, and every query with arguments, fed generated input (valid-looking and hostile) against a
 * production-mode app. `npm run fuzz -- --runs N --seed S` runs longer; a failure prints the seed and the
 * shrunk input that reproduces it.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 800);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

/** Codes that are an answer to the caller; anything else (INTERNAL_SERVER_ERROR first) is a defect. */
const EXPECTED_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
]);

/** Usage metering counts requests in memory and writes them on a timer: a write no single request made. */
const TIMER_WRITTEN = new Set(['usage_active_member', 'usage_rollup']);

describe('fuzz: every operation of the schema, generated input, production mode', () => {
  let app: TestApp;
  let tokens: Record<FuzzCase['caller'], string | undefined>;
  let foreign: Record<string, string[]>;
  let operations: ReturnType<typeof fuzzOperations>;
  let tables: string[];

  beforeAll(async () => {
    app = await startTestApp({ ownDatabase: true, env: { NODE_ENV: 'production', APP_SECRET: TEST_APP_SECRET, SIGN_IN_LIMIT_PER_IP: '100000' } });
    const [own, other] = [await createTenant(app), await createTenant(app)];
    tokens = { owner: own.owner.token, foreign: other.owner.token, anonymous: undefined };
    foreign = { organizationId: [other.organizationId], workspaceId: [other.workspace.id] };
    const pool = {
      own: [own.organizationId, own.workspace.id, own.owner.id, own.admin.id, own.editor.id, own.viewer.id, own.outsider.id],
      foreign: [other.organizationId, other.workspace.id, other.owner.id],
    };
    operations = fuzzOperations(await buildModulesSchema());
    arbitrary = fuzzCase(operations, pool);
    const rows: Array<{ table_name: string }> = await app.infra.dataSource.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'typeorm_migrations' ORDER BY 1",
    );
    tables = rows.map((row) => row.table_name).filter((table) => !TIMER_WRITTEN.has(table));
  }, 120_000);
  afterAll(() => app?.stop());

  let arbitrary: fc.Arbitrary<FuzzCase>;

  /** One signature per table; times a request sets as a side effect of being made (session touch, key use) are left out. */
  async function checksums(): Promise<Record<string, string>> {
    const row = (name: string) => `hashtext((to_jsonb("${name}") - 'last_seen_at' - 'last_used_at' - 'expires_at')::text)::bigint`;
    const sql = tables.map((name) => `SELECT '${name}' AS name, count(*) || ':' || coalesce(sum(${row(name)}), 0) AS digest FROM "${name}"`).join(' UNION ALL ');
    const digests: Array<{ name: string; digest: string }> = await app.infra.dataSource.query(sql);
    return Object.fromEntries(digests.map(({ name, digest }) => [name, digest]));
  }

  it('answers every input with data or an expected code; a refusal changes nothing; another tenant’s ids are NOT_FOUND', async () => {
    const seen = new Map<string, number>();
    const covered = new Set<string>();
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ operation, variables, caller }) => {
        const before = operation.kind === 'mutation' ? await checksums() : undefined;
        const result: GraphQLResult<Record<string, unknown>> = await postGraphQL(app.url, { query: operation.query, variables }, { token: tokens[caller] });
        const codes = (result.errors ?? []).map((error) => String(error.extensions?.code));
        for (const code of codes.length ? codes : ['OK']) seen.set(code, (seen.get(code) ?? 0) + 1);
        covered.add(operation.name);

        expect(result.status).toBeLessThan(500);
        expect(codes.filter((code) => !EXPECTED_CODES.has(code))).toEqual([]);
        for (const error of result.errors ?? []) {
          if (error.extensions?.code === 'BAD_USER_INPUT') expect(error.extensions.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.any(String) })]));
        }
        const fieldName = operation.name.split('.')[1];
        const refused = result.data?.[fieldName] == null;
        if (before && refused) expect(await checksums()).toEqual(before);
        if (caller === 'owner' && mentionsForeign(variables, foreign)) {
          expect(refused).toBe(true);
          expect(codes).not.toContain('FORBIDDEN');
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    process.stdout.write(`fuzz: ${RUNS} inputs over ${covered.size}/${operations.length} operations; answers ${JSON.stringify(Object.fromEntries(seen))}\n`);
  }, Math.max(120_000, RUNS * 200));
});
