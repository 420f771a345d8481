import { IsNull, MoreThan, type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { CredentialPrefix, generateCredential, hashCredential, isWellFormed } from '../../auth/credential-token';
import { OrgRole, WorkspaceRole } from '../../auth/permissions';
import type { SealedBox } from '../../auth/sealed-box';
import type { Clock } from '../../clock';
import { inTransaction } from '../../db/transaction';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import { decodeCursor, encodeCursor, toConnection, type Connection } from '../../core/pagination';
import { enqueueInOutbox } from '../../queue/outbox';
import { QueueName, type EmailJobData } from '../../queue/queues';
import type { AuditService } from '../audit/audit.service';
import { normalizeEmail } from '../identity/identity.service';
import { UserEntity } from '../identity/user.entity';
import { OrgMembershipEntity } from '../organization/org-membership.entity';
import { OrganizationEntity } from '../organization/organization.entity';
import { WorkspaceMembershipEntity } from '../workspace/workspace-membership.entity';
import type { WorkspaceEntity } from '../workspace/workspace.entity';
import type { WorkspaceService } from '../workspace/workspace.service';
import { InvitationEntity, InvitationRole, InvitationStatus } from './invitation.entity';
import { InvitationFailure } from './invitation.errors';
import { INVITATION_TEMPLATE } from './invitation.mail';
import { LISTED_INVITATION_COLUMNS, statusOf, toInvitation } from './invitation.mappers';
import type { Invitation } from './invitation.types';
import { deleteInBatches } from '../../db/batch-delete';

/** Seed 003: invitations expire after 7 days. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
/** Mails sent again (resends and re-invites of an open invitation) per workspace, or per organization for its own invitations. */
export const RESENDS_PER_HOUR = 5;
const HOUR_MS = 3600_000;

const ORG_ROLES: Partial<Record<InvitationRole, OrgRole>> = { [InvitationRole.OWNER]: OrgRole.OWNER, [InvitationRole.MEMBER]: OrgRole.MEMBER };
const WORKSPACE_ROLES: Partial<Record<InvitationRole, WorkspaceRole>> = {
  [InvitationRole.ADMIN]: WorkspaceRole.ADMIN,
  [InvitationRole.EDITOR]: WorkspaceRole.EDITOR,
  [InvitationRole.VIEWER]: WorkspaceRole.VIEWER,
};

/** Where an invitation leads: an organization, or a workspace (and through it, its organization). */
export type InvitationTarget = { organizationId: string; workspaceId?: undefined } | { workspaceId: string; organizationId?: undefined };

/** The place, locked for the transaction: invitations and memberships of one place change one at a time. */
interface Place {
  organization: OrganizationEntity;
  workspace: WorkspaceEntity | null;
}

export type InvitationScope = { workspaceId: string } | { organizationId: string };

export interface InvitationServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  audit: AuditService;
  workspaces: WorkspaceService;
  sealer: SealedBox;
  appUrl: string;
  newInvitationsPerHour: number;
}

const refused = (code: ErrorCode.NOT_FOUND | ErrorCode.CONFLICT | ErrorCode.FORBIDDEN, reason: InvitationFailure, message: string) =>
  new DomainError(code, message, { reason });

/** Exactly one target, and a role that exists there. */
export function targetOf(input: { organizationId?: string; workspaceId?: string; role: InvitationRole }): InvitationTarget {
  if (input.organizationId && input.workspaceId) throw badInput('workspaceId', 'give either organizationId or workspaceId, not both');
  if (input.workspaceId) {
    if (!WORKSPACE_ROLES[input.role]) throw badInput('role', 'must be ADMIN, EDITOR or VIEWER for a workspace');
    return { workspaceId: input.workspaceId };
  }
  if (!input.organizationId) throw badInput('organizationId', 'give organizationId or workspaceId');
  if (!ORG_ROLES[input.role]) throw badInput('role', 'must be OWNER or MEMBER for an organization');
  return { organizationId: input.organizationId };
}

