import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { Clock } from '../../clock';
import { DomainError, ErrorCode } from '../../core/errors';
import { decodeCursor, encodeCursor, toConnection, type Connection } from '../../core/pagination';
import { UserEntity } from '../identity/user.entity';
import { AUDIT_CATALOG, type AuditAction } from './audit-catalog';
import { AuditActorDisplayEntity } from './audit-actor-display.entity';
import { ActorType, AuditEventEntity } from './audit-event.entity';
import type { AuditEvent } from './audit.types';

export interface AuditRecord {
  organizationId: string | null;
  workspaceId?: string | null;
  projectId?: string | null;
  action: AuditAction;
  target: { type: string; id: string | null };
  metadata?: Record<string, unknown>;
}

/** Which events a list returns; every part optional, and a null part is no filter. */
export interface AuditFilter {
  actions?: string[] | null;
  actorId?: string | null;
  riskLevels?: string[] | null;
  from?: Date | null;
  to?: Date | null;
}

/** How an API key acting is named in the events it writes (the key module knows its keys). */
export type KeyDisplayName = (manager: EntityManager, keyId: string) => Promise<string | null>;

/** A workspace's events, an organization's, or a person's account events (no organization: passkeys, keys, password, email). */
export type AuditScope = { organizationId: string } | { workspaceId: string } | { accountOf: string };

type EventRow = AuditEventEntity & { display?: AuditActorDisplayEntity | null };

export function toAuditEvent(row: EventRow): AuditEvent {
  return {
    id: row.id,
    occurredAt: row.occurredAt,
    organizationId: row.organizationId,
    workspaceId: row.workspaceId,
    projectId: row.projectId,
    action: row.action,
    riskLevel: row.riskLevel,
    actor: { type: row.actorType, id: row.actorId, name: row.display?.name ?? null, email: row.display?.email ?? null },
    target: { type: row.targetType, id: row.targetId },
    metadata: row.metadata as Record<string, unknown>,
    ip: row.ip,
    userAgent: row.userAgent,
  };
}

export class AuditService {
  private keyDisplayName: KeyDisplayName = async () => null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Set by the API-key module, which this module does not import. */
  describeKeysWith(describe: KeyDisplayName): void {
    this.keyDisplayName = describe;
  }

  /** Writes one event in the caller's transaction, so it exists exactly when the change does. */
  async record(manager: EntityManager, actor: Actor | null, record: AuditRecord): Promise<AuditEventEntity> {
    const { actorType, actorId, display } = await this.describe(manager, actor);
    const event = await manager.save(
      manager.create(AuditEventEntity, {
        occurredAt: this.clock.now(),
        organizationId: record.organizationId,
        workspaceId: record.workspaceId ?? null,
        projectId: record.projectId ?? null,
        actorType,
        actorId,
        action: record.action,
        riskLevel: AUDIT_CATALOG[record.action],
        targetType: record.target.type,
        targetId: record.target.id,
        metadata: record.metadata ?? {},
        ip: actor?.ip ?? null,
        userAgent: actor?.userAgent ?? null,
      }),
    );
    if (display) await manager.insert(AuditActorDisplayEntity, { eventId: event.id, ...display });
    return event;
  }

  /** `record` for an event of a workspace: its organization and workspace ids come from the workspace. */
  recordForWorkspace(
    manager: EntityManager,
    actor: Actor | null,
    workspace: { id: string; organizationId: string },
    event: Omit<AuditRecord, 'organizationId' | 'workspaceId'>,
  ): Promise<AuditEventEntity> {
    return this.record(manager, actor, { ...event, organizationId: workspace.organizationId, workspaceId: workspace.id });
  }

