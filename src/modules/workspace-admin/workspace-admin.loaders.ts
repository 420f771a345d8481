import type { DataSource } from 'typeorm';
import { createEnvironmentLoaders } from '../environment/environment.loaders';

/** The DataLoaders of workspace administration (issue 15), spread into createLoaders. */
export function createWorkspaceAdminLoaders(dataSource: DataSource) {
  return {
    ...createEnvironmentLoaders(dataSource),
  };
}