export class InvitationService {
  constructor(private readonly deps: InvitationServiceDeps) {}

  /** For the resolver's permission check: which place an invitation belongs to. NOT_FOUND when it does not exist. */
  async get(id: string): Promise<InvitationEntity> {
    const invitation = await this.deps.dataSource.getRepository(InvitationEntity).findOneBy({ id });
    if (!invitation) throw new DomainError(ErrorCode.NOT_FOUND, 'Invitation not found');
    return invitation;
  }

  /**
   * Invites an address, or refreshes the open invitation it already has here (new link, new expiry,
   * the new role): that counts as a resend. Writes PostgreSQL only: the mail leaves through the outbox,
   * so inviting works while Redis is down.
   */
  async invite(actor: Actor, target: InvitationTarget, input: { email: string; role: InvitationRole }): Promise<Invitation> {
    const emailNormalized = normalizeEmail(input.email);
    return inTransaction(this.deps.dataSource, async (manager) => {
      const place = await this.lockPlace(manager, target);
      await this.assertNotMember(manager, place, emailNormalized);
      const open = await manager.findOne(InvitationEntity, {
        where: { organizationId: place.organization.id, workspaceId: place.workspace ? place.workspace.id : IsNull(), emailNormalized, status: InvitationStatus.PENDING },
      });
      if (open) {
        open.email = input.email.trim();
        return this.send(manager, actor, place, open, { role: input.role, via: 'invite' });
      }
      // Each new invitation mails an address the inviter chose: limited per place like resends.
      await this.deps.audit.assertRate(manager, this.placeOf(place), 'member.invited', this.deps.newInvitationsPerHour, HOUR_MS, 'new invitations');
      const now = this.deps.clock.now();
      if (place.workspace) await this.deps.workspaces.assertSeatAvailable(manager, place.workspace);
      const invitation = manager.create(InvitationEntity, {
        organizationId: place.organization.id,
        workspaceId: place.workspace?.id ?? null,
        email: input.email.trim(),
        emailNormalized,
        role: input.role,
        status: InvitationStatus.PENDING,
        invitedById: actor.principal.type === 'user' ? actor.principal.userId : null,
        acceptedAt: null,
        revokedAt: null,
        createdAt: now,
      });
      const token = this.issueToken(invitation, now);
      await manager.save(invitation);
      await this.deps.audit.record(manager, actor, {
        ...this.auditScope(place),
        action: 'member.invited',
        target: { type: 'invitation', id: invitation.id },
        metadata: { email: invitation.email, role: invitation.role },
      });
      await this.enqueueMail(manager, actor, place, invitation, token);
      return toInvitation(invitation, now);
    });
  }

  /** Sends the mail again with a new link and a fresh 7 days; an expired invitation becomes PENDING again if a seat is free. */
  async resend(actor: Actor, id: string): Promise<Invitation> {
    return inTransaction(this.deps.dataSource, async (manager) => {
      const { place, invitation } = await this.lockInvitation(manager, id);
      return this.send(manager, actor, place, invitation, { role: invitation.role, via: 'resend' });
    });
  }

  /** The link stops working at once. Revoking a revoked invitation changes nothing. */
  async revoke(actor: Actor, id: string): Promise<Invitation> {
    return inTransaction(this.deps.dataSource, async (manager) => {
      const { place, invitation } = await this.lockInvitation(manager, id);
      const now = this.deps.clock.now();
      if (invitation.status === InvitationStatus.REVOKED) return toInvitation(invitation, now);
      if (invitation.status === InvitationStatus.ACCEPTED) throw refused(ErrorCode.CONFLICT, InvitationFailure.ALREADY_ACCEPTED, 'This invitation was already accepted; remove the member instead');
      invitation.status = InvitationStatus.REVOKED;
      invitation.revokedAt = now;
      await manager.save(invitation);
      await this.deps.audit.record(manager, actor, {
        ...this.auditScope(place),
        action: 'invitation.revoked',
        target: { type: 'invitation', id: invitation.id },
        metadata: { email: invitation.email, role: invitation.role },
      });
      return toInvitation(invitation, now);
    });
  }

