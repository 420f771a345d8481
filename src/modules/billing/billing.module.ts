import type { GatehouseModule } from '../../module';
import { BillingResolver } from './billing.resolver';
import { BillingService } from './billing.service';
import { billingRoutes } from './billing.rest';

declare module '../../module' {
  interface Services {
    billing: BillingService;
  }
}

/** The organization's plan and period, and Stripe's customer portal. */
export const billingModule: GatehouseModule = {
  name: 'billing',
  services: ({ dataSource, config }, s) => ({ billing: new BillingService(dataSource, s.audit, s.usage, config.billing) }),
  resolvers: [[BillingResolver, (s) => new BillingResolver(s.billing)]],
  restRoutes: billingRoutes,
};
