import { Column, Entity, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { WorkspaceEntity } from '../workspace/workspace.entity';

export enum DigestPeriodStatus {
  /** An attempt to send began (committed before talking to SMTP); it may have died. */
  SENDING = 'SENDING',
  /** The SMTP server accepted the digest; committed with the workspace's lastSentAt. */
  SENT = 'SENT',
}

/**
 * One scheduled digest of one workspace: the marker that makes each period send exactly once.
 * Unique on the slot (period end) rather than the period start: after a frequency change a new
 * period can start where an already-sent one started, but two digests never share a send slot.
 */
@Entity('audit_digest_period')
@Unique('audit_digest_period_slot_key', ['workspaceId', 'periodEnd'])
export class AuditDigestPeriodEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ type: 'timestamptz' })
  periodStart: Date;

  /** The slot the digest is sent at. */
  @Column({ type: 'timestamptz' })
  periodEnd: Date;

  @Column({ type: 'enum', enum: DigestPeriodStatus, enumName: 'audit_digest_period_status' })
  status: DigestPeriodStatus;

  /** How many times a worker claimed the period; more than one means an earlier attempt failed or died. */
  @Column({ type: 'int' })
  attempts: number;

  @Column({ type: 'timestamptz' })
  claimedAt: Date;

  /** Where the sent digest's events began: the end of the previous sent period, else `periodStart`. */
  @Column({ type: 'timestamptz', nullable: true })
  coveredFrom: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'text', nullable: true })
  messageId: string | null;
}
