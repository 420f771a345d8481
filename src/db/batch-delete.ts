import type { DataSource } from 'typeorm';

/**
 * Runs a `DELETE … WHERE id IN (SELECT … LIMIT $n)` until it deletes fewer than `batch` rows, each
 * statement committing on its own: short locks, never one huge transaction. `params` fill $1…; the
 * batch size is the last parameter. Only the module that owns the table calls this.
 */
export async function deleteInBatches(dataSource: DataSource, sql: string, params: unknown[], batch: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const [, affected] = (await dataSource.query(sql, [...params, batch])) as [unknown, number];
    deleted += affected;
    if (affected < batch) return deleted;
  }
}

/** Rows of `table` whose `ownerColumn` is `ownerId` and whose `timeColumn` is before `cutoff`, through the table's (owner, time) index. */
export function deleteOlderInBatches(dataSource: DataSource, table: string, timeColumn: string, workspaceId: string, cutoff: Date, batch: number, ownerColumn = 'workspace_id'): Promise<number> {
  return deleteInBatches(dataSource, `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${ownerColumn} = $1 AND ${timeColumn} < $2 LIMIT $3)`, [workspaceId, cutoff], batch);
}
