import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { Clock } from '../../clock';
import { inTransaction } from '../../db/transaction';
import { DomainError, ErrorCode } from '../../core/errors';
import type { Mailer } from '../../mail/mailer';
import { enqueueInOutbox } from '../../queue/outbox';
import { QueueName, type Queues } from '../../queue/queues';
import { RiskLevel } from '../audit/audit-catalog';
import type { AuditService } from '../audit/audit.service';
import type { WorkspaceService } from '../workspace/workspace.service';
import { AuditDigestEntity } from './audit-digest.entity';
import { DigestJobName, digestJobId, type DigestSendData, type DigestSendNowData } from './audit-digest.jobs';
import { DigestDelivery } from './digest-delivery';
import { DigestFrequency, nextSlot, periodFor } from './digest-schedule';

/** The whole digest setting, replaced at once. */
export interface AuditDigestSettings {
  workspaceId: string;
  enabled: boolean;
  frequency: DigestFrequency;
  /** Only for WEEKLY (0 = Sunday). */
  dayOfWeek?: number | null;
  /** Only for MONTHLY (1–28). */
  dayOfMonth?: number | null;
  hourUTC: number;
  includeRiskLevels: RiskLevel[];
  recipients: string[];
}

export interface AuditDigestServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  audit: AuditService;
  workspaces: WorkspaceService;
  queues: Queues;
  publicUrl: string;
  appUrl: string;
  logger: Logger;
  /** sendAuditDigestNow calls per workspace per hour. */
  sendNowPerHour: number;
}

const TICK_PAGE = 1000;

/** Keeps the first spelling of each address, comparing case-insensitively. */
function dedupeEmails(emails: string[]): string[] {
  const seen = new Set<string>();
  return emails.map((email) => email.trim()).filter((email) => !seen.has(email.toLowerCase()) && seen.add(email.toLowerCase()));
}

const settingsOf = (digest: AuditDigestEntity) => ({
  enabled: digest.enabled,
  frequency: digest.frequency,
  dayOfWeek: digest.dayOfWeek,
  dayOfMonth: digest.dayOfMonth,
  hourUtc: digest.hourUtc,
  includeRiskLevels: digest.includeRiskLevels,
  recipients: digest.recipients,
});

export class AuditDigestService {
  constructor(private readonly deps: AuditDigestServiceDeps) {}

  get(workspaceId: string): Promise<AuditDigestEntity | null> {
    return this.deps.dataSource.getRepository(AuditDigestEntity).findOneBy({ workspaceId });
  }

  /**
   * Replaces the settings. The next slot is recomputed from now only when the schedule or `enabled`
   * changed, so editing recipients never skips or repeats a digest that is about to go out.
   */
  async update(actor: Actor, input: AuditDigestSettings): Promise<AuditDigestEntity> {
    const { dataSource, clock, audit, workspaces } = this.deps;
    const schedule = {
      frequency: input.frequency,
      dayOfWeek: input.frequency === DigestFrequency.WEEKLY ? input.dayOfWeek! : null,
      dayOfMonth: input.frequency === DigestFrequency.MONTHLY ? input.dayOfMonth! : null,
      hourUtc: input.hourUTC,
    };
    const includeRiskLevels = Object.values(RiskLevel).filter((level) => input.includeRiskLevels.includes(level));
    return inTransaction(dataSource, async (manager) => {
      const workspace = await workspaces.lock(manager, input.workspaceId);
      const existing = await manager.findOneBy(AuditDigestEntity, { workspaceId: workspace.id });
      const scheduleChanged =
        !existing || existing.enabled !== input.enabled || (Object.keys(schedule) as Array<keyof typeof schedule>).some((key) => existing[key] !== schedule[key]);
      const digest = manager.create(AuditDigestEntity, {
        ...existing,
        workspaceId: workspace.id,
        enabled: input.enabled,
        ...schedule,
        includeRiskLevels,
        recipients: dedupeEmails(input.recipients),
        nextDueAt: !input.enabled ? null : scheduleChanged ? nextSlot(schedule, clock.now()) : existing.nextDueAt,
      });
      const before = existing ? settingsOf(existing) : null;
      const after = settingsOf(digest);
      if (JSON.stringify(before) === JSON.stringify(after)) return existing!;
      const saved = await manager.save(digest);
      await audit.recordForWorkspace(manager, actor, workspace, {
        action: 'audit_digest.updated',
        target: { type: 'audit_digest', id: workspace.id },
        metadata: { before, after },
      });
      return saved;
    });
  }

  /** Queues the current digest (through the outbox, with its audit event); the schedule is untouched. */
  async requestSendNow(actor: Actor, workspaceId: string): Promise<{ recipients: string[]; requestedAt: Date }> {
    const { dataSource, clock, audit, workspaces } = this.deps;
    const workspace = await workspaces.get(workspaceId);
    return inTransaction(dataSource, async (manager) => {
      const digest = await manager.findOneBy(AuditDigestEntity, { workspaceId });
      if (!digest) throw new DomainError(ErrorCode.CONFLICT, 'Configure the audit digest (recipients and risk levels) before sending it', { reason: 'audit digest not configured' });
      // Each call mails up to 50 outside addresses: counted under the workspace lock so concurrent calls cannot all pass.
      await workspaces.lock(manager, workspaceId);
      await audit.assertRate(manager, { workspaceId }, 'audit_digest.sent_now', this.deps.sendNowPerHour, 3600_000, 'digests sent on demand');
      const requestedAt = clock.now();
      await audit.recordForWorkspace(manager, actor, workspace, {
        action: 'audit_digest.sent_now',
        target: { type: 'audit_digest', id: workspaceId },
        metadata: { recipients: digest.recipients },
      });
      await enqueueInOutbox<DigestSendNowData>(manager, {
        queue: QueueName.Digest,
        name: DigestJobName.SendNow,
        jobId: `digest-now.${randomUUID()}`,
        data: { workspaceId, requestedAt: requestedAt.toISOString() },
      });
      return { recipients: digest.recipients, requestedAt };
    });
  }

  /**
   * Enqueues one job per workspace whose next slot has come by `at`, for its latest slot only: a
   * worker that was down for days sends the most recent period once. Job ids are stable per period,
   * so ticks repeated by restarts or several workers add nothing twice.
   */
  async tick(at: Date = this.deps.clock.now()): Promise<number> {
    const repository = this.deps.dataSource.getRepository(AuditDigestEntity);
    let enqueued = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const due = await repository
        .createQueryBuilder('digest')
        .where('digest.enabled AND digest.nextDueAt <= :at AND digest.workspaceId > :after', { at, after })
        .orderBy('digest.workspaceId')
        .limit(TICK_PAGE)
        .getMany();
      if (due.length === 0) break;
      await this.deps.queues[QueueName.Digest].addBulk(
        due.map((digest) => {
          const periodEnd = periodFor(digest, at).end;
          const data: DigestSendData = { workspaceId: digest.workspaceId, periodEnd: periodEnd.toISOString() };
          return { name: DigestJobName.Send, data, opts: { jobId: digestJobId(digest.workspaceId, periodEnd) } };
        }),
      );
      enqueued += due.length;
      after = due[due.length - 1].workspaceId;
      if (due.length < TICK_PAGE) break;
    }
    if (enqueued > 0) this.deps.logger.info({ at, enqueued }, 'audit digest tick');
    return enqueued;
  }

  delivery(mailer: Mailer): DigestDelivery {
    const { dataSource, clock, publicUrl, appUrl, logger } = this.deps;
    return new DigestDelivery({ dataSource, clock, publicUrl, appUrl, logger }, mailer);
  }
}
