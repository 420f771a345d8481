import { InvitationStatus, type InvitationEntity } from './invitation.entity';
import type { Invitation } from './invitation.types';

/** EXPIRED is read from `expiresAt` against the app clock's `now`. */
export function statusOf(entity: InvitationEntity, now: Date): InvitationStatus {
  return entity.status === InvitationStatus.PENDING && entity.expiresAt <= now ? InvitationStatus.EXPIRED : entity.status;
}

export const toInvitation = (entity: InvitationEntity, now: Date): Invitation => ({
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
