import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { BUILT_IN_PROJECT_ROLE_PERMISSIONS, effectiveWorkspaceRole, isBuiltInProjectRole, projectAccessOf, type OrgRole, type ProjectAccess, type WorkspaceRole } from './permissions';
import { preparedQuery } from '../db/prepared-query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/**
 * The caller's roles, looked up once per request and batched: every workspace (or organization) asked
 * about in one tick costs one query. Answers already known are returned synchronously, so a field
 * whose role is loaded is checked without a promise.
 */
export class RoleResolver {
  private readonly workspaceRoles = new Map<string, WorkspaceRole | null>();
  private readonly orgRoles = new Map<string, OrgRole | null>();
  private readonly workspaceLoader: DataLoader<string, WorkspaceRole | null>;
  private readonly orgLoader: DataLoader<string, OrgRole | null>;
  private readonly projectLoader: DataLoader<string, ProjectAccess | null>;
  private readonly userId: string | null;

  /**
   * `userId` is null for callers that are not people (API keys): they hold no roles.
   * `onWorkspaceAccess` hears of each workspace the person holds a role in and reached (usage metering).
   */
  constructor(
    dataSource: DataSource,
    userId: string | null,
    private readonly onWorkspaceAccess?: (workspaceId: string) => void,
  ) {
    this.userId = userId;
    this.workspaceLoader = new DataLoader(async (workspaceIds) => {
      const { rows } = await preparedQuery<{ workspace_id: string; workspace_role: WorkspaceRole | null; org_role: OrgRole | null }>(
        dataSource,
        `SELECT w.id AS workspace_id, wm.role AS workspace_role, om.role AS org_role
           FROM workspace w
           LEFT JOIN workspace_membership wm ON wm.workspace_id = w.id AND wm.user_id = $1
           LEFT JOIN org_membership om ON om.organization_id = w.organization_id AND om.user_id = $1
          WHERE w.id = ANY($2::uuid[])`,
        [userId, workspaceIds],
      );
      // A workspace role counts only while the person belongs to the organization.
      const byId = new Map(rows.map((row) => [row.workspace_id, row.org_role ? effectiveWorkspaceRole(row.workspace_role, row.org_role) : null]));
      return workspaceIds.map((id) => byId.get(id) ?? null);
    });
    this.orgLoader = new DataLoader(async (organizationIds) => {
      const { rows } = await preparedQuery<{ organization_id: string; role: OrgRole }>(
        dataSource,
        'SELECT organization_id, role FROM org_membership WHERE user_id = $1 AND organization_id = ANY($2::uuid[])',
        [userId, organizationIds],
      );
      const byId = new Map(rows.map((row) => [row.organization_id, row.role]));
      return organizationIds.map((id) => byId.get(id) ?? null);
    });
    // Also answers for keys (userId null): the project's workspace, with no roles.
    this.projectLoader = new DataLoader(async (projectIds) => {
      const rows: Array<{ project_id: string; workspace_id: string; workspace_role: WorkspaceRole | null; org_role: OrgRole | null; role: string | null; custom_permissions: string[] | null }> =
        await dataSource.query(
          `SELECT p.id AS project_id, p.workspace_id, wm.role AS workspace_role, om.role AS org_role, pm.role, pr.permissions AS custom_permissions
             FROM project p
             JOIN workspace w ON w.id = p.workspace_id
             LEFT JOIN workspace_membership wm ON wm.workspace_id = p.workspace_id AND wm.user_id = $1
             LEFT JOIN org_membership om ON om.organization_id = w.organization_id AND om.user_id = $1
             LEFT JOIN project_member pm ON pm.project_id = p.id AND pm.user_id = $1
             LEFT JOIN project_role pr ON pr.id = pm.custom_role_id
            WHERE p.id = ANY($2::uuid[])`,
          [userId, projectIds],
        );
      const byId = new Map(
        rows.map((row) => {
          const explicit = row.role ? { roleId: row.role, permissions: isBuiltInProjectRole(row.role) ? BUILT_IN_PROJECT_ROLE_PERMISSIONS[row.role] : (row.custom_permissions ?? []) } : null;
          return [row.project_id, projectAccessOf({ projectId: row.project_id, workspaceId: row.workspace_id }, effectiveWorkspaceRole(row.workspace_role, row.org_role), explicit)];
        }),
      );
      return projectIds.map((id) => byId.get(id) ?? null);
    });
  }

  /** The caller's roles and permissions in a project; null when the project does not exist. */
  projectAccess(projectId: string): Promise<ProjectAccess | null> {
    return isUuid(projectId) ? this.projectLoader.load(projectId) : Promise.resolve(null);
  }

  /** The role if already known (null: none), `undefined` if it must be loaded. */
  knownWorkspaceRole(workspaceId: string): WorkspaceRole | null | undefined {
    return this.workspaceRoles.get(workspaceId);
  }

  async workspaceRole(workspaceId: string): Promise<WorkspaceRole | null> {
    const known = this.workspaceRoles.get(workspaceId);
    if (known !== undefined) return known;
    const role = this.userId && isUuid(workspaceId) ? await this.workspaceLoader.load(workspaceId) : null;
    this.workspaceRoles.set(workspaceId, role);
    if (role) this.onWorkspaceAccess?.(workspaceId);
    return role;
  }

  knownOrgRole(organizationId: string): OrgRole | null | undefined {
    return this.orgRoles.get(organizationId);
  }

  async orgRole(organizationId: string): Promise<OrgRole | null> {
    const known = this.orgRoles.get(organizationId);
    if (known !== undefined) return known;
    const role = this.userId && isUuid(organizationId) ? await this.orgLoader.load(organizationId) : null;
    this.orgRoles.set(organizationId, role);
    return role;
  }
}
