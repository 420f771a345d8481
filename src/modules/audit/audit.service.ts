import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { Clock } from '../../clock';
import { DomainError, ErrorCode } from '../../core/errors';
import { decodeCursor, encodeCursor, toConnection, type Connection } from '../../core/pagination';
import { deleteOlderInBatches } from '../../db/batch-delete';
import { epochMs } from '../../db/loader-helpers';
import { UserEntity } from '../identity/user.entity';
import { AUDIT_CATALOG, type AuditAction } from './audit-catalog';
import { AuditActorDisplayEntity } from './audit-actor-display.entity';
import { ActorType, AuditEventEntity } from './audit-event.entity';
import type { AuditEvent } from './audit.types';
import { preparedQuery } from '../../db/prepared-query';

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

/** A workspace's events, a project's, an organization's, or a person's account events (no organization: passkeys, keys, password, email). */
export type AuditScope = { organizationId: string } | { workspaceId: string } | { projectId: string } | { accountOf: string };

/** The events a scope covers; a person's account events are those of no organization that they did or that were done to them. */
function scopeCondition(scope: AuditScope, param: (value: unknown) => string): string {
  if ('projectId' in scope) return `e.project_id = ${param(scope.projectId)}`;
  if ('workspaceId' in scope) return `e.workspace_id = ${param(scope.workspaceId)}`;
  if ('organizationId' in scope) return `e.organization_id = ${param(scope.organizationId)}`;
  const person = param(scope.accountOf);
  return `e.organization_id IS NULL AND (e.actor_id = ${person} OR (e.target_type = 'user' AND e.target_id = ${person}))`;
}

/**
 * Rows read for a page of `first`: `first + 1` (the extra row says whether there is a next page),
 * rounded up to one of a few sizes. The LIMIT is written into the statement's text rather than passed
 * as a parameter because with it PostgreSQL can reuse one generic plan per statement instead of planning
 * every call (planning cost it about as much as running the page); a generic plan for an unknown LIMIT is a
 * parallel scan of the whole scope (50-60 ms instead of 0.4). Rounding keeps the texts few, since each is
 * prepared on every pooled connection; past the largest page (the export's batches) it reads `first + 1`.
 */
const READ_SIZES = [11, 26, 51, 101, 201];
const rowsToRead = (first: number): number => READ_SIZES.find((size) => size > first) ?? first + 1;

/** An event as the list reads it: its columns and its actor's display fields, in one row; the time in epoch ms. */
type EventRow = Omit<AuditEventEntity, 'display' | 'occurredAt'> & { occurredAt: number; actorName: string | null; actorEmail: string | null };

function toAuditEvent(row: EventRow): AuditEvent {
  return {
    id: row.id,
    occurredAt: new Date(row.occurredAt),
    organizationId: row.organizationId,
    workspaceId: row.workspaceId,
    projectId: row.projectId,
    action: row.action,
    riskLevel: row.riskLevel,
    actor: { type: row.actorType, id: row.actorId, name: row.actorName, email: row.actorEmail },
    target: { type: row.targetType, id: row.targetId },
    metadata: row.metadata as Record<string, unknown>,
    ip: row.ip,
    userAgent: row.userAgent,
    via: row.via,
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
        via: actor?.via ?? null,
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

  /**
   * Newest first, filtered, by keyset cursor: one statement, walking the (scope, occurred_at, id)
   * index backwards, so page 1,000 costs what page 1 does. A null filter (GraphQL's explicit null) is no filter.
   */
  async list(scope: AuditScope, filter: AuditFilter | null | undefined, first: number, after?: string | null): Promise<Connection<AuditEvent>> {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = [scopeCondition(scope, param)];
    if (filter?.actions?.length) where.push(`e.action = ANY(${param(filter.actions)})`);
    if (filter?.actorId) where.push(`e.actor_id = ${param(filter.actorId)}`);
    if (filter?.riskLevels?.length) where.push(`e.risk_level = ANY(${param(filter.riskLevels)}::audit_risk_level[])`);
    if (filter?.from) where.push(`e.occurred_at >= ${param(filter.from)}`);
    if (filter?.to) where.push(`e.occurred_at < ${param(filter.to)}`);
    if (after) {
      const cursor = decodeCursor(after);
      // The cursor goes in through sub-selects so that the planner does not look at its value: the best plan
      // (the index backwards) does not depend on it, and a value it could see made each page's custom plan
      // look cheaper than the generic one, so PostgreSQL planned every later page afresh (0.3 ms of its CPU).
      where.push(`(e.occurred_at, e.id) < ((SELECT ${param(cursor.at)}::timestamptz), (SELECT ${param(cursor.id)}::uuid))`);
    }
    // The text depends only on which filters are set and on the read size (parameters carry every value), so it is one of a few shapes.
    const { rows } = await preparedQuery<EventRow>(
      this.dataSource,
      `SELECT e.id, ${epochMs('e.occurred_at')} AS "occurredAt", e.organization_id AS "organizationId", e.workspace_id AS "workspaceId", e.project_id AS "projectId",
              e.action, e.risk_level AS "riskLevel", e.actor_type AS "actorType", e.actor_id AS "actorId", d.name AS "actorName", d.email AS "actorEmail",
              e.target_type AS "targetType", e.target_id AS "targetId", e.metadata, e.ip, e.user_agent AS "userAgent", e.via
         FROM audit_event e LEFT JOIN audit_actor_display d ON d.event_id = e.id
        WHERE ${where.join(' AND ')}
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT ${rowsToRead(first)}`,
      params,
    );
    return toConnection(rows.slice(0, first + 1).map(toAuditEvent), first, (event) => encodeCursor(event.occurredAt, event.id), (event) => event);
  }

  /** Deletes a workspace's events before `cutoff`, `batch` rows per statement (the retention job). */
  deleteOlderThan(workspaceId: string, cutoff: Date, batch: number): Promise<number> {
    return deleteOlderInBatches(this.dataSource, 'audit_event', 'occurred_at', workspaceId, cutoff, batch);
  }

  /** Deletes a project's events before `cutoff` (a project that keeps its data for less than its workspace). */
  deleteProjectEventsOlderThan(projectId: string, cutoff: Date, batch: number): Promise<number> {
    return deleteOlderInBatches(this.dataSource, 'audit_event', 'occurred_at', projectId, cutoff, batch, 'project_id');
  }
}
