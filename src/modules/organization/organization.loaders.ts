import type { LoaderContext } from '../../module';
import { pickByForeignKeyLoader, pickByIdLoader } from '../../db/loader-helpers';
import { EMBEDDED_USER } from '../identity/identity.loaders';
import { ORGANIZATION_COLUMNS, ORGANIZATION_MEMBER_COLUMNS, type OrganizationMemberRow } from './organization.mappers';
import { OrgMembershipEntity } from './org-membership.entity';
import { OrganizationEntity } from './organization.entity';

export function createOrganizationLoaders() {
  return {
    organization: ({ dataSource }: LoaderContext) => pickByIdLoader(dataSource, OrganizationEntity, ORGANIZATION_COLUMNS),
    organizationMembers: ({ dataSource }: LoaderContext) => pickByForeignKeyLoader<OrgMembershipEntity, (typeof ORGANIZATION_MEMBER_COLUMNS)[number], OrganizationMemberRow>(dataSource, OrgMembershipEntity, 'organizationId', ORGANIZATION_MEMBER_COLUMNS, 'createdAt', EMBEDDED_USER),
  };
}
