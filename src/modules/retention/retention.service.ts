import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';
import type { AuditService } from '../audit/audit.service';

/** Rows per DELETE: short statements, so retention never holds long locks or one huge transaction. */
export const RETENTION_BATCH = 5000;
const WORKSPACE_PAGE = 500;
const DAY_MS = 86_400_000;

export interface RetentionResult {
  workspaces: number;
  auditEventsDeleted: number;
}

/**
 * Deletes what each workspace keeps no longer: today its audit events older than
 * `dataRetentionDays`, never fewer days than the compliance floor (a floor raised after a workspace
 * chose less wins). Other workspace data with a retention period belongs here as it is built.
 */
export class RetentionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly floorDays: number,
    private readonly logger: Logger,
  ) {}

  async apply(at: Date = this.clock.now()): Promise<RetentionResult> {
    const result: RetentionResult = { workspaces: 0, auditEventsDeleted: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page: Array<{ id: string; days: number }> = await this.dataSource.query(
        'SELECT id, GREATEST(data_retention_days, $2) AS days FROM workspace WHERE id > $1 ORDER BY id LIMIT $3',
        [after, this.floorDays, WORKSPACE_PAGE],
      );
      for (const workspace of page) {
        result.auditEventsDeleted += await this.audit.deleteOlderThan(workspace.id, new Date(at.getTime() - workspace.days * DAY_MS), RETENTION_BATCH);
      }
      result.workspaces += page.length;
      if (page.length < WORKSPACE_PAGE) break;
      after = page[page.length - 1].id;
    }
    this.logger.info({ at, ...result }, 'retention applied');
    return result;
  }
}
