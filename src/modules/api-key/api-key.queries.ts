import type { EntityManager } from 'typeorm';
import { OrgRole } from '../../auth/permissions';
import { ApiKeyEntity, ApiKeyKind } from './api-key.entity';

/** The columns a list of keys reads: what the masked display and the lists show, never the hash. */
export const LISTED_KEY_COLUMNS = ['id', 'kind', 'prefix', 'start', 'name', 'userId', 'workspaceId', 'createdById', 'scopes', 'active', 'expiresAt', 'revokedAt', 'lastUsedAt', 'createdAt'] as const satisfies ReadonlyArray<keyof ApiKeyEntity>;
export type ListedKeyRow = Pick<ApiKeyEntity, (typeof LISTED_KEY_COLUMNS)[number]>;

export interface WorkspaceKeyRow {
  row: ListedKeyRow;
  /** The creator is still an explicit member of the workspace or an owner of its organization. */
  creatorIsMember: boolean;
}

/**
 * Workspace keys with whether their creator still belongs to the workspace, in one query. Keys revoked
 * by the database's clock are left out unless asked for; callers drop the ones revoked by the app clock.
 */
export async function findWorkspaceKeys(
  manager: EntityManager,
  where: { workspaceIds: readonly string[] } | { ids: readonly string[] },
  includeRevoked = false,
): Promise<WorkspaceKeyRow[]> {
  const query = manager
    .createQueryBuilder(ApiKeyEntity, 'k')
    .select(LISTED_KEY_COLUMNS.map((column) => `k.${column}`))
    .addSelect(
      `(EXISTS (SELECT 1 FROM workspace_membership wm WHERE wm.workspace_id = k.workspace_id AND wm.user_id = k.created_by_id)
        OR EXISTS (SELECT 1 FROM org_membership om JOIN workspace w ON w.organization_id = om.organization_id
                   WHERE w.id = k.workspace_id AND om.user_id = k.created_by_id AND om.role = :owner))`,
      'creator_is_member',
    )
    .where('k.kind = :kind', { kind: ApiKeyKind.WORKSPACE, owner: OrgRole.OWNER })
    .orderBy('k.createdAt', 'ASC')
    .addOrderBy('k.id', 'ASC');
  if (!includeRevoked) query.andWhere('(k.revokedAt IS NULL OR k.revokedAt > now())');
  if ('ids' in where) query.andWhere('k.id IN (:...ids)', { ids: where.ids });
  else query.andWhere('k.workspaceId IN (:...workspaceIds)', { workspaceIds: where.workspaceIds });
  const { entities, raw } = await query.getRawAndEntities<{ k_id: string; creator_is_member: boolean }>();
  const member = new Map(raw.map((item) => [item.k_id, item.creator_is_member]));
  return entities.map((row) => ({ row, creatorIsMember: member.get(row.id) ?? false }));
}
