import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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
}
