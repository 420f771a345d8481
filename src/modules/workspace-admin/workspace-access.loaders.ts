import DataLoader from 'dataloader';
import type { LoaderContext } from '../../module';
import { WorkspaceRole } from '../../auth/permissions';
import type { WorkspaceAccess } from './workspace-admin.types';

export const ORGANIZATION_OWNER_REASON = 'organization owner: implicit ADMIN of every workspace of the organization';

export function createWorkspaceAccessLoaders() {
  return {
    /** By workspace id: explicit members and organization owners, each person once with their effective role. */
    workspaceAccess: ({ dataSource }: LoaderContext) =>
      new DataLoader<string, WorkspaceAccess[]>(async (workspaceIds) => {
      const rows: Array<{ workspaceId: string; userId: string; role: WorkspaceRole | null; owner: boolean }> = await dataSource.query(
        `SELECT wm.workspace_id AS "workspaceId", wm.user_id AS "userId", wm.role, false AS owner
           FROM workspace_membership wm WHERE wm.workspace_id = ANY($1::uuid[])
         UNION ALL
         SELECT w.id, om.user_id, NULL, true
           FROM workspace w JOIN org_membership om ON om.organization_id = w.organization_id AND om.role = 'OWNER'
          WHERE w.id = ANY($1::uuid[])`,
        [[...workspaceIds]],
      );
      const byWorkspace = new Map<string, Map<string, WorkspaceAccess>>(workspaceIds.map((id) => [id, new Map()]));
      for (const row of rows) {
        const people = byWorkspace.get(row.workspaceId)!;
        if (row.owner) people.set(row.userId, { workspaceId: row.workspaceId, userId: row.userId, role: WorkspaceRole.ADMIN, implicit: true, reason: ORGANIZATION_OWNER_REASON });
        else if (!people.has(row.userId)) people.set(row.userId, { workspaceId: row.workspaceId, userId: row.userId, role: row.role!, implicit: false, reason: null });
      }
      return workspaceIds.map((id) => [...byWorkspace.get(id)!.values()]);
    }),
  };
}
