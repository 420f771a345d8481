import { Column, Entity, Index, OneToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { RiskLevel } from './audit-catalog';
import { AuditActorDisplayEntity } from './audit-actor-display.entity';

export enum ActorType {
  USER = 'USER',
  API_KEY = 'API_KEY',
  SYSTEM = 'SYSTEM',
}

/**
 * One change, append-only. Who did it is `actorType` + `actorId`; how they were called at the time
 * lives in AuditActorDisplayEntity so GDPR erasure can drop it and tombstone `actorId` without
 * rewriting anything else.
 */
@Entity('audit_event')
@Index('audit_event_workspace_time_idx', ['workspaceId', 'occurredAt', 'id'])
@Index('audit_event_organization_time_idx', ['organizationId', 'occurredAt', 'id'])
@Index('audit_event_workspace_actor_idx', ['workspaceId', 'actorId'])
@Index('audit_event_project_time_idx', ['projectId', 'occurredAt', 'id'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  /** Null for events of a person's own account (passkeys), which belong to no organization. */
  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  workspaceId: string | null;

  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @Column({ type: 'enum', enum: ActorType, enumName: 'audit_actor_type' })
  actorType: ActorType;

  /** Text, not uuid: erasure replaces it with a tombstone. */
  @Column({ type: 'text', nullable: true })
  actorId: string | null;

  @Column()
  action: string;

  @Column({ type: 'enum', enum: RiskLevel, enumName: 'audit_risk_level' })
  riskLevel: RiskLevel;

  @Column()
  targetType: string;

  @Column({ type: 'text', nullable: true })
  targetId: string | null;

  @Column({ type: 'jsonb', default: {} })
  metadata: object;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent: string | null;

  /** The API the change came through (`graphql` or `rest`); null for the service's own work and sign-ins. */
  @Column({ type: 'text', nullable: true })
  via: string | null;

  @OneToOne(() => AuditActorDisplayEntity, (display) => display.event)
  display?: Relation<AuditActorDisplayEntity>;
}