  /** A signed-in person accepts with the mailed token. */
  async accept(actor: Actor, userId: string, token: string): Promise<Invitation> {
    return inTransaction(this.deps.dataSource, async (manager) => {
      const user = await manager.findOneOrFail(UserEntity, { where: { id: userId } });
      return this.acceptAs(manager, actor, user, token);
    });
  }

  /**
   * Accepts in the caller's transaction (also signUp's, for a new account). The token was mailed to the
   * invited address, so holding it while signed in with that address proves the address: an unverified
   * email becomes verified here. Access starts with this transaction's commit.
   */
  async acceptAs(manager: EntityManager, actor: Actor, user: UserEntity, token: string): Promise<Invitation> {
    const invalid = () => refused(ErrorCode.NOT_FOUND, InvitationFailure.INVALID_TOKEN, 'This invitation link is not valid; it may have been replaced by a newer mail');
    if (!isWellFormed(token, CredentialPrefix.Invitation)) throw invalid();
    const tokenHash = hashCredential(token);
    const found = await manager.findOne(InvitationEntity, { where: { tokenHash } });
    if (!found) throw invalid();
    const { place, invitation } = await this.lockInvitation(manager, found.id);
    // A resend may have replaced the token between the two reads.
    if (invitation.tokenHash !== tokenHash) throw invalid();
    const now = this.deps.clock.now();
    const status = statusOf(invitation, now);
    if (status === InvitationStatus.ACCEPTED) throw refused(ErrorCode.CONFLICT, InvitationFailure.ALREADY_ACCEPTED, 'This invitation was already accepted');
    if (status === InvitationStatus.REVOKED) throw refused(ErrorCode.CONFLICT, InvitationFailure.REVOKED, 'This invitation was revoked; ask for a new one');
    if (status === InvitationStatus.EXPIRED) throw refused(ErrorCode.CONFLICT, InvitationFailure.EXPIRED, 'This invitation has expired; ask for it to be sent again');
    if (user.emailNormalized !== invitation.emailNormalized) {
      throw refused(ErrorCode.FORBIDDEN, InvitationFailure.EMAIL_MISMATCH, 'This invitation was sent to another email address; sign in with that address to accept it');
    }
    if (!user.emailVerifiedAt) {
      user.emailVerifiedAt = now;
      await manager.update(UserEntity, { id: user.id }, { emailVerifiedAt: now });
    }
    // Closed first, so the seat it held is free for the membership that replaces it.
    invitation.status = InvitationStatus.ACCEPTED;
    invitation.acceptedAt = now;
    await manager.save(invitation);
    await this.join(manager, actor, place, user.id, invitation.role);
    await this.deps.audit.record(manager, actor, {
      ...this.auditScope(place),
      action: 'invitation.accepted',
      target: { type: 'invitation', id: invitation.id },
      metadata: { role: invitation.role },
    });
    return toInvitation(invitation, now);
  }

  /** Deletes pending invitations past their expiry before `at`; accepted and revoked ones stay listed (the daily retention run). */
  purgeExpired(at: Date, batch: number): Promise<number> {
    return deleteInBatches(this.deps.dataSource, "DELETE FROM invitation WHERE id IN (SELECT id FROM invitation WHERE status = 'PENDING' AND expires_at < $1 LIMIT $2)", [at], batch);
  }

  /** Unexpired pending invitations of a workspace, which hold seats. */
  pendingCount(manager: EntityManager, workspaceId: string): Promise<number> {
    return manager.count(InvitationEntity, { where: { workspaceId, status: InvitationStatus.PENDING, expiresAt: MoreThan(this.deps.clock.now()) } });
  }

