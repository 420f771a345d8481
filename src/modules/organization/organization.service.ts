import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { OrgRole } from '../../auth/permissions';
import { inTransaction } from '../../db/transaction';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import type { AuditService } from '../audit/audit.service';
import { OrgMembershipEntity } from './org-membership.entity';
import { OrganizationEntity } from './organization.entity';
import type { OrganizationRow } from './organization.mappers';
import { preparedQuery } from '../../db/prepared-query';

/** Reads return the columns an Organization shows as plain rows: TypeORM entities are for writes. */
const SELECT_ORGANIZATION = `SELECT o.id, o.name, o.description, o.plan, o.created_at AS "createdAt" FROM organization o`;

export class OrganizationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, userId: string, input: { name: string; description?: string | null }): Promise<OrganizationEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const organization = await manager.save(manager.create(OrganizationEntity, { name: input.name.trim(), description: input.description?.trim() ?? '' }));
      await manager.insert(OrgMembershipEntity, { organizationId: organization.id, userId, role: OrgRole.OWNER });
      await this.audit.record(manager, actor, { organizationId: organization.id, action: 'organization.created', target: { type: 'organization', id: organization.id }, metadata: { name: organization.name } });
      return organization;
    });
  }

  async get(organizationId: string): Promise<OrganizationRow> {
    const {
      rows: [organization],
    } = await preparedQuery<OrganizationRow>(this.dataSource, `${SELECT_ORGANIZATION} WHERE o.id = $1`, [organizationId]);
    if (!organization) throw new DomainError(ErrorCode.NOT_FOUND, 'Organization not found');
    return organization;
  }

  listForUser(userId: string): Promise<OrganizationRow[]> {
    return this.dataSource.query(
      `${SELECT_ORGANIZATION} JOIN org_membership m ON m.organization_id = o.id AND m.user_id = $1 ORDER BY o.created_at, o.id`,
      [userId],
    );
  }

  /** A null name is not given; a null description clears it (see UpdateOrganizationInput). */
  async update(actor: Actor, organizationId: string, input: { name?: string | null; description?: string | null }): Promise<OrganizationEntity> {
    if (input.name == null && input.description === undefined) throw badInput('input', 'give a name or a description to change');
    return inTransaction(this.dataSource, async (manager) => {
      const organization = await manager.findOne(OrganizationEntity, { where: { id: organizationId }, lock: { mode: 'pessimistic_write' } });
      if (!organization) throw new DomainError(ErrorCode.NOT_FOUND, 'Organization not found');
      const before = { name: organization.name, description: organization.description };
      if (input.name != null) organization.name = input.name.trim();
      if (input.description !== undefined) organization.description = input.description?.trim() ?? '';
      await manager.save(organization);
      await this.audit.record(manager, actor, {
        organizationId,
        action: 'organization.updated',
        target: { type: 'organization', id: organizationId },
        metadata: { before, after: { name: organization.name, description: organization.description } },
      });
      return organization;
    });
  }

  async updateMemberRole(actor: Actor, organizationId: string, userId: string, role: OrgRole): Promise<OrgMembershipEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const membership = await this.lockMembership(manager, organizationId, userId);
      if (membership.role === role) return membership;
      if (membership.role === OrgRole.OWNER) await this.assertAnotherOwner(manager, organizationId, 'demote');
      const before = membership.role;
      membership.role = role;
      await manager.save(membership);
      await this.audit.record(manager, actor, { organizationId, action: 'org_member.updated', target: { type: 'user', id: userId }, metadata: { before: { role: before }, after: { role } } });
      return membership;
    });
  }

  /** Removes the person from the organization and so from each of its workspaces. */
  async removeMember(actor: Actor, organizationId: string, userId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const membership = await this.lockMembership(manager, organizationId, userId);
      if (membership.role === OrgRole.OWNER) await this.assertAnotherOwner(manager, organizationId, 'remove');
      await manager.remove(membership);
      const removed: Array<{ workspace_id: string }> = await manager.query(
        `DELETE FROM workspace_membership wm USING workspace w
          WHERE wm.workspace_id = w.id AND w.organization_id = $1 AND wm.user_id = $2
          RETURNING wm.workspace_id`,
        [organizationId, userId],
      );
      await this.audit.record(manager, actor, {
        organizationId,
        action: 'org_member.removed',
        target: { type: 'user', id: userId },
        metadata: { role: membership.role, workspacesLeft: removed.length },
      });
    });
  }

  /**
   * Locks the organization's membership rows (owners first) so two concurrent demotions or removals
   * cannot each see "another owner remains" and together leave none.
   */
  private async lockMembership(manager: EntityManager, organizationId: string, userId: string): Promise<OrgMembershipEntity> {
    await manager.query('SELECT id FROM organization WHERE id = $1 FOR UPDATE', [organizationId]);
    const membership = await manager.findOne(OrgMembershipEntity, { where: { organizationId, userId } });
    if (!membership) throw new DomainError(ErrorCode.NOT_FOUND, 'Organization member not found');
    return membership;
  }

  private async assertAnotherOwner(manager: EntityManager, organizationId: string, change: 'demote' | 'remove'): Promise<void> {
    const owners = await manager.count(OrgMembershipEntity, { where: { organizationId, role: OrgRole.OWNER } });
    if (owners <= 1) {
      throw new DomainError(
        ErrorCode.CONFLICT,
        `Cannot ${change} the last owner of the organization: make someone else an owner first`,
        { reason: 'last owner' },
      );
    }
  }
}
