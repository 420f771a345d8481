import { Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { RiskLevel } from '../audit/audit-catalog';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { DigestFrequency } from './digest-schedule';

/** A workspace's audit digest settings (seed 003); no row means never configured. */
@Entity('audit_digest')
@Index('audit_digest_due_idx', ['nextDueAt'], { where: 'enabled' })
export class AuditDigestEntity {
  @PrimaryColumn('uuid')
  workspaceId: string;

  @OneToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workspace_id' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ default: false })
  enabled: boolean;

  @Column({ type: 'enum', enum: DigestFrequency, enumName: 'audit_digest_frequency' })
  frequency: DigestFrequency;

  @Column({ type: 'smallint', nullable: true })
  dayOfWeek: number | null;

  @Column({ type: 'smallint', nullable: true })
  dayOfMonth: number | null;

  @Column({ type: 'smallint' })
  hourUtc: number;

  @Column({ type: 'enum', enum: RiskLevel, enumName: 'audit_risk_level', array: true })
  includeRiskLevels: RiskLevel[];

  @Column({ type: 'text', array: true })
  recipients: string[];

  /** When the SMTP server last accepted a scheduled digest of this workspace. */
  @Column({ type: 'timestamptz', nullable: true })
  lastSentAt: Date | null;

  /** The first slot not sent yet; null while disabled. The hourly tick reads only rows whose slot has come. */
  @Column({ type: 'timestamptz', nullable: true })
  nextDueAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
