import DataLoader from 'dataloader';
import type { LoaderContext } from '../../module';
import { findWorkspaceKeys, type WorkspaceKeyRow } from './api-key.queries';

export function createApiKeyLoaders() {
  return {
    /** Per workspace, its keys that are not revoked, oldest first. */
    workspaceApiKeys: ({ dataSource }: LoaderContext) =>
      new DataLoader<string, WorkspaceKeyRow[]>(async (workspaceIds) => {
        const rows = await findWorkspaceKeys(dataSource.manager, { workspaceIds });
        return workspaceIds.map((id) => rows.filter((item) => item.row.workspaceId === id));
      }),
  };
}
