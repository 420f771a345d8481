import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDataSource } from './db/data-source';
import { pendingSchemaChanges, runMigrationsLocked } from './db/migrations';
import { printGatehouseSchema } from './graphql/schema';
import { printOpenApi } from './rest/openapi';
import { buildModulesSchema, collectContributions } from './services';
import { testEnv } from './testing/test-app';

const root = path.resolve(__dirname, '..');

/** Puts the fix above the diff, so a failing run says which command to run. */
function expectFresh(fix: string, actual: unknown, expected: unknown): void {
  try {
    expect(actual).toEqual(expected);
  } catch (error) {
    (error as Error).message = `${fix}\n\n${(error as Error).message}`;
    throw error;
  }
}

describe('committed generated files', () => {
  it('schema.graphql matches the code-first schema', async () => {
    const committed = readFileSync(path.join(root, 'schema.graphql'), 'utf8');
    const built = printGatehouseSchema(await buildModulesSchema());
    expectFresh('schema.graphql is stale: run `npm run schema` and commit it', committed, built);
  });

  it('openapi.json matches the REST routes over that schema', async () => {
    const committed = readFileSync(path.join(root, 'openapi.json'), 'utf8');
    const built = printOpenApi(await buildModulesSchema(), collectContributions().restRoutes);
    expectFresh('openapi.json is stale: run `npm run schema` and commit it', committed, built);
  });

  it('migrations bring a database in line with the entities', async () => {
    const dataSource = createDataSource({ url: testEnv().DATABASE_URL });
    await dataSource.initialize();
    try {
      await runMigrationsLocked(dataSource);
      const { up } = await pendingSchemaChanges(dataSource);
      expectFresh('entities changed without a migration: run `npm run migration:generate -- <PascalCaseName>` and commit it', up, []);
    } finally {
      await dataSource.destroy();
    }
  });

  it('src/testing/generated matches schema.graphql and the .graphql operations', async () => {
    const check = await promisify(execFile)(process.execPath, [path.join(root, 'node_modules', '.bin', 'graphql-codegen'), '--config', 'codegen.ts', '--check'], {
      cwd: root,
    }).then(
      () => 'up to date',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    expectFresh('typed documents are stale: run `npm run codegen` and commit src/testing/generated', check, 'up to date');
  });
});
