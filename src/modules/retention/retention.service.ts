import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';

/** Rows per DELETE: short statements, so retention never holds long locks or one huge transaction. */
export const RETENTION_BATCH = 5000;
const WORKSPACE_PAGE = 500;
const DAY_MS = 86_400_000;

export interface RetentionResult {
  workspaces: number;
  auditEventsDeleted: number;
  /** Notification events, with their deliveries (removed by cascade). */
  notificationEventsDeleted: number;
}

/** Each table that keeps workspace history, with the column its age is measured by (indexed with workspace_id). */
const RETAINED = { audit_event: 'occurred_at', notification_event: 'created_at' } as const;

/**
 * Deletes what each workspace keeps no longer: its audit events and notification events (with their
 * deliveries) older than `dataRetentionDays`, never fewer days than the compliance floor (a floor raised after a workspace
 * chose less wins). Other workspace data with a retention period belongs here as it is built.
 */
export class RetentionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly floorDays: number,
    private readonly logger: Logger,
  ) {}

  async apply(at: Date = this.clock.now()): Promise<RetentionResult> {
    const result: RetentionResult = { workspaces: 0, auditEventsDeleted: 0, notificationEventsDeleted: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page: Array<{ id: string; days: number }> = await this.dataSource.query(
        'SELECT id, GREATEST(data_retention_days, $2) AS days FROM workspace WHERE id > $1 ORDER BY id LIMIT $3',
        [after, this.floorDays, WORKSPACE_PAGE],
      );
      for (const workspace of page) {
        const cutoff = new Date(at.getTime() - workspace.days * DAY_MS);
        result.auditEventsDeleted += await this.deleteOlder('audit_event', workspace.id, cutoff);
        result.notificationEventsDeleted += await this.deleteOlder('notification_event', workspace.id, cutoff);
      }
      result.workspaces += page.length;
      if (page.length < WORKSPACE_PAGE) break;
      after = page[page.length - 1].id;
    }
    this.logger.info({ at, ...result }, 'retention applied');
    return result;
  }

  /** Batches through the table's (workspace_id, time) index; each statement commits on its own. */
  private async deleteOlder(table: keyof typeof RETAINED, workspaceId: string, cutoff: Date): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    try {
      let deleted = 0;
      for (;;) {
        const { affected = 0 } = await runner.query(
          `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE workspace_id = $1 AND ${RETAINED[table]} < $2 LIMIT $3)`,
          [workspaceId, cutoff, RETENTION_BATCH],
          true,
        );
        deleted += affected;
        if (affected < RETENTION_BATCH) return deleted;
      }
    } finally {
      await runner.release();
    }
  }
}
