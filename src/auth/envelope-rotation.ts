import type { DataSource } from 'typeorm';
import { EnvelopeError, type SecretEnvelope } from './secret-envelope';

/** A column holding SecretEnvelope values, and the SQL expression of each row's associated data. */
export interface SealedColumn {
  table: string;
  column: string;
  associatedData: string;
  /** The table's unique row key, `id` unless given. */
  idColumn?: string;
}

export interface RotationProgress {
  table: string;
  resealed: number;
  /** Rows whose value opens with no configured key, or not for its row: left as they are, named, never skipped silently. */
  failed: Array<{ id: string; error: string }>;
}

/**
 * Re-encrypts every value not under the envelope's current key, in batches of `batchSize` rows, each
 * batch its own short statement: the service stays online. Each row is written only if it still holds
 * the value read (a credential rotated meanwhile is already current), and rows already under the current
 * key are skipped, so a run that stops can simply be started again. A value that does not open is
 * reported in `failed` and the run goes on with the others.
 */
export async function rotateEncryptionKey(
  dataSource: DataSource,
  envelope: SecretEnvelope,
  columns: readonly SealedColumn[],
  options: { batchSize?: number; onBatch?: (progress: RotationProgress) => void } = {},
): Promise<RotationProgress[]> {
  const { batchSize = 500 } = options;
  const results: RotationProgress[] = [];
  for (const { table, column, associatedData, idColumn = 'id' } of columns) {
    const progress: RotationProgress = { table, resealed: 0, failed: [] };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: Array<{ id: string; sealed: string; ad: string }> = await dataSource.query(
        `SELECT "${idColumn}" AS id, "${column}" AS sealed, ${associatedData} AS ad FROM "${table}"
          WHERE "${idColumn}" > $1 AND "${column}" IS NOT NULL AND split_part("${column}", '.', 2) <> $2
          ORDER BY "${idColumn}" LIMIT $3`,
        [after, envelope.currentKeyId, batchSize],
      );
      if (rows.length === 0) break;
      const resealed: Array<{ id: string; previous: string; sealed: string }> = [];
      for (const row of rows) {
        try {
          resealed.push({ id: row.id, previous: row.sealed, sealed: envelope.reseal(row.sealed, row.ad) });
        } catch (error) {
          if (!(error instanceof EnvelopeError)) throw error;
          progress.failed.push({ id: row.id, error: error.message });
        }
      }
      const updated: unknown[] = await dataSource.query(
        `UPDATE "${table}" SET "${column}" = next.sealed
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS next(id, previous, sealed)
          WHERE "${table}"."${idColumn}" = next.id AND "${table}"."${column}" = next.previous
          RETURNING "${table}"."${idColumn}"`,
        [resealed.map((row) => row.id), resealed.map((row) => row.previous), resealed.map((row) => row.sealed)],
      );
      progress.resealed += (updated[0] as unknown[] | undefined)?.length ?? 0;
      options.onBatch?.({ ...progress, failed: [...progress.failed] });
      after = rows[rows.length - 1].id;
    }
    results.push(progress);
  }
  return results;
}
