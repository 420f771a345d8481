import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UsageBucket } from '../usage/usage.types';

@ObjectType({ description: 'The organization’s billing summary: plan, seats and this period’s usage.' })
export class BillingSummary {
  @Field(() => ID)
  organizationId: string;

  @Field({ description: 'FREE until a subscription is set up through the Stripe portal.' })
  plan: string;

  @Field(() => Int, { description: 'Distinct people who are explicit members of at least one workspace of the organization.' })
  seats: number;

  @Field(() => Int, { description: 'The sum of the workspaces’ seat limits.' })
  seatLimit: number;

  @Field({ description: 'The current billing period: the calendar month (UTC).' })
  currentPeriodStart: Date;

  @Field()
  currentPeriodEnd: Date;

  @Field(() => UsageBucket, { description: "The organization's usage in the current period." })
  usage: UsageBucket;
}

@ObjectType()
export class BillingPortalSession {
  @Field(() => ID)
  organizationId: string;

  @Field({ description: 'Open it in the browser: the Stripe customer portal (payment method, invoices, plan).' })
  url: string;
}
