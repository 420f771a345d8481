import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import globalSetup from '../src/testing/global-setup';
import globalTeardown from '../src/testing/global-teardown';

/**
 * `npm run bench [-- name]`: runs every bench/<name>.bench.ts (or the one named) against a scratch
 * database and Redis prefix, the same way the test suite gets them, and prints what each measures.
 */
async function main(): Promise<void> {
  const only = process.argv[2];
  const files = readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.ts'))
    .filter((file) => !only || file === `${only}.bench.ts`)
    .sort();
  if (files.length === 0) throw new Error(only ? `No bench/${only}.bench.ts` : 'No benchmarks in bench/');
  await globalSetup();
  try {
    for (const file of files) {
      process.stdout.write(`\n== ${file.replace(/\.bench\.ts$/, '')}\n`);
      const bench = (await import(path.join(__dirname, file))) as { run(): Promise<void> };
      await bench.run();
    }
  } finally {
    await globalTeardown();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
