import { Column, CreateDateColumn, Entity, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { WorkspaceEntity } from '../workspace/workspace.entity';

/** Hourly totals per workspace and metric, upserted (added to) by (workspace, metric, hour). */
@Entity('usage_rollup')
export class UsageRollupEntity {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  metric: string;

  /** Start of the UTC hour. */
  @PrimaryColumn({ type: 'timestamptz' })
  hour: Date;

  @Column({ type: 'bigint' })
  quantity: string;
}

/** One reported quantity, kept by its idempotency key so a retried report is counted once. */
@Entity('usage_report')
export class UsageReportEntity {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 64 })
  metric: string;

  @Column({ type: 'bigint' })
  quantity: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Who made at least one request into the workspace in a month (UTC): the active_members metric. */
@Entity('usage_active_member')
export class UsageActiveMemberEntity {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  /** First day of the month. */
  @PrimaryColumn({ type: 'date' })
  month: string;

  @PrimaryColumn('uuid')
  userId: string;
}
