import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class ReportedUsage {
  @Field()
  metric: string;

  @Field(() => Float)
  quantity: number;
}

@ObjectType({ description: 'Usage of one calendar month (UTC).' })
export class UsageBucket {
  @Field({ description: 'YYYY-MM.' })
  month: string;

  @Field()
  periodStart: Date;

  @Field(() => Float, { description: "Requests made with the workspace's API keys." })
  apiRequests: number;

  @Field(() => Int, { description: 'People who made at least one request into the workspace that month.' })
  activeMembers: number;

  @Field(() => Int, { description: 'Explicit members whose membership began by the end of the month (members who left since are not counted).' })
  seats: number;

  @Field(() => [ReportedUsage], { description: 'Metrics other services report with recordUsage, by metric name.' })
  reported: ReportedUsage[];
}

@ObjectType()
export class RecordUsagePayload {
  @Field(() => ID)
  workspaceId: string;

  @Field()
  idempotencyKey: string;

  @Field({ description: 'False when this idempotency key was already counted: the quantity was not added again.' })
  counted: boolean;
}
