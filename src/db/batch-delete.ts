import type { DataSource } from 'typeorm';

/**
 * Deletes a workspace's rows of `table` whose `timeColumn` is before `cutoff`, `batch` rows per
 * statement through the table's (workspace_id, time) index, each statement committing on its own:
 * short locks, never one huge transaction. Only the module that owns the table calls this.
 */
export async function deleteOlderInBatches(dataSource: DataSource, table: string, timeColumn: string, workspaceId: string, cutoff: Date, batch: number): Promise<number> {
  const runner = dataSource.createQueryRunner();
  try {
    let deleted = 0;
    for (;;) {
      const { affected = 0 } = await runner.query(
        `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE workspace_id = $1 AND ${timeColumn} < $2 LIMIT $3)`,
        [workspaceId, cutoff, batch],
        true,
      );
      deleted += affected;
      if (affected < batch) return deleted;
    }
  } finally {
    await runner.release();
  }
}
