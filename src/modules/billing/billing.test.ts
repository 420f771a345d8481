import { createTenant } from '../../testing/fixtures';
import { CreateBillingPortalSessionDocument, OrganizationBillingSummaryDocument } from '../../testing/generated/graphql';
import { errorCode, errorFields, startTestApp, type TestApp } from '../../testing/test-app';
import { startStripeStandIn } from '../../testing/stripe-stand-in';
import { auditEvents } from '../../testing/workspace-admin-helpers';

const STRIPE_KEY = 'sk_test_gatehouse_standin';

describe('billing', () => {
  let app: TestApp;
  let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    stripe = await startStripeStandIn();
    app = await startTestApp({ env: { STRIPE_API_BASE: stripe.url, STRIPE_SECRET_KEY: STRIPE_KEY, BILLING_RETURN_ORIGINS: 'https://app.example.com' } });
    tenant = await createTenant(app);
  });
  afterAll(async () => {
    await app.stop();
    await stripe.stop();
  });

  const portal = (returnUrl: string, token = tenant.owner.token) => app.request(CreateBillingPortalSessionDocument, { input: { organizationId: tenant.organizationId, returnUrl } }, { token });

  it('summarizes plan, seats, the current period and its usage for org owners', async () => {
    const { billingSummary } = (await app.ok(OrganizationBillingSummaryDocument, { id: tenant.organizationId }, { token: tenant.owner.token })).organization;
    const now = app.clock.now();
    expect(billingSummary).toMatchObject({
      plan: 'FREE',
      seats: 3,
      seatLimit: 50,
      currentPeriodStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
      currentPeriodEnd: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
      usage: { month: now.toISOString().slice(0, 7), apiRequests: 0 },
    });
    expect(errorCode(await app.request(OrganizationBillingSummaryDocument, { id: tenant.organizationId }, { token: tenant.admin.token }))).toBe('FORBIDDEN');
  });

  it('opens a portal session through the Stripe SDK, creating the customer once and reusing its stored id', async () => {
    const first = await portal('https://app.example.com/settings/billing');
    expect(first.data?.createBillingPortalSession.url).toBe('https://billing.stripe.test/p/session/cus_standin1');
    const second = await portal('https://app.example.com/settings');
    expect(second.data?.createBillingPortalSession.url).toBe('https://billing.stripe.test/p/session/cus_standin1');

    expect(stripe.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/customers', 'POST /v1/billing_portal/sessions', 'POST /v1/billing_portal/sessions']);
    expect(stripe.requests.every((request) => request.authorization === `Bearer ${STRIPE_KEY}`)).toBe(true);
    expect(stripe.requests[0].body.get('metadata[organizationId]')).toBe(tenant.organizationId);
    expect(stripe.requests[2].body.get('customer')).toBe('cus_standin1');
    expect(stripe.requests[2].body.get('return_url')).toBe('https://app.example.com/settings');
    const [{ stripe_customer_id }] = await app.infra.dataSource.query('SELECT stripe_customer_id FROM organization_billing WHERE organization_id = $1', [tenant.organizationId]);
    expect(stripe_customer_id).toBe('cus_standin1');
    expect(await auditEvents(app, { organizationId: tenant.organizationId }, 'billing.portal_session_created')).toHaveLength(2);
  });

  it('refuses a return URL off the allowed origins, and anyone but an owner, without calling Stripe', async () => {
    const before = stripe.requests.length;
    for (const returnUrl of ['https://evil.example.com/phish', 'javascript:alert(1)', 'not a url', 'http://app.example.com/settings']) {
      const refused = await portal(returnUrl);
      expect([returnUrl, errorCode(refused), errorFields(refused)]).toEqual([returnUrl, 'BAD_USER_INPUT', ['returnUrl']]);
    }
    expect(errorCode(await portal('https://app.example.com/', tenant.admin.token))).toBe('FORBIDDEN');
    expect(errorCode(await portal('https://app.example.com/', tenant.viewer.token))).toBe('FORBIDDEN');
    expect(stripe.requests.length).toBe(before);
  });
});
