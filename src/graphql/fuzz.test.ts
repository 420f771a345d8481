import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { createTenant } from '../testing/fixtures';
import { fuzzCase, fuzzOperations, mentionsForeign, type FuzzCase } from '../testing/schema-fuzz';
import { TEST_APP_SECRET, postGraphQL, startTestApp, type GraphQLResult, type TestApp } from '../testing/test-app';
import { buildModulesSchema } from '../services';

/**
 * Every mutation, and every query with arguments, fed generated input (valid-looking and hostile) against a
 * production-mode app. `npm run fuzz -- --runs N --seed S` runs longer; a failure prints the seed and the
 * shrunk input that reproduces it.
 */
// Thousands in `npm test`, still well under a minute now that the checksums run only after a logged write.
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** A long run says how far it got: one line per this many inputs. */
const PROGRESS_EVERY = 10_000;
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

/** Columns a request sets as a side effect of being made (session touch, key use): not a change it made. */
const UNWATCHED_KEYS = " - 'last_seen_at' - 'last_used_at' - 'expires_at'";
const WRITES = '#writes';

interface Baseline {
  /** Rows in `fuzz.write_log` when the digests were taken. */
  writes: string;
  digests: Record<string, string>;
}

/**
 * Checksumming every table around every mutation cost two thirds of the fuzz's time, so each watched table
 * gets a trigger that logs, in the writing transaction, every row change the checksums could see: an
 * insert, a delete, a truncate, an update of anything but the unwatched columns. The log is a table, so
 * a rolled-back write leaves no entry, as it leaves no change. Every committed change to a watched table
 * runs these triggers (cascades too; nothing here disables triggers), so an unchanged log count means an
 * unchanged checksum; the checksums are taken only when the count moved, and compared as before.
 */
async function logWrites(database: DataSource, tables: string[]): Promise<void> {
  await database.query(`
    CREATE SCHEMA fuzz;
    CREATE TABLE fuzz.write_log (id bigserial PRIMARY KEY, table_name text NOT NULL, operation text NOT NULL);
    CREATE FUNCTION fuzz.log_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND (to_jsonb(NEW)${UNWATCHED_KEYS}) = (to_jsonb(OLD)${UNWATCHED_KEYS}) THEN RETURN NULL; END IF;
      INSERT INTO fuzz.write_log (table_name, operation) VALUES (TG_TABLE_NAME, TG_OP);
      RETURN NULL;
    END $$;
    ${tables
      .map(
        (name) => `CREATE TRIGGER fuzz_row_write AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION fuzz.log_write();
    CREATE TRIGGER fuzz_truncate AFTER TRUNCATE ON "${name}" FOR EACH STATEMENT EXECUTE FUNCTION fuzz.log_write();`,
      )
      .join('\n    ')}`);
}

