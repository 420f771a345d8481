import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { OrgRole } from '../../auth/permissions';
import { inTransaction } from '../../db/transaction';
import { DomainError, ErrorCode } from '../../core/errors';
import { eraseAuditBatch, isOrWasMember, newTombstone, subjectEmails, type ErasureCursor, type ErasureSubject } from './audit-erasure';
import type { AuditService } from '../audit/audit.service';
import { InvitationEntity } from '../invitation/invitation.entity';
import { OrgMembershipEntity } from '../organization/org-membership.entity';
import { WorkspaceMembershipEntity } from '../workspace/workspace-membership.entity';
import type { WorkspaceService } from '../workspace/workspace.service';

/** Audit rows rewritten per transaction: each batch locks only its own rows, briefly. */
export const ERASURE_BATCH_SIZE = 5000;

export interface ErasureResult {
  erasedEvents: number;
  /** Transactions that rewrote rows (the final one included when it caught late events). */
  batches: number;
  membershipRemoved: boolean;
}

/**
 * GDPR erasure from one workspace (seed 003): irreversible and idempotent. The person's audit rows
 * in this workspace are tombstoned in batches first; then one transaction, under the workspace lock,
 * catches events written meanwhile, removes the membership and their invitations, and records
 * `member.erased` (targeting the tombstone, so it names nobody). A repeat call finds no trace of the
 * person in the workspace and answers NOT_FOUND, like an id that never was a member. Organization-level events and other workspaces are not this workspace's to rewrite.
 */
export class MemberErasureService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly workspaces: WorkspaceService,
    private readonly batchSize = ERASURE_BATCH_SIZE,
  ) {}

  async erase(actor: Actor, workspaceId: string, userId: string): Promise<ErasureResult> {
    if (actor.principal.type === 'user' && actor.principal.userId === userId) {
      throw new DomainError(ErrorCode.CONFLICT, 'You cannot erase yourself; ask another admin', { reason: 'self erasure' });
    }
    const workspace = await this.workspaces.get(workspaceId);
    // Only a person of this workspace: any other id (a key, the workspace itself) would rewrite history that is not theirs.
    if (!(await isOrWasMember(this.dataSource.manager, workspaceId, userId))) throw new DomainError(ErrorCode.NOT_FOUND, 'No such member in this workspace');
    const ownsOrganization = await this.dataSource.getRepository(OrgMembershipEntity).exists({ where: { organizationId: workspace.organizationId, userId, role: OrgRole.OWNER } });
    if (ownsOrganization) {
      throw new DomainError(ErrorCode.CONFLICT, 'This person owns the organization and so stays an admin of every workspace; remove or demote them in the organization first', {
        reason: 'organization owner',
      });
    }
    const subject: ErasureSubject = { workspaceId, userId, emails: await subjectEmails(this.dataSource.manager, workspaceId, userId), tombstone: newTombstone() };

    let progress = { erasedEvents: 0, batches: 0, cursor: null as ErasureCursor | null };
    for (let more = true; more; ) {
      const step = await inTransaction(this.dataSource, (manager) => this.eraseBatches(manager, subject, progress, 1));
      more = step.erasedEvents - progress.erasedEvents === this.batchSize;
      progress = step;
    }

    return inTransaction(this.dataSource, async (manager) => {
      const locked = await this.workspaces.lock(manager, workspaceId);
      // The person was a member while the batches ran: their newest events are caught here.
      progress = await this.eraseBatches(manager, subject, progress, Infinity);
      const membership = await manager.findOne(WorkspaceMembershipEntity, { where: { workspaceId, userId } });
      if (membership) await manager.remove(membership);
      const invitations = await manager.delete(InvitationEntity, { workspaceId, emailNormalized: In(subject.emails) });
      const sent = await manager.update(InvitationEntity, { workspaceId, invitedById: userId }, { invitedById: null });
      const changed = progress.erasedEvents > 0 || membership !== null || Boolean(invitations.affected) || Boolean(sent.affected);
      if (changed) {
        await this.audit.record(manager, actor, {
          organizationId: locked.organizationId,
          workspaceId,
          action: 'member.erased',
          target: { type: 'user', id: subject.tombstone },
          metadata: { eventsErased: progress.erasedEvents, membershipRemoved: membership !== null, ...(membership ? { role: membership.role } : {}) },
        });
      }
      return { erasedEvents: progress.erasedEvents, batches: progress.batches, membershipRemoved: membership !== null };
    });
  }

  /** Up to `maxBatches` batches in the caller's transaction, stopping at the first partial one. */
  private async eraseBatches(
    manager: EntityManager,
    subject: ErasureSubject,
    progress: { erasedEvents: number; batches: number; cursor: ErasureCursor | null },
    maxBatches: number,
  ): Promise<{ erasedEvents: number; batches: number; cursor: ErasureCursor | null }> {
    let { erasedEvents, batches, cursor } = progress;
    for (let done = 0; done < maxBatches; done++) {
      const batch = await eraseAuditBatch(manager, subject, cursor, this.batchSize);
      if (batch.rewritten > 0) batches++;
      erasedEvents += batch.rewritten;
      cursor = batch.cursor;
      if (batch.rewritten < this.batchSize) break;
    }
    return { erasedEvents, batches, cursor };
  }
}
