import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';

/** The actor's name and email as they were when the event happened: the erasable part of an event. */
@Entity('audit_actor_display')
export class AuditActorDisplayEntity {
  @PrimaryColumn('uuid')
  eventId: string;

  @OneToOne(() => AuditEventEntity, (event) => event.display, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<AuditEventEntity>;

  @Column()
  name: string;

  @Column({ type: 'text', nullable: true })
  email: string | null;
}