describe('fuzz: every operation of the schema, generated input, production mode', () => {
  let app: TestApp;
  let tokens: Record<FuzzCase['caller'], string | undefined>;
  let foreign: Record<string, string[]>;
  let operations: ReturnType<typeof fuzzOperations>;
  let tables: string[];
  let baseline: Baseline;
  let ownOrganization: string;

  beforeAll(async () => {
    // The longest re-authentication window: the owner's session stays recent for a whole long run, as it is
    // in a short one, so an operation needing a recent session reaches the tenant check and the service
    // instead of answering REAUTH_REQUIRED to every input once ten minutes have passed.
    app = await startTestApp({
      ownDatabase: true,
      env: { NODE_ENV: 'production', APP_SECRET: TEST_APP_SECRET, SIGN_IN_LIMIT_PER_IP: '100000', REAUTH_WINDOW_MINUTES: '1440' },
    });
    const [own, other] = [await createTenant(app), await createTenant(app)];
    tokens = { owner: own.owner.token, foreign: other.owner.token, anonymous: undefined };
    foreign = { organizationId: [other.organizationId], workspaceId: [other.workspace.id] };
    ownOrganization = own.organizationId;
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
    await logWrites(app.infra.dataSource, tables);
    baseline = await checksums();
  }, 120_000);
  afterAll(() => app?.stop());

  let arbitrary: fc.Arbitrary<FuzzCase>;

  /** One signature per table, and the write-log count read in the same statement (so the same snapshot). */
  async function checksums(): Promise<Baseline> {
    const row = (name: string) => `hashtext((to_jsonb("${name}")${UNWATCHED_KEYS})::text)::bigint`;
    const sql = [
      `SELECT '${WRITES}' AS name, count(*)::text AS digest FROM fuzz.write_log`,
      ...tables.map((name) => `SELECT '${name}' AS name, count(*) || ':' || coalesce(sum(${row(name)}), 0) AS digest FROM "${name}"`),
    ].join(' UNION ALL ');
    const digests: Array<{ name: string; digest: string }> = await app.infra.dataSource.query(sql);
    const { [WRITES]: writes, ...tableDigests } = Object.fromEntries(digests.map(({ name, digest }) => [name, digest]));
    return { writes, digests: tableDigests };
  }

  async function writes(): Promise<string> {
    const [{ count }]: Array<{ count: string }> = await app.infra.dataSource.query('SELECT count(*)::text AS count FROM fuzz.write_log');
    return count;
  }

  it('logs every change the checksums see, and no touch of an unwatched column', async () => {
    const [database, original] = [app.infra.dataSource, baseline];
    await database.query("UPDATE session SET last_seen_at = last_seen_at + interval '1 second'");
    expect(await checksums()).toEqual(original);
    await database.query("UPDATE organization SET name = name || '.' WHERE id = $1", [ownOrganization]);
    const renamed = await checksums();
    expect(renamed.writes).not.toBe(original.writes);
    expect(renamed.digests).not.toEqual(original.digests);
    await database.query('UPDATE organization SET name = left(name, -1) WHERE id = $1', [ownOrganization]);
    baseline = await checksums();
    expect(baseline.digests).toEqual(original.digests);
  });

  it('answers every input with data or an expected code; a refusal changes nothing; another tenant’s ids are NOT_FOUND', async () => {
    const seen = new Map<string, number>();
    const covered = new Set<string>();
    const started = Date.now();
    let inputs = 0;
    const summary = () =>
      `${inputs} inputs over ${covered.size}/${operations.length} operations in ${Math.round((Date.now() - started) / 1000)} s; answers ${JSON.stringify(Object.fromEntries(seen))}`;
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ operation, variables, caller }) => {
        // The baseline is the state before this request as long as nothing was logged since it was taken.
        if (operation.kind === 'mutation' && (await writes()) !== baseline.writes) baseline = await checksums();
        const result: GraphQLResult<Record<string, unknown>> = await postGraphQL(app.url, { query: operation.query, variables }, { token: tokens[caller] });
        const codes = (result.errors ?? []).map((error) => String(error.extensions?.code));
        for (const code of codes.length ? codes : ['OK']) seen.set(code, (seen.get(code) ?? 0) + 1);
        covered.add(operation.name);
        if (++inputs % PROGRESS_EVERY === 0) process.stdout.write(`fuzz progress: ${summary()}\n`);

        expect(result.status).toBeLessThan(500);
        expect(codes.filter((code) => !EXPECTED_CODES.has(code))).toEqual([]);
        for (const error of result.errors ?? []) {
          if (error.extensions?.code === 'BAD_USER_INPUT') expect(error.extensions.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.any(String) })]));
        }
        const fieldName = operation.name.split('.')[1];
        const refused = result.data?.[fieldName] == null;
        if (operation.kind === 'mutation' && refused && (await writes()) !== baseline.writes) {
          const after = await checksums();
          expect(after.digests).toEqual(baseline.digests);
          baseline = after;
        }
        if (caller === 'owner' && mentionsForeign(variables, foreign)) {
          expect(refused).toBe(true);
          expect(codes).not.toContain('FORBIDDEN');
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    process.stdout.write(`fuzz: ${summary()}\n`);
  }, Math.max(120_000, RUNS * 200));
});
