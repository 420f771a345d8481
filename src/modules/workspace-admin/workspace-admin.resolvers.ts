import type { Services } from '../../services';
import { WorkspaceAdminResolver } from './workspace-admin.resolver';
import { WorkspaceAccessResolver, WorkspaceAccessUserResolver } from './workspace-access.resolver';
import { OrganizationUsageResolver, WorkspaceUsageResolver } from '../usage/usage.resolver';
import { BillingResolver } from '../billing/billing.resolver';
import { EnvironmentResolver } from '../environment/environment.resolver';
import { ModelIntegrationResolver, WorkspaceModelIntegrationsResolver } from '../model-integration/model-integration.resolver';

/** The resolvers of workspace administration (issue 15), spread into RESOLVERS. */
export const WORKSPACE_ADMIN_RESOLVERS = [
  [WorkspaceAdminResolver, (s: Services) => new WorkspaceAdminResolver(s.workspaceDeletion, s.settingsImport)],
  [WorkspaceUsageResolver, (s: Services) => new WorkspaceUsageResolver(s.usage)],
  [OrganizationUsageResolver, (s: Services) => new OrganizationUsageResolver(s.usage)],
  [WorkspaceAccessResolver, () => new WorkspaceAccessResolver()],
  [WorkspaceAccessUserResolver, () => new WorkspaceAccessUserResolver()],
  [BillingResolver, (s: Services) => new BillingResolver(s.billing)],
  [EnvironmentResolver, (s: Services) => new EnvironmentResolver(s.environments)],
  [WorkspaceModelIntegrationsResolver, (s: Services) => new WorkspaceModelIntegrationsResolver(s.modelIntegrations)],
  [ModelIntegrationResolver, () => new ModelIntegrationResolver()],
] as const;
