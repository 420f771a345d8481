import DataLoader from 'dataloader';
import type { LoaderContext } from '../../module';
import { toEnvironment } from './environment.mappers';
import type { Environment } from './environment.types';

export function createEnvironmentLoaders() {
  return {
    /** By workspace id: its environments, production first, then by name. */
    environments: ({ dataSource }: LoaderContext) =>
      new DataLoader<string, Environment[]>(async (workspaceIds) => {
      const rows: Array<{ id: string; workspace_id: string; name: string; created_at: Date }> = await dataSource.query(
        `SELECT id, workspace_id, name, created_at FROM environment WHERE workspace_id = ANY($1::uuid[]) ORDER BY name <> 'production', name`,
        [[...workspaceIds]],
      );
      const byWorkspace = new Map<string, Environment[]>(workspaceIds.map((id) => [id, []]));
      for (const row of rows) byWorkspace.get(row.workspace_id)?.push(toEnvironment({ id: row.id, workspaceId: row.workspace_id, name: row.name, createdAt: row.created_at }));
      return workspaceIds.map((id) => byWorkspace.get(id) ?? []);
    }),
  };
}
