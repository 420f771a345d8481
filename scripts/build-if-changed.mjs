// `npm start` runs this first: compile only when a source changed since the last successful build.
// Directories count too, so a deleted or renamed file triggers a build.
import { execSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const STAMP = 'dist/.build-stamp';
const INPUTS = ['src', 'migrations', 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newestMtime(entry) {
  const stat = statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(entry).reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

const built = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (INPUTS.some((input) => newestMtime(input) > built)) {
  console.log('Sources changed since the last build: building…');
  const started = new Date();
  try {
    execSync('npm run build', { stdio: 'inherit' });
  } catch (error) {
    process.exit(error.status ?? 1); // tsc already printed why
  }
  // Dated when the build started, so a file saved during the build still counts as changed.
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  utimesSync(STAMP, started, started);
} else {
  console.log('dist/ is up to date with the sources: not rebuilding.');
}
