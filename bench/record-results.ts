import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILE = path.join(__dirname, 'results.json');

/**
 * Writes `figures` into bench/results.json under `key` (the top level when `key` is null), keeping what
 * other benchmarks wrote there: each run replaces only its own figures.
 */
export function recordResults(key: string | null, figures: Record<string, unknown>): void {
  const current = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown>) : {};
  const next = key === null ? { ...current, ...figures } : { ...current, [key]: figures };
  writeFileSync(FILE, `${JSON.stringify(next, null, 2)}\n`);
}
