import DataLoader from 'dataloader';
import { OrgRole } from '../../auth/permissions';
import { pickByForeignKeyLoader, pickByIdLoader } from '../../db/loader-helpers';
import type { LoaderContext } from '../../module';
import { EMBEDDED_USER } from '../identity/identity.loaders';
import { WORKSPACE_COLUMNS, WORKSPACE_MEMBER_COLUMNS, type WorkspaceMemberRow, type WorkspaceRow } from './workspace.mappers';
import { WorkspaceMembershipEntity } from './workspace-membership.entity';
import { WorkspaceEntity } from './workspace.entity';

export function createWorkspaceLoaders() {
  return {
    workspace: ({ dataSource }: LoaderContext) => pickByIdLoader(dataSource, WorkspaceEntity, WORKSPACE_COLUMNS),
    workspaceMembers: ({ dataSource }: LoaderContext) => pickByForeignKeyLoader<WorkspaceMembershipEntity, (typeof WORKSPACE_MEMBER_COLUMNS)[number], WorkspaceMemberRow>(dataSource, WorkspaceMembershipEntity, 'workspaceId', WORKSPACE_MEMBER_COLUMNS, 'createdAt', EMBEDDED_USER),
    /** Per organization, the workspaces the caller can see: all of them for an owner, else their own. */
    visibleWorkspaces: ({ dataSource, userId }: LoaderContext) =>
      new DataLoader<string, WorkspaceRow[]>(async (organizationIds) => {
        const rows: WorkspaceRow[] = userId
          ? await dataSource.query(
              `SELECT w.id, w.organization_id AS "organizationId", w.slug, w.region, w.name, w.description,
                      w.data_retention_days AS "dataRetentionDays", w.seat_limit AS "seatLimit", w.created_at AS "createdAt"
                 FROM workspace w
                WHERE w.organization_id = ANY($1::uuid[])
                  AND (EXISTS (SELECT 1 FROM org_membership om WHERE om.organization_id = w.organization_id AND om.user_id = $2 AND om.role = $3)
                       OR EXISTS (SELECT 1 FROM workspace_membership wm WHERE wm.workspace_id = w.id AND wm.user_id = $2))
                ORDER BY w.created_at, w.id`,
              [organizationIds, userId, OrgRole.OWNER],
            )
          : [];
        return organizationIds.map((id) => rows.filter((row) => row.organizationId === id));
      }),
  };
}
