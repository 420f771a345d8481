import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import { inTransaction } from '../../db/transaction';
import type { Mailer } from '../../mail/mailer';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { AuditDigestPeriodEntity, DigestPeriodStatus } from './audit-digest-period.entity';
import { AuditDigestEntity } from './audit-digest.entity';
import { renderAuditDigest, type AuditDigestMailData } from './audit-digest.mail';
import { loadDigestReport } from './digest-report';
import { isSlot, latestSlot, nextSlot, periodEndingAt } from './digest-schedule';

export type DeliveryOutcome = 'sent' | 'already-sent' | 'skipped';

export interface DigestDeliveryDeps {
  dataSource: DataSource;
  clock: Clock;
  /** Message-IDs are on its host. */
  publicUrl: string;
  /** The front end the audit-log link opens. */
  appUrl: string;
  logger: Logger;
}

/**
 * Builds and mails digests. Scheduled ones go out exactly once per period, as far as SMTP allows:
 *
 * 1. Claim: a committed marker row (workspace, slot) with status SENDING and an attempt count.
 *    A SENT marker ends the job here.
 * 2. In one transaction holding the marker's row lock: re-check SENT, aggregate, send, and only
 *    after the SMTP server accepted the message mark it SENT and set lastSentAt; commit.
 *
 * A second worker on the same period blocks on the row lock and then sees SENT. A worker killed
 * mid-send loses its connection, PostgreSQL rolls its transaction back and frees the lock; the
 * BullMQ retry finds the marker still SENDING and sends. The one window this cannot close is a
 * crash after the SMTP server accepted the message and before COMMIT: the retry sends a second
 * copy (at-least-once there, never zero), with the same Message-ID so mail systems can fold them.
 */
export class DigestDelivery {
  private readonly mailDomain: string;

  constructor(
    private readonly deps: DigestDeliveryDeps,
    private readonly mailer: Mailer,
  ) {
    this.mailDomain = new URL(deps.publicUrl).hostname;
  }

  async sendScheduled(workspaceId: string, periodEnd: Date): Promise<DeliveryOutcome> {
    const { dataSource, clock, logger } = this.deps;
    const settings = await dataSource.getRepository(AuditDigestEntity).findOneBy({ workspaceId });
    // Disabled or rescheduled after the tick enqueued this slot: the current settings decide.
    if (!settings?.enabled || !isSlot(settings, periodEnd)) return 'skipped';
    const period = periodEndingAt(settings, periodEnd);

    const claimed: Array<{ attempts: number }> = await dataSource.query(
      `INSERT INTO audit_digest_period (workspace_id, period_start, period_end, status, attempts, claimed_at)
       VALUES ($1, $2, $3, 'SENDING', 1, $4)
       ON CONFLICT ON CONSTRAINT audit_digest_period_slot_key DO UPDATE
         SET attempts = audit_digest_period.attempts + 1, claimed_at = EXCLUDED.claimed_at
         WHERE audit_digest_period.status = 'SENDING'
       RETURNING attempts`,
      [workspaceId, period.start, period.end, clock.now()],
    );
    if (claimed.length === 0) return 'already-sent';
    if (claimed[0].attempts > 1) logger.warn({ workspaceId, periodEnd, attempts: claimed[0].attempts }, 'audit digest: an earlier attempt at this period did not finish; sending it again');

    return inTransaction(dataSource, async (manager) => {
      const marker = await manager.findOne(AuditDigestPeriodEntity, { where: { workspaceId, periodEnd }, lock: { mode: 'pessimistic_write' } });
      if (!marker || marker.status === DigestPeriodStatus.SENT) return 'already-sent';
      // Since the last digest sent: a catch-up after missed periods covers them too.
      const from = (await this.lastCoveredEnd(manager, workspaceId, periodEnd, false)) ?? period.start;
      const { messageId } = await this.deliver(manager, settings, from, periodEnd, false, `digest.${workspaceId}.${periodEnd.getTime()}`);
      const sentAt = clock.now();
      await manager.update(AuditDigestPeriodEntity, { id: marker.id }, { status: DigestPeriodStatus.SENT, sentAt, coveredFrom: from, messageId });
      await manager.query(
        `UPDATE audit_digest SET last_sent_at = $2, next_due_at = CASE WHEN enabled AND next_due_at <= $3 THEN $4 ELSE next_due_at END WHERE workspace_id = $1`,
        [workspaceId, sentAt, periodEnd, nextSlot(settings, periodEnd)],
      );
      return 'sent';
    });
  }

  /**
   * The digest so far: from the end of the last scheduled digest (else the current period's start)
   * to the request. No marker, lastSentAt or next slot changes, so the next scheduled digest still
   * covers its whole period. A retry after an SMTP failure may send it again.
   */
  async sendNow(workspaceId: string, requestedAt: Date): Promise<DeliveryOutcome> {
    const { dataSource } = this.deps;
    const settings = await dataSource.getRepository(AuditDigestEntity).findOneBy({ workspaceId });
    if (!settings) return 'skipped';
    const from = (await this.lastCoveredEnd(dataSource.manager, workspaceId, requestedAt, true)) ?? latestSlot(settings, requestedAt);
    await this.deliver(dataSource.manager, settings, from, requestedAt, true, `digest-now.${workspaceId}.${requestedAt.getTime()}`);
    return 'sent';
  }

  private async lastCoveredEnd(manager: EntityManager, workspaceId: string, before: Date, inclusive: boolean): Promise<Date | null> {
    const [row]: Array<{ end: Date | null }> = await manager.query(
      `SELECT max(period_end) AS end FROM audit_digest_period WHERE workspace_id = $1 AND status = 'SENT' AND period_end ${inclusive ? '<=' : '<'} $2`,
      [workspaceId, before],
    );
    return row.end;
  }

  private async deliver(manager: EntityManager, settings: AuditDigestEntity, from: Date, to: Date, onRequest: boolean, messageKey: string): Promise<{ messageId: string }> {
    const workspace = await manager.findOneByOrFail(WorkspaceEntity, { id: settings.workspaceId });
    const report = await loadDigestReport(manager, { workspaceId: workspace.id, riskLevels: settings.includeRiskLevels, from, to });
    const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
    const data: AuditDigestMailData = {
      workspaceName: workspace.name,
      from: from.toISOString(),
      to: to.toISOString(),
      riskLevels: settings.includeRiskLevels,
      report,
      auditLogUrl: `${this.deps.appUrl}/workspaces/${workspace.id}/audit-log?${query}`,
      onRequest,
    };
    const rendered = renderAuditDigest(data as unknown as Record<string, unknown>);
    return this.mailer.send({ to: settings.recipients, messageId: `<${messageKey}@${this.mailDomain}>`, ...rendered });
  }
}
