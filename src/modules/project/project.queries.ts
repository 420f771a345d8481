import { In, IsNull, type EntityManager } from 'typeorm';
import { BUILT_IN_PROJECT_ROLE_PERMISSIONS, BuiltInProjectRole, PROJECT_PERMISSIONS, type ProjectPermission } from '../../auth/permissions';
import { ApiKeyEntity, ApiKeyKind } from '../api-key/api-key.entity';
import type { VisibilityRule } from './attribute-redaction';
import { AttributeVisibilityRuleEntity } from './attribute-visibility-rule.entity';
import { ProjectRoleEntity } from './project-role.entity';

/** Reads shared by the per-request loaders (many projects at once) and the services (one). */

export interface ProjectRoleView {
  id: string;
  name: string;
  builtIn: boolean;
  permissions: ProjectPermission[];
}

export interface ProjectKeyRow {
  id: string;
  projectId: string | null;
  prefix: string;
  start: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** Permissions in the catalog's order, so lists and audit metadata compare stably. */
export const inCatalogOrder = (permissions: readonly string[]): ProjectPermission[] => PROJECT_PERMISSIONS.filter((permission) => permissions.includes(permission));

const BUILT_IN_ROLES: ProjectRoleView[] = Object.values(BuiltInProjectRole).map((role) => ({ id: role, name: role, builtIn: true, permissions: [...BUILT_IN_PROJECT_ROLE_PERMISSIONS[role]] }));

const groupBy = <T>(projectIds: readonly string[], rows: T[], projectOf: (row: T) => string | null): T[][] => {
  const groups = new Map<string, T[]>(projectIds.map((id) => [id, []]));
  for (const row of rows) groups.get(projectOf(row) ?? '')?.push(row);
  return projectIds.map((id) => groups.get(id) ?? []);
};

/** Per project: the built-in roles, then its custom roles oldest first. */
export async function findProjectRoles(manager: EntityManager, projectIds: readonly string[]): Promise<ProjectRoleView[][]> {
  const rows = await manager.find(ProjectRoleEntity, { where: { projectId: In([...projectIds]) }, select: { id: true, projectId: true, name: true, permissions: true }, order: { createdAt: 'ASC', id: 'ASC' } });
  return groupBy(projectIds, rows, (row) => row.projectId).map((custom) => [
    ...BUILT_IN_ROLES,
    ...custom.map((role) => ({ id: role.id, name: role.name, builtIn: false, permissions: inCatalogOrder(role.permissions) })),
  ]);
}

/** Per project: its attribute visibility rules, in order. */
export async function findVisibilityRules(manager: EntityManager, projectIds: readonly string[]): Promise<VisibilityRule[][]> {
  const rows = await manager.find(AttributeVisibilityRuleEntity, { where: { projectId: In([...projectIds]) }, select: { projectId: true, pattern: true, roles: true }, order: { position: 'ASC' } });
  return groupBy(projectIds, rows, (row) => row.projectId).map((rules) => rules.map(({ pattern, roles }) => ({ pattern, roles })));
}

/** Per project: its working key, as the API Keys tab shows it (never the hash), or null. */
export async function findProjectKeys(manager: EntityManager, projectIds: readonly string[]): Promise<Array<ProjectKeyRow | null>> {
  const rows = await manager.find(ApiKeyEntity, {
    where: { projectId: In([...projectIds]), kind: ApiKeyKind.PROJECT, revokedAt: IsNull() },
    select: { id: true, projectId: true, prefix: true, start: true, createdAt: true, lastUsedAt: true },
  });
  return groupBy(projectIds, rows, (row) => row.projectId).map((keys) => keys[0] ?? null);
}