  private async describe(manager: EntityManager, actor: Actor | null): Promise<{ actorType: ActorType; actorId: string | null; display?: { name: string; email: string | null } }> {
    const principal = actor?.principal;
    if (!principal) return { actorType: ActorType.SYSTEM, actorId: null };
    if (principal.type === 'user') {
      const user = await manager.findOne(UserEntity, { where: { id: principal.userId }, select: { name: true, email: true } });
      return { actorType: ActorType.USER, actorId: principal.userId, display: user ? { name: user.name, email: user.email } : undefined };
    }
    // The key's name and masked value as they are now: a later rename or revocation does not rewrite history.
    const kind = principal.type === 'workspace_api_key' ? 'Workspace API key' : 'Project API key';
    const described = await this.keyDisplayName(manager, principal.keyId);
    const name = described ? `${kind} ${described}` : `${kind} ${principal.keyId}`;
    return { actorType: ActorType.API_KEY, actorId: principal.keyId, display: { name, email: null } };
  }

  /**
   * RATE_LIMITED (with the seconds until a slot frees) once `limit` events of `action` were recorded in
   * this place within `windowMs`. Counted from the audit trail under the caller's lock on the place:
   * exact across processes, on the app clock, and without Redis. An organization's own place excludes
   * its workspaces.
   */
  async assertRate(manager: EntityManager, place: { workspaceId: string } | { organizationId: string }, action: AuditAction, limit: number, windowMs: number, what: string): Promise<void> {
    const now = this.clock.now();
    const query = manager
      .createQueryBuilder(AuditEventEntity, 'event')
      .select(['event.id', 'event.occurredAt'])
      .where('event.action = :action', { action })
      .andWhere('event.occurredAt > :since', { since: new Date(now.getTime() - windowMs) })
      .orderBy('event.occurredAt', 'ASC');
    if ('workspaceId' in place) query.andWhere('event.workspaceId = :workspaceId', place);
    else query.andWhere('event.organizationId = :organizationId AND event.workspaceId IS NULL', place);
    const recent = await query.getMany();
    if (recent.length < limit) return;
    const frees = recent[recent.length - limit].occurredAt.getTime() + windowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((frees - now.getTime()) / 1000));
    throw new DomainError(ErrorCode.RATE_LIMITED, `At most ${limit} ${what} per ${Math.round(windowMs / 60_000)} minutes here; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
  }

  /** Newest first, filtered, by keyset cursor. */
  async list(scope: AuditScope, filter: AuditFilter | null | undefined, first: number, after?: string | null): Promise<Connection<AuditEvent>> {
    const query: SelectQueryBuilder<AuditEventEntity> = this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('event')
      .leftJoinAndSelect('event.display', 'display')
      .orderBy('event.occurredAt', 'DESC')
      .addOrderBy('event.id', 'DESC')
      .take(first + 1);
    if ('workspaceId' in scope) query.where('event.workspaceId = :workspaceId', scope);
    else if ('organizationId' in scope) query.where('event.organizationId = :organizationId', scope);
    else {
      query.where("event.organizationId IS NULL AND (event.actorId = :accountOf OR (event.targetType = 'user' AND event.targetId = :accountOf))", scope);
    }
    filter ??= {};
    if (filter.actions?.length) query.andWhere('event.action IN (:...actions)', { actions: filter.actions });
    if (filter.actorId) query.andWhere('event.actorId = :actorId', { actorId: filter.actorId });
    if (filter.riskLevels?.length) query.andWhere('event.riskLevel IN (:...riskLevels)', { riskLevels: filter.riskLevels });
    if (filter.from) query.andWhere('event.occurredAt >= :from', { from: filter.from });
    if (filter.to) query.andWhere('event.occurredAt < :to', { to: filter.to });
    if (after) {
      const cursor = decodeCursor(after);
      query.andWhere('(event.occurredAt, event.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    }
    const rows = await query.getMany();
    return toConnection(rows, first, (row) => encodeCursor(row.occurredAt, row.id), toAuditEvent);
  }

  /** Deletes a workspace's events before `cutoff` through the (workspace_id, occurred_at) index, `batch` rows per statement, each committing on its own. */
  async deleteOlderThan(workspaceId: string, cutoff: Date, batch: number): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    try {
      let deleted = 0;
      for (;;) {
        const { affected = 0 } = await runner.query(
          'DELETE FROM audit_event WHERE id IN (SELECT id FROM audit_event WHERE workspace_id = $1 AND occurred_at < $2 LIMIT $3)',
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
}
