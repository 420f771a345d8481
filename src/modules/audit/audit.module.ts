import type { GatehouseModule } from '../../module';
import { OrganizationAuditResolver, ViewerSecurityEventsResolver, WorkspaceAuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

declare module '../../module' {
  interface Services {
    audit: AuditService;
  }
}

export const auditModule: GatehouseModule = {
  name: 'audit',
  services: ({ dataSource, clock }) => ({ audit: new AuditService(dataSource, clock) }),
  resolvers: [
    [WorkspaceAuditResolver, (s) => new WorkspaceAuditResolver(s.audit)],
    [OrganizationAuditResolver, (s) => new OrganizationAuditResolver(s.audit)],
    [ViewerSecurityEventsResolver, (s) => new ViewerSecurityEventsResolver(s.audit)],
  ],
};
