import Stripe from 'stripe';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { Config } from '../../config';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import { inTransaction } from '../../db/transaction';
import type { AuditService } from '../audit/audit.service';
import { OrganizationEntity } from '../organization/organization.entity';
import type { UsageService } from '../usage/usage.service';
import { OrganizationBillingEntity } from './billing.entity';

export class BillingService {
  private readonly stripe: Stripe | null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly usage: UsageService,
    private readonly settings: Config['billing'],
  ) {
    const base = new URL(settings.stripeApiBase);
    this.stripe = settings.stripeSecretKey
      ? new Stripe(settings.stripeSecretKey, {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
          maxNetworkRetries: 2,
          telemetry: false,
        })
      : null;
  }

  async summary(organizationId: string) {
    const [[billing], [seats], [bucket]] = await Promise.all([
      this.dataSource.query('SELECT plan FROM organization_billing WHERE organization_id = $1', [organizationId]) as Promise<Array<{ plan: string }>>,
      this.dataSource.query(
        `SELECT (SELECT count(DISTINCT m.user_id) FROM workspace_membership m JOIN workspace w ON w.id = m.workspace_id WHERE w.organization_id = $1)::int AS seats,
                (SELECT coalesce(sum(seat_limit), 0) FROM workspace WHERE organization_id = $1)::int AS "seatLimit"`,
        [organizationId],
      ) as Promise<Array<{ seats: number; seatLimit: number }>>,
      this.usage.organizationWorkspaceIds(organizationId).then((ids) => this.usage.series(ids, 1)),
    ]);
    const start = bucket.periodStart;
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    return { organizationId, plan: billing?.plan ?? 'FREE', ...seats, currentPeriodStart: start, currentPeriodEnd: end, usage: bucket };
  }

  /**
   * A Stripe customer-portal session for the organization. Its Stripe customer is created on first use
   * (under a row lock and a Stripe idempotency key, so concurrent first calls make one customer) and
   * its id kept.
   */
  async createPortalSession(actor: Actor, organizationId: string, returnUrl: string): Promise<{ organizationId: string; url: string }> {
    let origin: string | undefined;
    try {
      const parsed = new URL(returnUrl);
      origin = ['http:', 'https:'].includes(parsed.protocol) ? parsed.origin : undefined;
    } catch {
      origin = undefined;
    }
    if (!origin || !this.settings.returnOrigins.includes(origin)) throw badInput('returnUrl', `must be a URL on ${this.settings.returnOrigins.join(', ')}`);
    const stripe = this.stripe;
    if (!stripe) throw new DomainError(ErrorCode.CONFLICT, 'Billing is not configured on this deployment (STRIPE_SECRET_KEY)', { reason: 'BILLING_NOT_CONFIGURED' });
    return inTransaction(this.dataSource, async (manager) => {
      const organization = await manager.findOne(OrganizationEntity, { where: { id: organizationId }, select: { id: true, name: true } });
      if (!organization) throw new DomainError(ErrorCode.NOT_FOUND, 'Organization not found');
      await manager.createQueryBuilder().insert().into(OrganizationBillingEntity).values({ organizationId }).orIgnore().execute();
      const billing = await manager.findOneOrFail(OrganizationBillingEntity, { where: { organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!billing.stripeCustomerId) {
        const customer = await stripe.customers.create({ name: organization.name, metadata: { organizationId } }, { idempotencyKey: `gatehouse-organization-${organizationId}` });
        billing.stripeCustomerId = customer.id;
        await manager.save(billing);
      }
      const session = await stripe.billingPortal.sessions.create({ customer: billing.stripeCustomerId, return_url: returnUrl });
      await this.audit.record(manager, actor, {
        organizationId,
        action: 'billing.portal_session_created',
        target: { type: 'organization', id: organizationId },
        metadata: { stripeCustomerId: billing.stripeCustomerId, returnUrl },
      });
      return { organizationId, url: session.url };
    });
  }
}
