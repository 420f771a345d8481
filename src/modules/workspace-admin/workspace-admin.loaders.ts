import type { DataSource } from 'typeorm';
import { createEnvironmentLoaders } from '../environment/environment.loaders';
import { createModelIntegrationLoaders } from '../model-integration/model-integration.loaders';
import { createWorkspaceAccessLoaders } from './workspace-access.loaders';

/** The DataLoaders of workspace administration (issue 15), spread into createLoaders. */
export function createWorkspaceAdminLoaders(dataSource: DataSource) {
  return {
    ...createEnvironmentLoaders(dataSource),
    ...createModelIntegrationLoaders(dataSource),
    ...createWorkspaceAccessLoaders(dataSource),
  };
}
