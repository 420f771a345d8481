import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { Clock } from '../../clock';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import { decodeCursor, encodeCursor, toConnection, type Connection } from '../../core/pagination';
import { inTransaction } from '../../db/transaction';
import { enqueueInOutbox } from '../../queue/outbox';
import { QueueName } from '../../queue/queues';
import type { AuditService } from '../audit/audit.service';
import type { WorkspaceService } from '../workspace/workspace.service';
import { DeliveryStatus, type NotificationChannel, type NotificationEventType } from './notification-catalog';
import { NotificationDeliveryEntity } from './notification-delivery.entity';
import { NotificationEventEntity } from './notification-event.entity';
import { NotificationJobName, deliverJobId, fanOutJobId, type DeliverData, type FanOutData } from './notification.jobs';
import { deleteOlderInBatches } from '../../db/batch-delete';

export interface PublishedEvent {
  workspaceId: string;
  type: NotificationEventType;
  title: string;
  body: string;
  url?: string | null;
  occurredAt: Date;
  idempotencyKey?: string | null;
}

export interface DeliveryFilter {
  status?: DeliveryStatus | null;
  channel?: NotificationChannel | null;
  eventType?: NotificationEventType | null;
}

export interface DeliveryRow {
  id: string;
  eventId: string;
  eventType: NotificationEventType;
  channel: NotificationChannel;
  targetLabel: string;
  status: DeliveryStatus;
  reason: string | null;
  attempts: number;
  lastResponseCode: number | null;
  lastDurationMs: number | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** A key names one event for this long; after it, the same key starts a new event. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

const fingerprintOf = (event: PublishedEvent) =>
  createHash('sha256')
    .update(JSON.stringify([event.type, event.title, event.body, event.url ?? null, event.occurredAt.toISOString()]))
    .digest('hex');

/** Intake of notification events, and the delivery log. */
export class NotificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly workspaces: WorkspaceService,
  ) {}

  /** Deletes a workspace's events (and, by cascade, their deliveries) created before `cutoff` (the retention job). */
  deleteOlderThan(workspaceId: string, cutoff: Date, batch: number): Promise<number> {
    return deleteOlderInBatches(this.dataSource, 'notification_event', 'created_at', workspaceId, cutoff, batch);
  }

  /** `publishNotificationEvent`: the event and its fan-out job commit together. */
  publish(event: PublishedEvent): Promise<{ event: NotificationEventEntity; duplicate: boolean }> {
    return inTransaction(this.dataSource, (manager) => this.publishInternal(manager, event));
  }

  /**
   * Publishes inside the caller's transaction (Gatehouse's own events, such as `secret_rotated` when a
   * provider credential rotates): if the caller rolls back, nothing is sent. The same idempotency key
   * within 24 hours returns the first event; with other content it is a CONFLICT. The partial unique
   * index decides between concurrent publishers, so no check-then-insert race exists.
   */
  async publishInternal(manager: EntityManager, event: PublishedEvent): Promise<{ event: NotificationEventEntity; duplicate: boolean }> {
    const fingerprint = fingerprintOf(event);
    const key = event.idempotencyKey ?? null;
    const values = {
      workspaceId: event.workspaceId,
      type: event.type,
      title: event.title,
      body: event.body,
      url: event.url ?? null,
      occurredAt: event.occurredAt,
      idempotencyKey: key,
      fingerprint,
      createdAt: this.clock.now(),
    };
    for (let tries = 0; ; tries++) {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(NotificationEventEntity)
        .values(values)
        .orIgnore()
        .returning('*')
        .execute();
      if (inserted.raw.length > 0) {
        const saved = manager.create(NotificationEventEntity, { ...values, id: inserted.raw[0].id });
        await enqueueInOutbox<FanOutData>(manager, { queue: QueueName.Notifications, name: NotificationJobName.FanOut, jobId: fanOutJobId(saved.id), data: { eventId: saved.id } });
        return { event: saved, duplicate: false };
      }
      const first = await manager.findOneByOrFail(NotificationEventEntity, { workspaceId: event.workspaceId, idempotencyKey: key! });
      if (first.createdAt.getTime() > this.clock.now().getTime() - IDEMPOTENCY_WINDOW_MS) {
        if (first.fingerprint !== fingerprint) {
          throw new DomainError(ErrorCode.CONFLICT, 'This idempotencyKey was used in the last 24 hours for an event with other content', { reason: 'IDEMPOTENCY_KEY_REUSED' });
        }
        return { event: first, duplicate: true };
      }
      // The key's window is over: release it from the old event and insert again (once).
      if (tries > 0) throw new Error('idempotency key still taken after releasing it');
      await manager.update(NotificationEventEntity, { id: first.id }, { idempotencyKey: null });
    }
  }

  /** Newest first, filtered; only the columns the list shows. */
  async deliveries(workspaceId: string, first: number, after: string | undefined, filter: DeliveryFilter): Promise<Connection<DeliveryRow>> {
    const query = this.rows(workspaceId)
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(first + 1);
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.channel) query.andWhere('d.channel = :channel', { channel: filter.channel });
    if (filter.eventType) query.andWhere('d.event_type = :eventType', { eventType: filter.eventType });
    if (after) {
      const cursor = decodeCursor(after);
      query.andWhere('(d.created_at, d.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    }
    const rows: DeliveryRow[] = await query.getRawMany();
    return toConnection(rows, first, (row) => encodeCursor(row.createdAt, row.id), (row) => row);
  }

  private rows(workspaceId: string) {
    return this.dataSource
      .getRepository(NotificationDeliveryEntity)
      .createQueryBuilder('d')
      .select([
        'd.id AS "id"',
        'd.event_id AS "eventId"',
        'd.event_type AS "eventType"',
        'd.channel AS "channel"',
        'd.target_label AS "targetLabel"',
        'd.status AS "status"',
        'd.reason AS "reason"',
        'd.attempts AS "attempts"',
        'd.last_response_code AS "lastResponseCode"',
        'd.last_duration_ms AS "lastDurationMs"',
        'd.next_attempt_at AS "nextAttemptAt"',
        'd.delivered_at AS "deliveredAt"',
        'd.created_at AS "createdAt"',
      ])
      .where('d.workspace_id = :workspaceId', { workspaceId });
  }

  /** Re-queues a FAILED delivery for a fresh round of attempts (ADMIN). */
  async redeliver(actor: Actor, workspaceId: string, deliveryId: string): Promise<DeliveryRow> {
    await inTransaction(this.dataSource, async (manager) => {
      const delivery = await manager.findOne(NotificationDeliveryEntity, { where: { id: deliveryId, workspaceId }, lock: { mode: 'pessimistic_write' } });
      if (!delivery) throw new DomainError(ErrorCode.NOT_FOUND, 'Delivery not found');
      if (delivery.status !== DeliveryStatus.FAILED) throw badInput('deliveryId', `is ${delivery.status}; only a FAILED delivery can be redelivered`);
      const redeliveries = delivery.redeliveries + 1;
      await manager.update(NotificationDeliveryEntity, { id: delivery.id }, { status: DeliveryStatus.PENDING, attempts: 0, reason: 'redelivery requested', nextAttemptAt: this.clock.now(), redeliveries });
      const workspace = await this.workspaces.get(workspaceId);
      await this.audit.recordForWorkspace(manager, actor, workspace, {
        action: 'notification.redelivered',
        target: { type: 'notification_delivery', id: delivery.id },
        metadata: { channel: delivery.channel, target: delivery.targetLabel, eventId: delivery.eventId },
      });
      await enqueueInOutbox<DeliverData>(manager, { queue: QueueName.Notifications, name: NotificationJobName.Deliver, jobId: deliverJobId(delivery.id, redeliveries), data: { deliveryId: delivery.id } });
    });
    return (await this.rows(workspaceId).andWhere('d.id = :deliveryId', { deliveryId }).getRawOne<DeliveryRow>())!;
  }
}
