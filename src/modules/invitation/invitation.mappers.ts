import { InvitationStatus, type InvitationEntity } from './invitation.entity';
import type { Invitation } from './invitation.types';

/** What a list reads of an invitation: never its token's hash. */
export const LISTED_INVITATION_COLUMNS = ['id', 'organizationId', 'workspaceId', 'email', 'role', 'status', 'expiresAt', 'sentAt', 'createdAt', 'acceptedAt', 'revokedAt', 'invitedById'] as const satisfies ReadonlyArray<keyof InvitationEntity>;
export type ListedInvitationRow = Pick<InvitationEntity, (typeof LISTED_INVITATION_COLUMNS)[number]>;

/** EXPIRED is read from `expiresAt` against the app clock's `now`. */
export function statusOf(entity: Pick<InvitationEntity, 'status' | 'expiresAt'>, now: Date): InvitationStatus {
  return entity.status === InvitationStatus.PENDING && entity.expiresAt <= now ? InvitationStatus.EXPIRED : entity.status;
}

export const toInvitation = (entity: ListedInvitationRow, now: Date): Invitation => ({
  id: entity.id,
  organizationId: entity.organizationId,
  workspaceId: entity.workspaceId,
  email: entity.email,
  role: entity.role,
  status: statusOf(entity, now),
  expiresAt: entity.expiresAt,
  sentAt: entity.sentAt,
  createdAt: entity.createdAt,
  acceptedAt: entity.acceptedAt,
  revokedAt: entity.revokedAt,
  invitedById: entity.invitedById,
});
