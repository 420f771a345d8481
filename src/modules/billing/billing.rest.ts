import type { RestRoute } from '../../rest/rest-route';

/** Seed 003, "Billing": the plan belongs to the workspace's organization, managed by its owners. */
export const billingRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: '/billing/summary',
    tag: 'Billing',
    summary: "The organization's plan, seats and this period's usage",
    operation: `query RestBillingSummary($workspaceId: ID!) {
      workspace(id: $workspaceId) { organization { billingSummary { organizationId plan seats seatLimit currentPeriodStart currentPeriodEnd usage { month periodStart apiRequests activeMembers } } } }
    }`,
    result: ['workspace', 'organization', 'billingSummary'],
  },
  {
    method: 'POST',
    path: '/billing/portal',
    tag: 'Billing',
    summary: 'A Stripe customer portal session: open `url` in the browser',
    operation: 'mutation RestBillingPortal($input: CreateBillingPortalSessionInput!) { createBillingPortalSession(input: $input) { organizationId url } }',
    result: ['createBillingPortalSession'],
  },
];
