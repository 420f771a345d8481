import type { GatehouseModule, LoadersOf } from '../../module';
import { QueueName } from '../../queue/queues';
import { DIGEST_TICK, createDigestJobHandlers } from './audit-digest.jobs';
import { createAuditDigestLoaders } from './audit-digest.loaders';
import { AUDIT_DIGEST_TEMPLATE, renderAuditDigest } from './audit-digest.mail';
import { AuditDigestResolver } from './audit-digest.resolver';
import { AuditDigestService } from './audit-digest.service';
import { auditDigestRoutes } from './audit-digest.rest';

const loaders = createAuditDigestLoaders();

declare module '../../module' {
  interface Services {
    auditDigest: AuditDigestService;
  }
  interface Loaders extends LoadersOf<typeof loaders> {}
}

export const auditDigestModule: GatehouseModule = {
  name: 'audit-digest',
  services: ({ dataSource, clock, queues, config, logger }, s) => ({
    auditDigest: new AuditDigestService({ dataSource, clock, audit: s.audit, workspaces: s.workspaces, queues, publicUrl: config.publicUrl, appUrl: config.appUrl, logger, sendNowPerHour: config.hourlyLimits.digestSendNowPerWorkspace }),
  }),
  resolvers: [[AuditDigestResolver, (s) => new AuditDigestResolver(s.auditDigest)]],
  loaders,
  mailTemplates: { [AUDIT_DIGEST_TEMPLATE]: renderAuditDigest },
  jobs: (s, mailer) => ({ [QueueName.Digest]: createDigestJobHandlers(s.auditDigest, mailer) }),
  recurringJobs: [DIGEST_TICK],
  restRoutes: auditDigestRoutes,
};
