import { toUser, type UserRow } from '../identity/identity.mappers';
import type { User } from '../identity/identity.types';
import type { OrgMembershipEntity } from './org-membership.entity';
import type { OrganizationEntity } from './organization.entity';
import type { Organization, OrganizationMember } from './organization.types';

export type OrganizationRow = Pick<OrganizationEntity, 'id' | 'name' | 'description' | 'plan' | 'createdAt'>;
export const ORGANIZATION_COLUMNS = ['id', 'name', 'description', 'plan', 'createdAt'] as const satisfies ReadonlyArray<keyof OrganizationRow>;

export type OrganizationMembershipRow = Pick<OrgMembershipEntity, 'organizationId' | 'userId' | 'role' | 'createdAt'>;
/** A membership as the members list reads it: with its user, in the same statement. */
export type OrganizationMemberRow = OrganizationMembershipRow & { userRow: UserRow };
export const ORGANIZATION_MEMBER_COLUMNS = ['organizationId', 'userId', 'role', 'createdAt'] as const satisfies ReadonlyArray<keyof OrganizationMemberRow>;

export const toOrganization = (entity: OrganizationRow): Organization => ({
  id: entity.id,
  name: entity.name,
  description: entity.description,
  plan: entity.plan,
  createdAt: entity.createdAt,
});

export const toOrganizationMember = (entity: OrganizationMembershipRow, user: User): OrganizationMember => ({
  organizationId: entity.organizationId,
  userId: entity.userId,
  role: entity.role,
  createdAt: entity.createdAt,
  user,
});

export const toListedOrganizationMember = (row: OrganizationMemberRow): OrganizationMember => toOrganizationMember(row, toUser(row.userRow));
