import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { WorkspaceRole } from '../../auth/permissions';
import type { Config } from '../../config';
import { inTransaction } from '../../db/transaction';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import type { AuditService } from '../audit/audit.service';
import { WorkspaceMembershipEntity } from './workspace-membership.entity';
import { SLUG_PATTERN, WorkspaceEntity } from './workspace.entity';
import { isUniqueViolation } from '../../db/postgres-errors';
import { createProductionEnvironment } from '../environment/environment.service';


type WorkspaceSettings = Config['workspace'];

/** Settings a workspace is created with; absent or null optional settings take the defaults. */
export interface NewWorkspace {
  organizationId: string;
  name: string;
  slug: string;
  region: string;
  description?: string | null;
  dataRetentionDays?: number | null;
  seatLimit?: number | null;
}

/** A change to a workspace: absent or null fields stay as they are, but a null description clears it. */
export interface WorkspaceChanges {
  workspaceId: string;
  name?: string | null;
  description?: string | null;
  slug?: string | null;
  region?: string | null;
  dataRetentionDays?: number | null;
  seatLimit?: number | null;
  /** Must be true to lower dataRetentionDays. */
  confirm?: boolean | null;
}

/** Counts seats held by something other than members (pending invitations), with the workspace locked. */
export type SeatHolder = (manager: EntityManager, workspaceId: string) => Promise<number>;

export class WorkspaceService {
  private readonly seatHolders: SeatHolder[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly settings: WorkspaceSettings,
  ) {}

  private validateSettings(input: { region?: string | null; dataRetentionDays?: number | null }): void {
    if (input.region != null && !this.settings.regions.includes(input.region)) throw badInput('region', `must be one of ${this.settings.regions.join(', ')}`);
    if (input.dataRetentionDays != null && input.dataRetentionDays < this.settings.retentionFloorDays) {
      throw badInput('dataRetentionDays', `must be at least ${this.settings.retentionFloorDays} (the compliance floor)`);
    }
  }

