import type { Infrastructure } from '../../services';
import type { CredentialStore } from '../api-key/credential-store';
import type { AuditService } from '../audit/audit.service';
import { EnvironmentService } from '../environment/environment.service';
import { ModelIntegrationService } from '../model-integration/model-integration.service';
import { notificationEventsPlaceholder } from '../model-integration/notification-events.port';
import type { SecretEnvelope } from '../../auth/secret-envelope';
import { WorkspaceDeletionService } from './workspace-deletion.service';

export interface WorkspaceAdminDeps {
  infra: Infrastructure;
  audit: AuditService;
  credentials: CredentialStore;
  envelope: SecretEnvelope;
}

/** The services of workspace administration (issue 15), built once per process by createServices. */
export function createWorkspaceAdminServices({ infra, audit, credentials, envelope }: WorkspaceAdminDeps) {
  const { dataSource, config, clock, redis } = infra;
  return {
    environments: new EnvironmentService(dataSource, audit),
    workspaceDeletion: new WorkspaceDeletionService(dataSource, audit, credentials),
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
