import type { GatehouseModule } from '../../module';
import { OrganizationAuditResolver, WorkspaceAuditResolver } from './audit.resolver';
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
  services: ({ dataSource, clock, config }) => {
    const audit = new AuditService(dataSource, clock);
    return { audit, auditExporter: new AuditExporter(audit, config.appSecret, clock) };
  },
  resolvers: [
    [WorkspaceAuditResolver, (s) => new WorkspaceAuditResolver(s.audit, s.auditExporter, s.config.publicUrl)],
    [OrganizationAuditResolver, (s) => new OrganizationAuditResolver(s.audit)],
  ],
};
