import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in one transaction. Services write their change, its audit event and any outbox row
 * through the same manager, so they commit or roll back together.
 */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction('READ COMMITTED', work);
}
