import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RiskLevel } from '../audit/audit-catalog';
import { DigestFrequency } from './digest-schedule';

registerEnumType(DigestFrequency, { name: 'AuditDigestFrequency' });

@ObjectType({ description: 'Scheduled summary mail of the audit log. Unconfigured: disabled, weekly on Monday 08:00 UTC, HIGH and CRITICAL, no recipients.' })
export class AuditDigest {
  @Field()
  enabled: boolean;

  @Field(() => DigestFrequency)
  frequency: DigestFrequency;

  @Field(() => Int, { nullable: true, description: 'Weekly only: 0 (Sunday) to 6 (Saturday).' })
  dayOfWeek: number | null;

  @Field(() => Int, { nullable: true, description: 'Monthly only: 1 to 28.' })
  dayOfMonth: number | null;

  @Field(() => Int, { description: 'Hour of delivery, 0–23, in UTC.' })
  hourUTC: number;

  @Field(() => [RiskLevel])
  includeRiskLevels: RiskLevel[];

  @Field(() => [String])
  recipients: string[];

  @Field(() => Date, { nullable: true, description: 'When the mail server last accepted a scheduled digest. sendAuditDigestNow does not change it.' })
  lastSentAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'The next scheduled delivery (UTC); null while disabled.' })
  nextDueAt: Date | null;
}

@ObjectType()
export class AuditDigestPayload {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => AuditDigest)
  auditDigest: AuditDigest;
}

@ObjectType()
export class SendAuditDigestNowPayload {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => [String], { description: 'Who the digest is being sent to.' })
  recipients: string[];

  @Field({ description: 'The digest covers events up to this instant, from the end of the last scheduled digest (or the start of the current period).' })
  requestedAt: Date;
}
