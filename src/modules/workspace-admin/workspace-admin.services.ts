import type { Infrastructure } from '../../services';
import type { CredentialStore } from '../api-key/credential-store';
import type { AuditService } from '../audit/audit.service';
import { EnvironmentService } from '../environment/environment.service';
import { ModelIntegrationService } from '../model-integration/model-integration.service';
import { notificationEventsPlaceholder } from '../model-integration/notification-events.port';
import type { SecretEnvelope } from '../../auth/secret-envelope';
import { WorkspaceDeletionService } from './workspace-deletion.service';
import { SettingsImportService } from './settings-import.service';
import { UsageMeter } from '../usage/usage-meter';
import { UsageService } from '../usage/usage.service';
import { BillingService } from '../billing/billing.service';

export interface WorkspaceAdminDeps {
  infra: Infrastructure;
  audit: AuditService;
  credentials: CredentialStore;
  envelope: SecretEnvelope;
}

/** The services of workspace administration (issue 15), built once per process by createServices. */
export function createWorkspaceAdminServices({ infra, audit, credentials, envelope }: WorkspaceAdminDeps) {
  const { dataSource, config, clock, redis, logger } = infra;
  const usage = new UsageService(dataSource, clock);
  return {
    environments: new EnvironmentService(dataSource, audit),
    workspaceDeletion: new WorkspaceDeletionService(dataSource, audit, credentials),
    settingsImport: new SettingsImportService(dataSource, audit, envelope, clock),
    usage,
    billing: new BillingService(dataSource, audit, usage, config.billing),
    // API processes count requests and active members here; createApp starts and stops it.
    usageMeter: new UsageMeter(dataSource, clock, logger, config.usageFlushSeconds),
    modelIntegrations: new ModelIntegrationService({
      dataSource,
      audit,
      envelope,
      // Replaced by the notification module's implementation when it is merged.
      notifications: notificationEventsPlaceholder,
      clock,
      redis,
      redisPrefix: config.redisPrefix,
      revealLimitPerHour: config.secretRevealLimitPerHour,
    }),
  };
}
