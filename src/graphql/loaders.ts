import type { DataSource } from 'typeorm';
import { createIdentityLoaders } from '../modules/identity/identity.loaders';
import { createOrganizationLoaders } from '../modules/organization/organization.loaders';
import { createWorkspaceLoaders } from '../modules/workspace/workspace.loaders';
import { createApiKeyLoaders } from '../modules/api-key/api-key.loaders';
import { createAuditDigestLoaders } from '../modules/audit-digest/audit-digest.loaders';
import { createWorkspaceAdminLoaders } from '../modules/workspace-admin/workspace-admin.loaders';

/**
 * Per-request DataLoaders of every module, made fresh for each request so nothing is cached across
 * callers. `userId` is the signed-in person, for loaders whose answer depends on who asks.
 */
export function createLoaders(dataSource: DataSource, userId: string | null) {
  return {
    ...createIdentityLoaders(dataSource),
    ...createOrganizationLoaders(dataSource),
    ...createWorkspaceLoaders(dataSource, userId),
    ...createApiKeyLoaders(dataSource),
    ...createAuditDigestLoaders(dataSource),
    // Workspace administration (issue 15).
    ...createWorkspaceAdminLoaders(dataSource),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
