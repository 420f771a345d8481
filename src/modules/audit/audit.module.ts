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
  services: ({ dataSource, clock }, s) => {
    const audit = new AuditService(dataSource, clock);
    s.retention.retain('auditEventsDeleted', (workspaceId, cutoff, batch) => audit.deleteOlderThan(workspaceId, cutoff, batch));
    return { audit };
  },
  resolvers: [
    [WorkspaceAuditResolver, (s) => new WorkspaceAuditResolver(s.audit)],
    [OrganizationAuditResolver, (s) => new OrganizationAuditResolver(s.audit)],
    [ViewerSecurityEventsResolver, (s) => new ViewerSecurityEventsResolver(s.audit)],
  ],
};
