import { IsInt, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class RecordUsageInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field({ description: 'Lowercase name such as agent_runs or tokens.input (1–64 characters); not api_requests, active_members or seats.' })
  @Matches(/^[a-z][a-z0-9_.:-]{0,63}$/, { message: 'must be 1 to 64 lowercase letters, digits, _ . : or -, starting with a letter' })
  metric: string;

  @Field(() => Int)
  @IsInt()
  @Min(1, { message: 'must be at least 1' })
  @Max(1_000_000_000, { message: 'must be at most 1000000000' })
  quantity: number;

  @Field({ description: 'When it happened; it is counted in that hour.' })
  occurredAt: Date;

  @Field({ description: 'Reporting the same key again (a retry) is accepted and counted once.' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  idempotencyKey: string;
}
