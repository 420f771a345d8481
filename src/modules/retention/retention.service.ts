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
  /** Expired or signed-out sessions, expired or used reset tokens, invitations past their expiry. */
  credentialsPurged: { sessions: number; resetTokens: number; invitations: number };
}

/** What nothing can use any more: kept only until the daily run, never read again. */
const PURGES = {
  sessions: 'DELETE FROM session WHERE id IN (SELECT id FROM session WHERE expires_at < $1 OR revoked_at < $1 LIMIT $2)',
  resetTokens: 'DELETE FROM password_reset_token WHERE id IN (SELECT id FROM password_reset_token WHERE expires_at < $1 OR used_at < $1 LIMIT $2)',
  // Only pending ones (EXPIRED is a pending row past its time); accepted and revoked invitations stay listed.
  invitations: "DELETE FROM invitation WHERE id IN (SELECT id FROM invitation WHERE status = 'PENDING' AND expires_at < $1 LIMIT $2)",
} as const;

/**
 * Deletes what each workspace keeps no longer: today its audit events older than
 * `dataRetentionDays`, never fewer days than the compliance floor (a floor raised after a workspace
 * chose less wins). Other workspace data with a retention period belongs here as it is built, and so
 * do credentials past use: expired sessions, reset tokens and invitations.
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
    const result: RetentionResult = { workspaces: 0, auditEventsDeleted: 0, credentialsPurged: { sessions: 0, resetTokens: 0, invitations: 0 } };
    for (const [kind, sql] of Object.entries(PURGES) as Array<[keyof typeof PURGES, string]>) result.credentialsPurged[kind] = await this.purge(sql, at);
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

  /** One purge statement, RETENTION_BATCH rows at a time, each committing on its own. */
  private async purge(sql: string, at: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      const [, affected] = (await this.dataSource.query(sql, [at, RETENTION_BATCH])) as [unknown, number];
      deleted += affected;
      if (affected < RETENTION_BATCH) return deleted;
    }
  }
}
