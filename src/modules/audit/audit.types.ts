import { ArrayMaxSize, IsOptional } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination';
import { RiskLevel } from './audit-catalog';
import { AuditExportFormat } from './audit-export';
import { ActorType } from './audit-event.entity';

registerEnumType(RiskLevel, { name: 'RiskLevel' });
registerEnumType(ActorType, { name: 'AuditActorType' });
registerEnumType(AuditExportFormat, { name: 'AuditExportFormat' });

@ObjectType()
export class AuditActor {
  @Field(() => ActorType)
  type: ActorType;

  @Field(() => String, { nullable: true, description: 'A tombstone after GDPR erasure.' })
  id: string | null;

  @Field(() => String, { nullable: true, description: 'Name at the time of the event; null after erasure.' })
  name: string | null;

  @Field(() => String, { nullable: true })
  email: string | null;
}

@ObjectType()
export class AuditTarget {
  @Field()
  type: string;

  @Field(() => String, { nullable: true })
  id: string | null;
}

@ObjectType()
export class AuditEvent {
  @Field(() => ID)
  id: string;

  @Field()
  occurredAt: Date;

  @Field(() => ID, { nullable: true })
  organizationId: string | null;

  @Field(() => ID, { nullable: true })
  workspaceId: string | null;

  @Field(() => ID, { nullable: true })
  projectId: string | null;

  @Field({ description: 'What happened, e.g. member.invited or api_key.revoked.' })
  action: string;

  @Field(() => RiskLevel)
  riskLevel: RiskLevel;

  @Field(() => AuditActor)
  actor: AuditActor;

  @Field(() => AuditTarget)
  target: AuditTarget;

  @Field(() => GraphQLJSONObject, { description: 'Details such as before/after values.' })
  metadata: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  ip: string | null;

  @Field(() => String, { nullable: true })
  userAgent: string | null;

  @Field(() => String, { nullable: true, description: 'The API the change came through: graphql or rest. Null for the service’s own work.' })
  via: string | null;
}

export const AuditEventConnection = ConnectionType(AuditEvent, 'AuditEvent');

@InputType()
export class AuditEventFilter {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  actions?: string[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  actorId?: string;

  @Field(() => [RiskLevel], { nullable: true })
  @IsOptional()
  riskLevels?: RiskLevel[];

  @Field({ nullable: true, description: 'Inclusive.' })
  @IsOptional()
  from?: Date;

  @Field({ nullable: true, description: 'Exclusive.' })
  @IsOptional()
  to?: Date;
}

@ObjectType({ description: 'A download of audit events: GET the URL (no credential needed) before it expires.' })
export class AuditExport {
  @Field({ description: 'Signed, single-purpose URL served by Gatehouse; streams JSON lines or CSV, newest event first.' })
  url: string;

  @Field()
  expiresAt: Date;
}
