import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn, type Relation } from 'typeorm';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { DeliveryStatus, NotificationChannel, NotificationEventType } from './notification-catalog';
import { NotificationEventEntity } from './notification-event.entity';

/**
 * One event to one target on one channel. Rows exist before their jobs (the unique key makes a
 * repeated fan-out add nothing), and a row's status is the truth: a job for a row that is no longer
 * PENDING does nothing, so nothing DELIVERED is sent again.
 */
@Entity('notification_delivery')
@Unique('notification_delivery_target_key', ['eventId', 'channel', 'targetId'])
@Index('notification_delivery_workspace_idx', ['workspaceId', 'createdAt', 'id'])
@Index('notification_delivery_target_idx', ['targetId', 'status', 'createdAt'])
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  @Column('uuid')
  eventId: string;

  @ManyToOne(() => NotificationEventEntity, { onDelete: 'CASCADE' })
  event?: Relation<NotificationEventEntity>;

  /** Copied from the event so the delivery list filters without a join. */
  @Column({ type: 'enum', enum: NotificationEventType, enumName: 'notification_event_type' })
  eventType: NotificationEventType;

  @Column({ type: 'enum', enum: NotificationChannel, enumName: 'notification_channel' })
  channel: NotificationChannel;

  /** The user (email; push when skipped), the workspace (its Slack connection), the webhook endpoint or the push subscription. */
  @Column('uuid')
  targetId: string;

  /** What the delivery list shows: a masked address, endpoint or Slack channel. */
  @Column()
  targetLabel: string;

  @Column({ type: 'enum', enum: DeliveryStatus, enumName: 'notification_delivery_status' })
  status: DeliveryStatus;

  /** Why it was skipped, why the last attempt failed, or why it waits. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ default: 0 })
  attempts: number;

  @Column({ type: 'int', nullable: true })
  lastResponseCode: number | null;

  @Column({ type: 'int', nullable: true })
  lastDurationMs: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  /**
   * Until when an attempt holds this delivery: claimed before the send, cleared with the outcome.
   * A second job for the row waits it out rather than sending again; a dead worker's lease lapses.
   */
  @Column({ type: 'timestamptz', nullable: true })
  leasedUntil: Date | null;

  /** Which attempt holds the lease: only its holder writes the outcome. */
  @Column({ type: 'uuid', nullable: true })
  leaseToken: string | null;

  /** How many times an admin re-queued it: part of the job id of each redelivery. */
  @Column({ default: 0 })
  redeliveries: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
