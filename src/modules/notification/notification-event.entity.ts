import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { NotificationEventType } from './notification-catalog';

/**
 * One published event. The partial unique index on (workspace, idempotency key) is what makes a
 * repeated publish return the first event even when both arrive at once.
 */
@Entity('notification_event')
@Index('notification_event_idempotency_key', ['workspaceId', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@Index('notification_event_workspace_idx', ['workspaceId', 'createdAt'])
export class NotificationEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ type: 'enum', enum: NotificationEventType, enumName: 'notification_event_type' })
  type: NotificationEventType;

  @Column()
  title: string;

  @Column()
  body: string;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  /** Cleared once the 24-hour window has passed, so the key can name a new event. */
  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  /** SHA-256 of the published content: the same key with other content is a conflict. */
  @Column()
  fingerprint: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
