import type { GatehouseModule } from '../../module';
import { UsageMeter } from './usage-meter';
import { OrganizationUsageResolver, WorkspaceUsageResolver } from './usage.resolver';
import { UsageService } from './usage.service';

declare module '../../module' {
  interface Services {
    usage: UsageService;
    /** API processes count requests and active members here, and write them every USAGE_FLUSH_SECONDS. */
    usageMeter: UsageMeter;
  }
}

export const usageModule: GatehouseModule = {
  name: 'usage',
  services: ({ dataSource, clock, logger, config }) => ({
    usage: new UsageService(dataSource, clock),
    usageMeter: new UsageMeter(dataSource, clock, logger, config.usageFlushSeconds),
  }),
  resolvers: [
    [WorkspaceUsageResolver, (s) => new WorkspaceUsageResolver(s.usage)],
    [OrganizationUsageResolver, (s) => new OrganizationUsageResolver(s.usage)],
  ],
  requestObserver: (s) => ({
    authenticated: (principal) => {
      if (principal.type === 'workspace_api_key') s.usageMeter.requestMade(principal.workspaceId);
    },
    workspaceAccessed: (workspaceId, userId) => s.usageMeter.memberActive(workspaceId, userId),
  }),
  startApi: (s) => s.usageMeter.start(),
  stopApi: (s) => s.usageMeter.stop(),
};
