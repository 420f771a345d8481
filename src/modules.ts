import type { GatehouseModule } from './module';
import { apiKeyModule } from './modules/api-key/api-key.module';
import { appCredentialModule } from './modules/app-credential/app-credential.module';
import { auditDigestModule } from './modules/audit-digest/audit-digest.module';
import { auditModule } from './modules/audit/audit.module';
import { identityModule } from './modules/identity/identity.module';
import { invitationModule } from './modules/invitation/invitation.module';
import { memberErasureModule } from './modules/member-erasure/member-erasure.module';
import { organizationModule } from './modules/organization/organization.module';
import { passkeyModule } from './modules/passkey/passkey.module';
import { projectModule } from './modules/project/project.module';
import { retentionModule } from './modules/retention/retention.module';
import { workspaceModule } from './modules/workspace/workspace.module';

/**
 * Every feature of Gatehouse, in the order their services are built (a module may use the services
 * of those above it). Adding a feature is its folder under src/modules/ and one line here.
 */
export const MODULES: readonly GatehouseModule[] = [
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
  retentionModule,
];
