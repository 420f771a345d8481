import type { OrgMembershipEntity } from './org-membership.entity';
import type { OrganizationEntity } from './organization.entity';
import type { Organization, OrganizationMember } from './organization.types';

export const toOrganization = (entity: OrganizationEntity): Organization => ({
  id: entity.id,
  name: entity.name,
  description: entity.description,
  plan: entity.plan,
  createdAt: entity.createdAt,
});

export const toOrganizationMember = (entity: OrgMembershipEntity): OrganizationMember => ({
  organizationId: entity.organizationId,
  userId: entity.userId,
  role: entity.role,
  createdAt: entity.createdAt,
});
