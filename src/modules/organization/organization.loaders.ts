import type { LoaderContext } from '../../module';
import { byForeignKeyLoader, byIdLoader } from '../../db/loader-helpers';
import { OrgMembershipEntity } from './org-membership.entity';
import { OrganizationEntity } from './organization.entity';

export function createOrganizationLoaders() {
  return {
    organization: ({ dataSource }: LoaderContext) => byIdLoader(dataSource, OrganizationEntity),
    organizationMembers: ({ dataSource }: LoaderContext) => byForeignKeyLoader(dataSource, OrgMembershipEntity, 'organizationId', { createdAt: 'ASC' }),
  };
}
