import type { LoaderContext } from '../../module';
import { pickByForeignKeyLoader, pickByIdLoader } from '../../db/loader-helpers';
import { ORGANIZATION_COLUMNS, ORGANIZATION_MEMBER_COLUMNS } from './organization.mappers';
import { OrgMembershipEntity } from './org-membership.entity';
import { OrganizationEntity } from './organization.entity';

export function createOrganizationLoaders() {
  return {
    organization: ({ dataSource }: LoaderContext) => pickByIdLoader(dataSource, OrganizationEntity, ORGANIZATION_COLUMNS),
    organizationMembers: ({ dataSource }: LoaderContext) => pickByForeignKeyLoader(dataSource, OrgMembershipEntity, 'organizationId', ORGANIZATION_MEMBER_COLUMNS, 'createdAt'),
  };
}
