import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsDefined, IsEmail, IsEnum, IsInt, IsUUID, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { RiskLevel } from '../audit/audit-catalog';
import { DigestFrequency } from './digest-schedule';

/**
 * A day field that belongs to one frequency: required (and in range) for it, refused for the others,
 * so each violation names its own field alongside every other violation of the input. IsDefined is
 * the one kind of check class-validator still runs on a missing value (type-graphql skips the rest).
 */
function DayFor(frequency: DigestFrequency, min: number, max: number): PropertyDecorator {
  const applies = (object: object) => (object as { frequency?: DigestFrequency }).frequency === frequency;
  const decorators = [
    ValidateIf((object, value) => applies(object) || (value !== null && value !== undefined)),
    IsDefined({ message: `is required for a ${frequency.toLowerCase()} digest` }),
    ValidateBy({
      name: `dayFor${frequency}`,
      validator: {
        validate: (value: unknown, args) => applies(args!.object) && Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
        defaultMessage: (args) => (applies(args!.object) ? `must be an integer from ${min} to ${max}` : `must be empty unless frequency is ${frequency}`),
      },
    }),
  ];
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
}

@InputType({ description: 'The whole digest configuration, as the settings form sends it.' })
export class UpdateAuditDigestInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field()
  @IsBoolean()
  enabled: boolean;

  @Field(() => DigestFrequency)
  @IsEnum(DigestFrequency)
  frequency: DigestFrequency;

  @Field(() => Int, { nullable: true, description: 'Required for WEEKLY, refused otherwise: 0 (Sunday) to 6 (Saturday).' })
  @DayFor(DigestFrequency.WEEKLY, 0, 6)
  dayOfWeek?: number | null;

  @Field(() => Int, { nullable: true, description: 'Required for MONTHLY, refused otherwise: 1 to 28, so every month has it.' })
  @DayFor(DigestFrequency.MONTHLY, 1, 28)
  dayOfMonth?: number | null;

  @Field(() => Int, { description: 'Hour of delivery in UTC, 0–23.' })
  @IsInt({ message: 'must be an integer from 0 to 23' })
  @Min(0, { message: 'must be an integer from 0 to 23' })
  @Max(23, { message: 'must be an integer from 0 to 23' })
  hourUTC: number;

  @Field(() => [RiskLevel], { description: 'Which events the digest summarises: at least one level.' })
  @ArrayMinSize(1, { message: 'must name at least one risk level' })
  includeRiskLevels: RiskLevel[];

  @Field(() => [String], { description: '1 to 50 email addresses; duplicates (ignoring case) are dropped.' })
  @ArrayMinSize(1, { message: 'must list 1 to 50 email addresses' })
  @ArrayMaxSize(50, { message: 'must list 1 to 50 email addresses' })
  @IsEmail({}, { each: true, message: 'must contain only valid email addresses' })
  recipients: string[];
}

@InputType()
export class SendAuditDigestNowInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;
}
