import type { DataSource } from 'typeorm';
import { byForeignKeyLoader, byIdLoader } from '../../db/loader-helpers';
import { OrgMembershipEntity } from './org-membership.entity';
import { OrganizationEntity } from './organization.entity';

export function createOrganizationLoaders(dataSource: DataSource) {
  return {
    organization: byIdLoader(dataSource, OrganizationEntity),
    organizationMembers: byForeignKeyLoader(dataSource, OrgMembershipEntity, 'organizationId', { createdAt: 'ASC' }),
  };
}