  async create(actor: Actor, input: NewWorkspace): Promise<WorkspaceEntity> {
    this.validateSettings(input);
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const workspace = await manager.save(
          manager.create(WorkspaceEntity, {
            organizationId: input.organizationId,
            name: input.name.trim(),
            description: input.description?.trim() ?? '',
            slug: input.slug,
            region: input.region,
            dataRetentionDays: input.dataRetentionDays ?? this.settings.defaultRetentionDays,
            seatLimit: input.seatLimit ?? this.settings.defaultSeatLimit,
          }),
        );
        await createProductionEnvironment(manager, workspace.id);
        await this.audit.recordForWorkspace(manager, actor, workspace, {
          action: 'workspace.created',
          target: { type: 'workspace', id: workspace.id },
          metadata: { slug: workspace.slug, region: workspace.region },
        });
        return workspace;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(ErrorCode.CONFLICT, 'slug: this slug is taken', { fields: [{ field: 'slug', message: 'is taken' }] });
      throw error;
    }
  }

  /** The workspace a REST path names by slug (`/w/{slug}/…`), or a key's own by id. */
  async ref(by: { slug: string } | { id: string }): Promise<{ id: string; organizationId: string } | null> {
    // What no workspace can have is answered without a query (a NUL would not even reach PostgreSQL).
    if ('slug' in by && (by.slug.length > 48 || !SLUG_PATTERN.test(by.slug))) return null;
    const [column, value] = 'slug' in by ? ['slug', by.slug] : ['id', by.id];
    const rows: Array<{ id: string; organizationId: string }> = await this.dataSource.query(`SELECT id, organization_id AS "organizationId" FROM workspace WHERE ${column} = $1`, [value]);
    return rows[0] ?? null;
  }

  async get(workspaceId: string): Promise<WorkspaceEntity> {
    const workspace = await this.dataSource.getRepository(WorkspaceEntity).findOneBy({ id: workspaceId });
    if (!workspace) throw new DomainError(ErrorCode.NOT_FOUND, 'Workspace not found');
    return workspace;
  }

  /** Null means "unchanged" for every field but the description, which it clears. */
  async update(actor: Actor, input: WorkspaceChanges): Promise<WorkspaceEntity> {
    const { workspaceId, slug, region, confirm } = input;
    const changes = {
      name: input.name ?? undefined,
      description: input.description === null ? '' : input.description,
      dataRetentionDays: input.dataRetentionDays ?? undefined,
      seatLimit: input.seatLimit ?? undefined,
    };
    this.validateSettings({ dataRetentionDays: changes.dataRetentionDays });
    return inTransaction(this.dataSource, async (manager) => {
      const workspace = await this.lock(manager, workspaceId);
      if (slug != null && slug !== workspace.slug) throw badInput('slug', 'cannot be changed after the workspace is created');
      if (region != null && region !== workspace.region) throw badInput('region', 'cannot be changed after the workspace is created; create a new workspace in the other region');
      const retentionLowered = changes.dataRetentionDays !== undefined && changes.dataRetentionDays < workspace.dataRetentionDays;
      if (retentionLowered && confirm !== true) {
        throw badInput('confirm', `must be true to lower dataRetentionDays from ${workspace.dataRetentionDays} to ${changes.dataRetentionDays}: audit events older than that are deleted at the next daily retention run`);
      }
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(changes) as Array<[keyof typeof changes, string | number | null | undefined]>) {
        if (value == null || workspace[key] === value) continue;
        before[key] = workspace[key];
        after[key] = value;
      }
      if (Object.keys(after).length === 0) return workspace;
      Object.assign(workspace, after);
      await manager.save(workspace);
      await this.audit.recordForWorkspace(manager, actor, workspace, {
        action: 'workspace.updated',
        target: { type: 'workspace', id: workspaceId },
        metadata: { before, after },
      });
      if (retentionLowered) {
        await this.audit.recordForWorkspace(manager, actor, workspace, {
          action: 'workspace.retention_lowered',
          target: { type: 'workspace', id: workspaceId },
          metadata: { before: { dataRetentionDays: before.dataRetentionDays }, after: { dataRetentionDays: after.dataRetentionDays } },
        });
      }
      return workspace;
    });
  }

  connectionInfo(workspace: { id: string; slug: string; region: string }, publicUrl: string) {
    return { graphqlEndpoint: `${publicUrl}/graphql`, workspaceId: workspace.id, slug: workspace.slug, region: workspace.region };
  }

  /**
   * Locks the workspace row: every change to its members goes through this lock, so seat counting
   * and membership changes are serialized per workspace rather than racing read-then-write.
   */
  async lock(manager: EntityManager, workspaceId: string): Promise<WorkspaceEntity> {
    const workspace = await manager.findOne(WorkspaceEntity, { where: { id: workspaceId }, lock: { mode: 'pessimistic_write' } });
    if (!workspace) throw new DomainError(ErrorCode.NOT_FOUND, 'Workspace not found');
    return workspace;
  }

  /** Members plus every other registered seat holder (pending invitations). */
  async seatsInUse(manager: EntityManager, workspaceId: string): Promise<number> {
    let held = await manager.count(WorkspaceMembershipEntity, { where: { workspaceId } });
    for (const holder of this.seatHolders) held += await holder(manager, workspaceId);
    return held;
  }

  /** Registered by modules that hold seats (invitations), which this module does not import. */
  countSeatsHeldBy(holder: SeatHolder): void {
    this.seatHolders.push(holder);
  }

  /** Call with the workspace locked: refuses when members plus pending (unexpired) invitations already fill the seats. */
  async assertSeatAvailable(manager: EntityManager, workspace: WorkspaceEntity): Promise<void> {
    if ((await this.seatsInUse(manager, workspace.id)) >= workspace.seatLimit) {
      throw new DomainError(ErrorCode.CONFLICT, `The workspace has no free seat (limit ${workspace.seatLimit}, pending invitations included); raise seatLimit, revoke an invitation or remove someone first`, { reason: 'seat limit reached' });
    }
  }

  /** Adds an organization member to the workspace; used directly and by accepted invitations. */
  async addMemberLocked(manager: EntityManager, actor: Actor | null, workspace: WorkspaceEntity, userId: string, role: WorkspaceRole): Promise<WorkspaceMembershipEntity> {
    // FOR SHARE: a concurrent removal from the organization waits for this insert, then deletes it with
    // the person's other workspace memberships; or it went first, and the person is not found here.
    const [inOrganization] = await manager.query('SELECT 1 FROM org_membership WHERE organization_id = $1 AND user_id = $2 FOR SHARE', [workspace.organizationId, userId]);
    if (!inOrganization) throw badInput('userId', 'must be a member of the organization first');
    if (await manager.exists(WorkspaceMembershipEntity, { where: { workspaceId: workspace.id, userId } })) {
      throw new DomainError(ErrorCode.CONFLICT, 'This person is already a member of the workspace');
    }
    await this.assertSeatAvailable(manager, workspace);
    const membership = await manager.save(manager.create(WorkspaceMembershipEntity, { workspaceId: workspace.id, userId, role }));
    await this.audit.recordForWorkspace(manager, actor, workspace, {
      action: 'member.added',
      target: { type: 'user', id: userId },
      metadata: { role },
    });
    return membership;
  }

  addMember(actor: Actor, workspaceId: string, userId: string, role: WorkspaceRole): Promise<WorkspaceMembershipEntity> {
    return inTransaction(this.dataSource, async (manager) => this.addMemberLocked(manager, actor, await this.lock(manager, workspaceId), userId, role));
  }

  /*
   * No "last admin" check is needed here: organization owners are implicit ADMINs of every workspace,
   * and the organization always keeps at least one owner (OrganizationService refuses otherwise), so a
   * workspace can never be left without an admin by changing its explicit members.
   */
  async updateMemberRole(actor: Actor, workspaceId: string, userId: string, role: WorkspaceRole): Promise<WorkspaceMembershipEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const workspace = await this.lock(manager, workspaceId);
      const membership = await this.membership(manager, workspaceId, userId);
      if (membership.role === role) return membership;
      const before = membership.role;
      membership.role = role;
      await manager.save(membership);
      await this.audit.recordForWorkspace(manager, actor, workspace, {
        action: 'member.updated',
        target: { type: 'user', id: userId },
        metadata: { before: { role: before }, after: { role } },
      });
      return membership;
    });
  }

  /** Access ends on the person's next request. Their workspace API keys stay active (seed 003). */
  async removeMember(actor: Actor, workspaceId: string, userId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const workspace = await this.lock(manager, workspaceId);
      const membership = await this.membership(manager, workspaceId, userId);
      await manager.remove(membership);
      await this.audit.recordForWorkspace(manager, actor, workspace, {
        action: 'member.removed',
        target: { type: 'user', id: userId },
        metadata: { role: membership.role },
      });
    });
  }

  private async membership(manager: EntityManager, workspaceId: string, userId: string): Promise<WorkspaceMembershipEntity> {
    const membership = await manager.findOne(WorkspaceMembershipEntity, { where: { workspaceId, userId } });
    if (membership) return membership;
    const implicitAdmin: unknown[] = await manager.query(
      `SELECT 1 FROM workspace w JOIN org_membership om ON om.organization_id = w.organization_id AND om.user_id = $2 AND om.role = 'OWNER' WHERE w.id = $1`,
      [workspaceId, userId],
    );
    if (implicitAdmin.length > 0) {
      throw new DomainError(ErrorCode.CONFLICT, 'This person is an implicit ADMIN as an owner of the organization; change their organization role to change their access here', { reason: 'IMPLICIT_ADMIN' });
    }
    throw new DomainError(ErrorCode.NOT_FOUND, 'Workspace member not found');
  }
}
