import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { Organization } from '../organization/organization.types';
import { CreateBillingPortalSessionInput } from './billing.inputs';
import type { BillingService } from './billing.service';
import { BillingPortalSession, BillingSummary } from './billing.types';

@Resolver(() => Organization)
export class BillingResolver {
  constructor(private readonly billing: BillingService) {}

  @FieldResolver(() => BillingSummary)
  @Requires('billingManage')
  billingSummary(@Root() organization: Organization): Promise<BillingSummary> {
    return this.billing.summary(organization.id);
  }

  @Mutation(() => BillingPortalSession, { description: 'Returns the URL of a Stripe customer-portal session; the Stripe customer is created on first use.' })
  @Requires('billingManage')
  createBillingPortalSession(@Arg('input') input: CreateBillingPortalSessionInput, @Ctx() context: Context): Promise<BillingPortalSession> {
    return this.billing.createPortalSession(actorOf(context), input.organizationId, input.returnUrl);
  }
}
