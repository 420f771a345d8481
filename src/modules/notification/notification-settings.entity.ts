import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import type { ChannelsByEvent } from './notification-catalog';

/** Which channels each event type goes to in a workspace (seed 003); no row means the defaults. */
@Entity('notification_settings')
export class NotificationSettingsEntity {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @OneToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Relation<WorkspaceEntity>;

  /** Every event type with its channels, in catalog order. */
  @Column({ type: 'jsonb' })
  channels: ChannelsByEvent;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
