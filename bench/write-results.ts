import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const RESULTS = path.join(__dirname, 'results.json');

/** Writes these fields into bench/results.json, keeping what other benches wrote there. */
export function mergeResults(fields: Record<string, unknown>): void {
  const current = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(RESULTS, `${JSON.stringify({ ...current, ...fields }, null, 2)}\n`);
}
