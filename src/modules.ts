import type { GatehouseModule } from './module';
import { apiKeyModule } from './modules/api-key/api-key.module';
import { appCredentialModule } from './modules/app-credential/app-credential.module';
import { auditDigestModule } from './modules/audit-digest/audit-digest.module';
import { auditModule } from './modules/audit/audit.module';
import { billingModule } from './modules/billing/billing.module';
import { environmentModule } from './modules/environment/environment.module';
import { identityModule } from './modules/identity/identity.module';
import { invitationModule } from './modules/invitation/invitation.module';
import { memberErasureModule } from './modules/member-erasure/member-erasure.module';
import { modelIntegrationModule } from './modules/model-integration/model-integration.module';
import { notificationModule } from './modules/notification/notification.module';
import { organizationModule } from './modules/organization/organization.module';
import { passkeyModule } from './modules/passkey/passkey.module';
import { projectModule } from './modules/project/project.module';
import { retentionModule } from './modules/retention/retention.module';
import { usageModule } from './modules/usage/usage.module';
import { workspaceAdminModule } from './modules/workspace-admin/workspace-admin.module';
import { workspaceModule } from './modules/workspace/workspace.module';

/**
 * Every feature of Gatehouse, in the order their services are built (a module may use the services
 * of those above it). Adding a feature is its folder under src/modules/ and one line here.
 */
export const MODULES: readonly GatehouseModule[] = [
  retentionModule,
  auditModule,
  identityModule,
  organizationModule,
  workspaceModule,
  passkeyModule,
  invitationModule,
  memberErasureModule,
  apiKeyModule,
  appCredentialModule,
  projectModule,
  auditDigestModule,
  notificationModule,
  environmentModule,
  modelIntegrationModule,
  usageModule,
  billingModule,
  workspaceAdminModule,
];
