import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { BuiltInProjectRole, PROJECT_PERMISSIONS, isBuiltInProjectRole, type ProjectAccess, type ProjectPermission } from '../../auth/permissions';
import { isUuid } from '../../auth/role-resolver';
import type { Clock } from '../../clock';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import { decodeCursor, encodeCursor, toConnection, type Connection } from '../../core/pagination';
import { isUniqueViolation } from '../../db/postgres-errors';
import { inTransaction } from '../../db/transaction';
import { ApiKeyEntity, ApiKeyKind } from '../api-key/api-key.entity';
import { issueSecret, saveIssuedKey, type CredentialStore } from '../api-key/credential-store';
import type { AuditAction } from '../audit/audit-catalog';
import type { AuditService } from '../audit/audit.service';
import { WorkspaceMembershipEntity } from '../workspace/workspace-membership.entity';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { ProjectMemberEntity } from './project-member.entity';
import { ProjectRoleEntity } from './project-role.entity';
import { ProjectEntity } from './project.entity';
import { inCatalogOrder, type ProjectKeyRow, type ProjectRoleView } from './project.queries';

const isForeignKeyViolation = (error: unknown): boolean => (error as { code?: string }).code === '23503';

export interface ProjectServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  audit: AuditService;
  credentials: CredentialStore;
  retentionFloorDays: number;
}

export interface NewProject {
  workspaceId: string;
  name: string;
  description?: string;
}

export interface ProjectChanges {
  projectId: string;
  name?: string;
  description?: string;
}

export interface RetentionChange {
  projectId: string;
  dataRetentionDays?: number;
  /** Back to the workspace's value. */
  inherit?: boolean;
  confirm?: boolean;
}

type LockedProject = ProjectEntity & { organizationId: string };

export class ProjectService {
  constructor(private readonly deps: ProjectServiceDeps) {}

  /**
   * The daily retention run's part for projects: a project with its own, shorter `dataRetentionDays`
   * (never below the floor) loses its audit events sooner than its workspace's do. A longer one cannot
   * keep them past the workspace's own retention, which deletes the workspace's whole log.
   */
  async applyRetention(at: Date, batch: number): Promise<number> {
    const projects: Array<{ id: string; days: number }> = await this.deps.dataSource.query(
      `SELECT p.id, GREATEST(p.data_retention_days, $1) AS days FROM project p JOIN workspace w ON w.id = p.workspace_id
        WHERE p.data_retention_days IS NOT NULL AND p.data_retention_days < w.data_retention_days`,
      [this.deps.retentionFloorDays],
    );
    let deleted = 0;
    for (const project of projects) deleted += await this.deps.audit.deleteProjectEventsOlderThan(project.id, new Date(at.getTime() - project.days * 86_400_000), batch);
    return deleted;
  }

  // ---- projects ----

  async create(actor: Actor, input: NewProject): Promise<ProjectEntity> {
    return inTransaction(this.deps.dataSource, async (manager) => {
      const workspace = await manager.findOne(WorkspaceEntity, { where: { id: input.workspaceId }, select: { id: true, organizationId: true } });
      if (!workspace) throw new DomainError(ErrorCode.NOT_FOUND, 'Workspace not found');
      const project = await manager.save(manager.create(ProjectEntity, { workspaceId: workspace.id, name: input.name.trim(), description: input.description?.trim() ?? '', archivedAt: null, dataRetentionDays: null }));
      await this.record(manager, actor, { ...project, organizationId: workspace.organizationId }, 'project.created', { type: 'project', id: project.id }, { name: project.name });
      return project;
    });
  }

  async get(projectId: string): Promise<ProjectEntity> {
    const project = await this.deps.dataSource.getRepository(ProjectEntity).findOneBy({ id: projectId });
    if (!project) throw new DomainError(ErrorCode.NOT_FOUND, 'Project not found');
    return project;
  }

