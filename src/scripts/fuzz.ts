import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

/**
 * `npm run fuzz -- --runs 100000 --seed 42`: the fuzz test of `npm test`, longer. On a failure fast-check
 * prints the seed and the shrunk input; pass that seed back to reproduce it.
 */
const { values } = parseArgs({ options: { runs: { type: 'string', default: '20000' }, seed: { type: 'string' } } });
for (const [name, value] of Object.entries(values)) {
  if (value !== undefined && !/^-?\d+$/.test(value)) {
    process.stderr.write(`--${name} must be an integer (got "${value}")\n`);
    process.exit(2);
  }
}
const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), 'src/graphql/fuzz.test.ts', '--testTimeout', '600000'], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: values.runs, ...(values.seed === undefined ? {} : { FUZZ_SEED: values.seed }) },
});
process.exit(result.status ?? 1);
