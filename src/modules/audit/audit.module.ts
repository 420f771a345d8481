import type { GatehouseModule } from '../../module';
import { OrganizationAuditResolver, ViewerSecurityEventsResolver, WorkspaceAuditResolver } from './audit.resolver';
import { AuditExporter } from './audit-export';
import { AuditService } from './audit.service';

declare module '../../module' {
  interface Services {
    audit: AuditService;
    auditExporter: AuditExporter;
  }
}

export const auditModule: GatehouseModule = {
  name: 'audit',
  services: ({ dataSource, clock, config }, s) => {
    const audit = new AuditService(dataSource, clock);
    s.retention.retain('auditEventsDeleted', (workspaceId, cutoff, batch) => audit.deleteOlderThan(workspaceId, cutoff, batch));
    return { audit, auditExporter: new AuditExporter(audit, config.appSecret, clock) };
  },
  resolvers: [
    [WorkspaceAuditResolver, (s) => new WorkspaceAuditResolver(s.audit, s.auditExporter, s.config.publicUrl)],
    [OrganizationAuditResolver, (s) => new OrganizationAuditResolver(s.audit)],
    [ViewerSecurityEventsResolver, (s) => new ViewerSecurityEventsResolver(s.audit)],
  ],
};
