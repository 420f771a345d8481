import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { NotificationEventType } from './notification-catalog';

export enum WebhookDisabledBy {
  /** An admin turned it off. */
  ADMIN = 'ADMIN',
  /** It answered 410 Gone: it asked to receive nothing more, so only an admin turns it back on. */
  GONE = 'GONE',
  /** Every attempt failed for WEBHOOK_DISABLE_AFTER_HOURS: probed hourly and re-enabled on recovery. */
  FAILING = 'FAILING',
}

/** A receiver of signed webhook deliveries (Standard Webhooks). */
@Entity('webhook_endpoint')
@Index('webhook_endpoint_workspace_idx', ['workspaceId', 'createdAt'])
@Index('webhook_endpoint_failing_idx', ['disabledAt'], { where: "disabled_by = 'FAILING'" })
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  @Column()
  url: string;

  @Column({ type: 'enum', enum: NotificationEventType, enumName: 'notification_event_type', array: true })
  eventTypes: NotificationEventType[];

  @Column({ default: '' })
  description: string;

  /** SecretEnvelope of the `whsec_…` signing secret, bound to `workspaceId|id|secret`. */
  @Column()
  secretSealed: string;

  /** The secret before the last rotation: deliveries carry both signatures until `previousSecretExpiresAt`. */
  @Column({ type: 'text', nullable: true })
  previousSecretSealed: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'enum', enum: WebhookDisabledBy, enumName: 'webhook_disabled_by', nullable: true })
  disabledBy: WebhookDisabledBy | null;

  /** Since when every attempt has failed; cleared by any success. */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
