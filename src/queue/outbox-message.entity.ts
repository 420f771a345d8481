import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { OUTBOX_SCOPE_SETTING } from '../db/data-source';

/**
 * Background work decided inside a transaction. The row commits with the change that caused it;
 * the relay then hands it to BullMQ, so a Redis outage delays the work but never loses it.
 */
@Entity('outbox_message')
@Index('outbox_message_pending_idx', ['createdAt'])
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column()
  queue: string;

  @Column()
  jobName: string;

  /** BullMQ job id: stable, so dispatching the same row twice creates one job. */
  @Column()
  jobId: string;

  @Column({ type: 'jsonb' })
  payload: object;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /**
   * The REDIS_PREFIX of the deployment that wrote the row (from the writing session's setting), so a
   * relay only hands rows to its own queues: test apps sharing one database with their own prefixes,
   * or two deployments sharing a database, never deliver each other's mail.
   */
  @Column({ type: 'text', nullable: true, default: () => `current_setting('${OUTBOX_SCOPE_SETTING}', true)` })
  scope: string | null;
}
