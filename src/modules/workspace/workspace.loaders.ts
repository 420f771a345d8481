import DataLoader from 'dataloader';
import { OrgRole } from '../../auth/permissions';
import { byForeignKeyLoader, byIdLoader } from '../../db/loader-helpers';
import type { LoaderContext } from '../../module';
import { WorkspaceMembershipEntity } from './workspace-membership.entity';
import { WorkspaceEntity } from './workspace.entity';

export function createWorkspaceLoaders() {
  return {
    workspace: ({ dataSource }: LoaderContext) => byIdLoader(dataSource, WorkspaceEntity),
    workspaceMembers: ({ dataSource }: LoaderContext) => byForeignKeyLoader(dataSource, WorkspaceMembershipEntity, 'workspaceId', { createdAt: 'ASC' }),
    /** Per organization, the workspaces the caller can see: all of them for an owner, else their own. */
    visibleWorkspaces: ({ dataSource, userId }: LoaderContext) => new DataLoader<string, WorkspaceEntity[]>(async (organizationIds) => {
      const rows = userId
        ? await dataSource
            .getRepository(WorkspaceEntity)
            .createQueryBuilder('workspace')
            .where('workspace.organizationId IN (:...organizationIds)', { organizationIds })
            .andWhere(
              `(EXISTS (SELECT 1 FROM org_membership om WHERE om.organization_id = workspace.organization_id AND om.user_id = :userId AND om.role = :owner)
                OR EXISTS (SELECT 1 FROM workspace_membership wm WHERE wm.workspace_id = workspace.id AND wm.user_id = :userId))`,
              { userId, owner: OrgRole.OWNER },
            )
            .orderBy('workspace.createdAt', 'ASC')
            .getMany()
        : [];
      return organizationIds.map((id) => rows.filter((row) => row.organizationId === id));
    }),
  };
}