  /** Newest first. `visibleTo` null: every project (workspace ADMINs and keys); else those the person is a member of. */
  async list(workspaceId: string, visibleTo: string | null, first: number, after?: string): Promise<Connection<ProjectEntity>> {
    const query = this.deps.dataSource
      .getRepository(ProjectEntity)
      .createQueryBuilder('project')
      .where('project.workspaceId = :workspaceId', { workspaceId })
      .orderBy('project.createdAt', 'DESC')
      .addOrderBy('project.id', 'DESC')
      .take(first + 1);
    if (visibleTo) query.andWhere('EXISTS (SELECT 1 FROM project_member pm WHERE pm.project_id = project.id AND pm.user_id = :userId)', { userId: visibleTo });
    if (after) {
      const cursor = decodeCursor(after);
      query.andWhere('(project.createdAt, project.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    }
    return toConnection(await query.getMany(), first, (row) => encodeCursor(row.createdAt, row.id), (row) => row);
  }

  async update(actor: Actor, input: ProjectChanges): Promise<ProjectEntity> {
    return inTransaction(this.deps.dataSource, async (manager) => {
      const project = await this.lock(manager, input.projectId);
      const changes = { name: input.name?.trim(), description: input.description?.trim() };
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const key of ['name', 'description'] as const) {
        const value = changes[key];
        if (value === undefined || value === project[key]) continue;
        before[key] = project[key];
        after[key] = value;
      }
      if (Object.keys(after).length === 0) return project;
      await manager.update(ProjectEntity, { id: project.id }, after);
      await this.record(manager, actor, project, 'project.updated', { type: 'project', id: project.id }, { before, after });
      return { ...project, ...after };
    });
  }

  /** Archived projects stay readable and keep their settings; archiving twice changes nothing. */
  async archive(actor: Actor, projectId: string): Promise<ProjectEntity> {
    return inTransaction(this.deps.dataSource, async (manager) => {
      const project = await this.lock(manager, projectId);
      if (project.archivedAt) return project;
      const archivedAt = this.deps.clock.now();
      await manager.update(ProjectEntity, { id: project.id }, { archivedAt });
      await this.record(manager, actor, project, 'project.archived', { type: 'project', id: project.id }, { name: project.name });
      return { ...project, archivedAt };
    });
  }

  /** Members, roles, rules and its key go with it; its key fails on every API process once this returns. */
  async delete(actor: Actor, projectId: string): Promise<void> {
    const hashes = await inTransaction(this.deps.dataSource, async (manager) => {
      const project = await this.lock(manager, projectId);
      const keys = await manager.find(ApiKeyEntity, { where: { projectId: project.id }, select: { keyHash: true } });
      await manager.delete(ProjectEntity, { id: project.id });
      await this.record(manager, actor, project, 'project.deleted', { type: 'project', id: project.id }, { name: project.name });
      return keys.map((key) => key.keyHash);
    });
    if (hashes.length) await this.deps.credentials.invalidate(hashes);
  }

  // ---- members (Users tab) ----

  async addMember(actor: Actor, projectId: string, userId: string, roleId: string): Promise<ProjectMemberEntity> {
    try {
      return await inTransaction(this.deps.dataSource, async (manager) => {
        const project = await this.lock(manager, projectId);
        const role = await this.assignableRole(manager, project, roleId);
        if (!(await manager.exists(WorkspaceMembershipEntity, { where: { workspaceId: project.workspaceId, userId } }))) throw badInput('userId', 'must be a member of the workspace first');
        const member = await manager.save(manager.create(ProjectMemberEntity, { projectId: project.id, workspaceId: project.workspaceId, userId, ...role }));
        await this.record(manager, actor, project, 'project_member.added', { type: 'user', id: userId }, { role: role.role });
        return member;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(ErrorCode.CONFLICT, 'This person is already a member of the project');
      // They left the workspace between the check and the insert.
      if (isForeignKeyViolation(error)) throw badInput('userId', 'must be a member of the workspace first');
      throw error;
    }
  }

  /** Takes effect on the member's next request: roles are read afresh for each request. */
  async updateMemberRole(actor: Actor, projectId: string, userId: string, roleId: string): Promise<ProjectMemberEntity> {
    return inTransaction(this.deps.dataSource, async (manager) => {
      const project = await this.lock(manager, projectId);
      const member = await this.member(manager, project.id, userId);
      const role = await this.assignableRole(manager, project, roleId);
      if (member.role === role.role) return member;
      const before = member.role;
      Object.assign(member, role);
      await manager.save(member);
      await this.record(manager, actor, project, 'project_member.updated', { type: 'user', id: userId }, { before: { role: before }, after: { role: role.role } });
      return member;
    });
  }

  async removeMember(actor: Actor, projectId: string, userId: string): Promise<void> {
    await inTransaction(this.deps.dataSource, async (manager) => {
      const project = await this.lock(manager, projectId);
      const member = await this.member(manager, project.id, userId);
      await manager.delete(ProjectMemberEntity, { id: member.id });
      await this.record(manager, actor, project, 'project_member.removed', { type: 'user', id: userId }, { role: member.role });
    });
  }

  // ---- roles (Roles tab) ----

  /** The ids a rule or a member may name: the built-in roles and the project's custom roles. */
  async roleIds(manager: EntityManager, projectId: string): Promise<Set<string>> {
    const custom = await manager.find(ProjectRoleEntity, { where: { projectId }, select: { id: true } });
    return new Set([...Object.values(BuiltInProjectRole), ...custom.map((role) => role.id)]);
  }

  async isRole(projectId: string, roleId: string): Promise<boolean> {
    return (await this.roleIds(this.deps.dataSource.manager, projectId)).has(roleId);
  }

  async createRole(actor: Actor, creator: ProjectAccess, input: { projectId: string; name: string; permissions: string[] }): Promise<ProjectRoleView> {
    const name = this.roleName(input.name);
    const permissions = this.grantable(creator, input.permissions);
    try {
      return await inTransaction(this.deps.dataSource, async (manager) => {
        const project = await this.lock(manager, input.projectId);
        const role = await manager.save(manager.create(ProjectRoleEntity, { projectId: project.id, workspaceId: project.workspaceId, name, permissions }));
        await this.record(manager, actor, project, 'project_role.created', { type: 'project_role', id: role.id }, { name, permissions });
        return { id: role.id, name, builtIn: false, permissions };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(ErrorCode.CONFLICT, `name: the project already has a role named ${name}`, { fields: [{ field: 'name', message: 'is taken' }] });
      throw error;
    }
  }

  async updateRole(actor: Actor, editor: ProjectAccess, input: { projectId: string; roleId: string; name?: string; permissions?: string[] }): Promise<ProjectRoleView> {
    if (isBuiltInProjectRole(input.roleId)) throw badInput('roleId', `${input.roleId} is a built-in role and cannot be changed; create a custom role instead`);
    const name = input.name === undefined ? undefined : this.roleName(input.name);
    const permissions = input.permissions === undefined ? undefined : this.grantable(editor, input.permissions);
    try {
      return await inTransaction(this.deps.dataSource, async (manager) => {
        const project = await this.lock(manager, input.projectId);
        const role = await this.customRole(manager, project.id, input.roleId);
        const before = { name: role.name, permissions: inCatalogOrder(role.permissions) };
        const after = { name: name ?? role.name, permissions: permissions ?? before.permissions };
        if (JSON.stringify(before) !== JSON.stringify(after)) {
          await manager.update(ProjectRoleEntity, { id: role.id }, after);
          await this.record(manager, actor, project, 'project_role.updated', { type: 'project_role', id: role.id }, { before, after });
        }
        return { id: role.id, builtIn: false, ...after };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(ErrorCode.CONFLICT, `name: the project already has a role named ${name}`, { fields: [{ field: 'name', message: 'is taken' }] });
      throw error;
    }
  }

  /** Refused while anyone holds the role; rules naming it lose it. */
  async deleteRole(actor: Actor, projectId: string, roleId: string): Promise<void> {
    if (isBuiltInProjectRole(roleId)) throw badInput('roleId', `${roleId} is a built-in role and cannot be deleted`);
    try {
      await inTransaction(this.deps.dataSource, async (manager) => {
        const project = await this.lock(manager, projectId);
        const role = await this.customRole(manager, project.id, roleId);
        const holders = await manager.count(ProjectMemberEntity, { where: { customRoleId: role.id } });
        if (holders > 0) throw this.roleInUse(holders);
        await manager.query('UPDATE attribute_visibility_rule SET roles = array_remove(roles, $2) WHERE project_id = $1', [project.id, role.id]);
        await manager.delete(ProjectRoleEntity, { id: role.id });
        await this.record(manager, actor, project, 'project_role.deleted', { type: 'project_role', id: role.id }, { name: role.name, permissions: role.permissions });
      });
    } catch (error) {
      // Assigned between the count and the delete: the foreign key (RESTRICT) refuses it.
      if (isForeignKeyViolation(error)) throw this.roleInUse(await this.deps.dataSource.getRepository(ProjectMemberEntity).count({ where: { customRoleId: roleId } }));
      throw error;
    }
  }

  // ---- retention (Retention tab) ----

  async updateRetention(actor: Actor, input: RetentionChange): Promise<ProjectEntity> {
    const floor = this.deps.retentionFloorDays;
    if (input.inherit && input.dataRetentionDays !== undefined) throw badInput('inherit', 'cannot be combined with dataRetentionDays');
    if (input.dataRetentionDays !== undefined && input.dataRetentionDays < floor) throw badInput('dataRetentionDays', `must be at least ${floor} (the compliance floor)`);
    return inTransaction(this.deps.dataSource, async (manager) => {
      const project = await this.lock(manager, input.projectId);
      const own = input.inherit ? null : (input.dataRetentionDays ?? project.dataRetentionDays);
      if (own === project.dataRetentionDays) return project;
      const workspaceDays = (await manager.findOneOrFail(WorkspaceEntity, { where: { id: project.workspaceId }, select: { dataRetentionDays: true } })).dataRetentionDays;
      const before = project.dataRetentionDays ?? workspaceDays;
      const after = own ?? workspaceDays;
      if (after < before && input.confirm !== true) {
        throw badInput('confirm', `must be true to lower the project's dataRetentionDays from ${before} to ${after}: the project's data older than that stops being kept`);
      }
      await manager.update(ProjectEntity, { id: project.id }, { dataRetentionDays: own });
      const metadata = { before: { dataRetentionDays: before, inherited: project.dataRetentionDays === null }, after: { dataRetentionDays: after, inherited: own === null } };
      await this.record(manager, actor, project, after < before ? 'project_retention.lowered' : 'project_retention.updated', { type: 'project', id: project.id }, metadata);
      return { ...project, dataRetentionDays: own };
    });
  }

  // ---- the project API key (API Keys tab) ----

  async generateKey(actor: Actor, projectId: string): Promise<{ key: ProjectKeyRow; secret: string }> {
    try {
      return await inTransaction(this.deps.dataSource, async (manager) => {
        const project = await this.lock(manager, projectId);
        if (await this.liveKey(manager, project.id)) throw this.keyExists();
        return this.issueKey(manager, actor, project, 'project_api_key.generated', {});
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw this.keyExists();
      throw error;
    }
  }

  /** The old key fails on its next request on every API process: the caches drop it before this returns. */
  async regenerateKey(actor: Actor, projectId: string): Promise<{ key: ProjectKeyRow; secret: string }> {
    const { issued, oldHash } = await inTransaction(this.deps.dataSource, async (manager) => {
      const project = await this.lock(manager, projectId);
      const old = await this.liveKey(manager, project.id);
      if (!old) throw new DomainError(ErrorCode.NOT_FOUND, 'This project has no API key; generate one');
      await manager.update(ApiKeyEntity, { id: old.id }, { revokedAt: this.deps.clock.now() });
      return { issued: await this.issueKey(manager, actor, project, 'project_api_key.regenerated', { previousKeyId: old.id }), oldHash: old.keyHash };
    });
    await this.deps.credentials.invalidate([oldHash]);
    return issued;
  }

  async revokeKey(actor: Actor, projectId: string): Promise<void> {
    const hash = await inTransaction(this.deps.dataSource, async (manager) => {
      const project = await this.lock(manager, projectId);
      const key = await this.liveKey(manager, project.id);
      if (!key) throw new DomainError(ErrorCode.NOT_FOUND, 'This project has no API key');
      await manager.update(ApiKeyEntity, { id: key.id }, { revokedAt: this.deps.clock.now() });
      await this.record(manager, actor, project, 'project_api_key.revoked', { type: 'project_api_key', id: key.id }, { key: `${key.prefix}_${key.start}…` });
      return key.keyHash;
    });
    await this.deps.credentials.invalidate([hash]);
  }

  // ---- helpers ----

  /** Locks the project row: changes to one project (members, roles, key) are serialized. */
  async lock(manager: EntityManager, projectId: string): Promise<LockedProject> {
    const project = await manager.findOne(ProjectEntity, { where: { id: projectId }, lock: { mode: 'pessimistic_write' } });
    if (!project) throw new DomainError(ErrorCode.NOT_FOUND, 'Project not found');
    const workspace = await manager.findOneOrFail(WorkspaceEntity, { where: { id: project.workspaceId }, select: { organizationId: true } });
    return Object.assign(project, { organizationId: workspace.organizationId });
  }

  record(manager: EntityManager, actor: Actor, project: LockedProject, action: AuditAction, target: { type: string; id: string }, metadata: Record<string, unknown>): Promise<unknown> {
    return this.deps.audit.record(manager, actor, { organizationId: project.organizationId, workspaceId: project.workspaceId, projectId: project.id, action, target, metadata });
  }

  private async issueKey(manager: EntityManager, actor: Actor, project: LockedProject, action: AuditAction, metadata: Record<string, unknown>): Promise<{ key: ProjectKeyRow; secret: string }> {
    const issued = issueSecret(ApiKeyKind.PROJECT);
    const createdById = actor.principal.type === 'user' ? actor.principal.userId : null;
    const key = await saveIssuedKey(manager, ApiKeyKind.PROJECT, issued, {
      name: project.name,
      workspaceId: project.workspaceId,
      projectId: project.id,
      createdById,
      expiresAt: null,
      createdAt: this.deps.clock.now(),
    });
    await this.record(manager, actor, project, action, { type: 'project_api_key', id: key.id }, { ...metadata, key: `${key.prefix}_${key.start}…` });
    return { key: { id: key.id, projectId: key.projectId, prefix: key.prefix, start: key.start, createdAt: key.createdAt, lastUsedAt: null }, secret: issued.secret };
  }

  private async liveKey(manager: EntityManager, projectId: string): Promise<ApiKeyEntity | null> {
    return manager.findOne(ApiKeyEntity, { where: { projectId, kind: ApiKeyKind.PROJECT, revokedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  private keyExists(): DomainError {
    return new DomainError(ErrorCode.CONFLICT, 'This project already has an API key; regenerate or revoke it', { reason: 'KEY_EXISTS' });
  }

  private roleInUse(holders: number): DomainError {
    return new DomainError(ErrorCode.CONFLICT, `This role is still assigned to ${holders} member${holders === 1 ? '' : 's'}; give them another role first`, { reason: 'ROLE_IN_USE' });
  }

  private roleName(name: string): string {
    const trimmed = name.trim();
    if (trimmed.length < 1 || trimmed.length > 64) throw badInput('name', 'must be 1 to 64 characters');
    if (isBuiltInProjectRole(trimmed.toUpperCase())) throw badInput('name', `${trimmed} is the name of a built-in role`);
    return trimmed;
  }

  /** Known permissions the granter holds: a custom role can't grant what its creator lacks. */
  private grantable(granter: ProjectAccess, permissions: readonly string[]): ProjectPermission[] {
    const unknown = permissions.filter((permission) => !(PROJECT_PERMISSIONS as readonly string[]).includes(permission));
    if (unknown.length) throw badInput('permissions', `unknown: ${unknown.join(', ')} (known: ${PROJECT_PERMISSIONS.join(', ')})`);
    const lacking = inCatalogOrder(permissions).filter((permission) => !granter.permissions.has(permission));
    if (lacking.length) {
      throw new DomainError(ErrorCode.FORBIDDEN, `A role cannot grant permissions you lack: ${lacking.join(', ')}`, { reason: `missing permission ${lacking.join(', ')}`, fields: [{ field: 'permissions', message: `exceed yours: ${lacking.join(', ')}` }] });
    }
    return inCatalogOrder(permissions);
  }

  private async assignableRole(manager: EntityManager, project: ProjectEntity, roleId: string): Promise<{ role: string; customRoleId: string | null }> {
    if (isBuiltInProjectRole(roleId)) return { role: roleId, customRoleId: null };
    if (!(await this.roleIds(manager, project.id)).has(roleId)) throw badInput('roleId', 'must be PROJECT_ADMIN, MEMBER, VIEWER or the id of one of the project’s custom roles');
    return { role: roleId, customRoleId: roleId };
  }

  private async customRole(manager: EntityManager, projectId: string, roleId: string): Promise<ProjectRoleEntity> {
    const role = isUuid(roleId) ? await manager.findOne(ProjectRoleEntity, { where: { id: roleId, projectId } }) : null;
    if (!role) throw new DomainError(ErrorCode.NOT_FOUND, 'Project role not found');
    return role;
  }

  private async member(manager: EntityManager, projectId: string, userId: string): Promise<ProjectMemberEntity> {
    const member = await manager.findOne(ProjectMemberEntity, { where: { projectId, userId } });
    if (!member) throw new DomainError(ErrorCode.NOT_FOUND, 'Project member not found');
    return member;
  }
}
