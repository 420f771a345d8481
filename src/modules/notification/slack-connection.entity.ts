import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { WorkspaceEntity } from '../workspace/workspace.entity';

export enum SlackConnectionKind {
  INCOMING_WEBHOOK = 'INCOMING_WEBHOOK',
  BOT_TOKEN = 'BOT_TOKEN',
}

export enum SlackConnectionStatus {
  ACTIVE = 'ACTIVE',
  ERROR = 'ERROR',
}

/** A workspace's one Slack connection (seed 003). */
@Entity('slack_connection')
export class SlackConnectionEntity {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @OneToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ type: 'enum', enum: SlackConnectionKind, enumName: 'slack_connection_kind' })
  kind: SlackConnectionKind;

  /** SecretEnvelope of the incoming-webhook URL or the bot token, bound to `workspaceId|workspaceId|slack`. */
  @Column()
  secretSealed: string;

  /** The channel a bot posts to; an incoming webhook has its channel built in. */
  @Column({ type: 'text', nullable: true })
  channel: string | null;

  @Column({ type: 'enum', enum: SlackConnectionStatus, enumName: 'slack_connection_status' })
  status: SlackConnectionStatus;

  @Column({ type: 'text', nullable: true })
  statusReason: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