  /** Newest first. PENDING and EXPIRED are told apart by the app clock. */
  async list(scope: InvitationScope, status: InvitationStatus | undefined, first: number, after?: string): Promise<Connection<Invitation>> {
    const now = this.deps.clock.now();
    const query = this.deps.dataSource
      .getRepository(InvitationEntity)
      .createQueryBuilder('invitation')
      .select(LISTED_INVITATION_COLUMNS.map((column) => `invitation.${column}`))
      .orderBy('invitation.createdAt', 'DESC')
      .addOrderBy('invitation.id', 'DESC')
      .take(first + 1);
    if ('workspaceId' in scope) query.where('invitation.workspaceId = :workspaceId', scope);
    else query.where('invitation.organizationId = :organizationId AND invitation.workspaceId IS NULL', scope);
    if (status === InvitationStatus.PENDING) query.andWhere('invitation.status = :pending AND invitation.expiresAt > :now', { pending: InvitationStatus.PENDING, now });
    else if (status === InvitationStatus.EXPIRED) query.andWhere('invitation.status = :pending AND invitation.expiresAt <= :now', { pending: InvitationStatus.PENDING, now });
    else if (status) query.andWhere('invitation.status = :status', { status });
    if (after) {
      const cursor = decodeCursor(after);
      query.andWhere('(invitation.createdAt, invitation.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    }
    return toConnection(await query.getMany(), first, (row) => encodeCursor(row.createdAt, row.id), (row) => toInvitation(row, now));
  }

  /** Mails an open (or expired) invitation again: the shared path of resend and re-invite. */
  private async send(manager: EntityManager, actor: Actor, place: Place, invitation: InvitationEntity, change: { role: InvitationRole; via: 'invite' | 'resend' }): Promise<Invitation> {
    const now = this.deps.clock.now();
    if (invitation.status === InvitationStatus.ACCEPTED) throw refused(ErrorCode.CONFLICT, InvitationFailure.ALREADY_ACCEPTED, 'This invitation was already accepted');
    if (invitation.status === InvitationStatus.REVOKED) throw refused(ErrorCode.CONFLICT, InvitationFailure.REVOKED, 'This invitation was revoked; invite the person again instead');
    await this.assertResendAllowed(manager, place);
    // An expired invitation holds no seat; reviving it takes one again.
    if (place.workspace && invitation.expiresAt <= now) await this.deps.workspaces.assertSeatAvailable(manager, place.workspace);
    const before = invitation.role;
    invitation.role = change.role;
    const token = this.issueToken(invitation, now);
    await manager.save(invitation);
    await this.deps.audit.record(manager, actor, {
      ...this.auditScope(place),
      action: 'invitation.resent',
      target: { type: 'invitation', id: invitation.id },
      metadata: { email: invitation.email, role: invitation.role, via: change.via, ...(before !== change.role ? { before: { role: before } } : {}) },
    });
    await this.enqueueMail(manager, actor, place, invitation, token);
    return toInvitation(invitation, now);
  }

  /** At most RESENDS_PER_HOUR mails sent again per place in any hour (under the place's lock). */
  private assertResendAllowed(manager: EntityManager, place: Place): Promise<void> {
    return this.deps.audit.assertRate(manager, this.placeOf(place), 'invitation.resent', RESENDS_PER_HOUR, HOUR_MS, 'invitations sent again');
  }

  private placeOf(place: Place): { workspaceId: string } | { organizationId: string } {
    return place.workspace ? { workspaceId: place.workspace.id } : { organizationId: place.organization.id };
  }

  private issueToken(invitation: InvitationEntity, now: Date): string {
    const token = generateCredential(CredentialPrefix.Invitation);
    invitation.tokenHash = hashCredential(token);
    invitation.expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    invitation.sentAt = now;
    return token;
  }

  private async enqueueMail(manager: EntityManager, actor: Actor, place: Place, invitation: InvitationEntity, token: string): Promise<void> {
    const { sealer, appUrl } = this.deps;
    const sender = actor.principal.type === 'user' ? await manager.findOne(UserEntity, { where: { id: actor.principal.userId }, select: { name: true } }) : null;
    await enqueueInOutbox<EmailJobData>(manager, {
      queue: QueueName.Email,
      name: INVITATION_TEMPLATE,
      // One job per link: a resend is a new mail, a re-dispatched outbox row is not.
      jobId: `invitation.${invitation.id}.${invitation.tokenHash.slice(0, 16)}`,
      data: {
        template: INVITATION_TEMPLATE,
        to: invitation.email,
        data: {
          inviterName: sender?.name ?? 'An administrator',
          placeKind: place.workspace ? 'workspace' : 'organization',
          placeName: place.workspace?.name ?? place.organization.name,
          organizationName: place.organization.name,
          role: invitation.role,
          expiresAt: invitation.expiresAt.toUTCString(),
        },
        sealed: sealer.seal(JSON.stringify({ acceptUrl: `${appUrl}/invitations/${encodeURIComponent(token)}` })),
      },
    });
  }

  /** Workspace invitations lock the workspace row (the seat lock); organization invitations the organization row. */
  private async lockPlace(manager: EntityManager, target: { organizationId?: string; workspaceId?: string | null }): Promise<Place> {
    if (target.workspaceId) {
      const workspace = await this.deps.workspaces.lock(manager, target.workspaceId);
      const organization = await manager.findOneOrFail(OrganizationEntity, { where: { id: workspace.organizationId } });
      return { organization, workspace };
    }
    const organization = await manager.findOne(OrganizationEntity, { where: { id: target.organizationId }, lock: { mode: 'pessimistic_write' } });
    if (!organization) throw new DomainError(ErrorCode.NOT_FOUND, 'Organization not found');
    return { organization, workspace: null };
  }

  /** The place first, then the row: the same lock order as inviting, so the two never deadlock. */
  private async lockInvitation(manager: EntityManager, id: string): Promise<{ place: Place; invitation: InvitationEntity }> {
    const found = await manager.findOne(InvitationEntity, { where: { id } });
    if (!found) throw new DomainError(ErrorCode.NOT_FOUND, 'Invitation not found');
    const place = await this.lockPlace(manager, found);
    const invitation = await manager.findOneOrFail(InvitationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    return { place, invitation };
  }

  private async assertNotMember(manager: EntityManager, place: Place, emailNormalized: string): Promise<void> {
    const user = await manager.findOne(UserEntity, { where: { emailNormalized }, select: { id: true } });
    if (!user) return;
    const member = place.workspace
      ? await manager.exists(WorkspaceMembershipEntity, { where: { workspaceId: place.workspace.id, userId: user.id } })
      : await manager.exists(OrgMembershipEntity, { where: { organizationId: place.organization.id, userId: user.id } });
    if (member) throw new DomainError(ErrorCode.CONFLICT, `This person is already a member of the ${place.workspace ? 'workspace' : 'organization'}`, { fields: [{ field: 'email', message: 'is already a member' }] });
  }

  /**
   * What accepting grants: the organization role, or for a workspace its role plus organization
   * membership (MEMBER) when the person had none. Someone who is already a member keeps their role.
   */
  private async join(manager: EntityManager, actor: Actor, place: Place, userId: string, role: InvitationRole): Promise<void> {
    const organizationId = place.organization.id;
    if (!(await manager.exists(OrgMembershipEntity, { where: { organizationId, userId } }))) {
      const orgRole = place.workspace ? OrgRole.MEMBER : ORG_ROLES[role]!;
      await manager.insert(OrgMembershipEntity, { organizationId, userId, role: orgRole });
      await this.deps.audit.record(manager, actor, { organizationId, action: 'org_member.added', target: { type: 'user', id: userId }, metadata: { role: orgRole, via: 'invitation' } });
    }
    if (place.workspace && !(await manager.exists(WorkspaceMembershipEntity, { where: { workspaceId: place.workspace.id, userId } }))) {
      await this.deps.workspaces.addMemberLocked(manager, actor, place.workspace, userId, WORKSPACE_ROLES[role]!);
    }
  }

  private auditScope(place: Place): { organizationId: string; workspaceId: string | null } {
    return { organizationId: place.organization.id, workspaceId: place.workspace?.id ?? null };
  }
}
