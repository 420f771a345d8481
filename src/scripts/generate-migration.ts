import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDataSource } from '../db/data-source';
import { createDatabase, dropDatabase, resolveScratchServer, scratchDatabaseName } from '../db/database-server';
import { pendingSchemaChanges } from '../db/migrations';

/**
 * `npm run migration:generate -- <Name>`: migrates a scratch database to the committed migrations,
 * diffs it against the entities and writes what is missing as migrations/<timestamp>-<Name>.ts.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error('Usage: npm run migration:generate -- <PascalCaseName>');
  const root = path.resolve(__dirname, '..', '..', '..');
  const server = await resolveScratchServer(process.env, path.join(root, '.data'), (line) => process.stderr.write(`${line}\n`));
  const database = scratchDatabaseName('migration');
  const dataSource = createDataSource({ url: await createDatabase(server.adminUrl, database) });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const { up, down } = await pendingSchemaChanges(dataSource);
    if (up.length === 0) {
      process.stdout.write('Entities and migrations agree: nothing to generate.\n');
      return;
    }
    const timestamp = Date.now();
    const quote = (sql: string) => `    await queryRunner.query(${JSON.stringify(sql)});`;
    const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  async up(queryRunner: QueryRunner): Promise<void> {
${up.map(quote).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${down.reverse().map(quote).join('\n')}
  }
}
`;
    const file = path.join(root, 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(file, source);
    process.stdout.write(`wrote ${file}\n`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropDatabase(server.adminUrl, database);
    await server.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
