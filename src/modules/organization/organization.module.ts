import type { GatehouseModule, LoadersOf } from '../../module';
import { createOrganizationLoaders } from './organization.loaders';
import { OrganizationResolver, ViewerOrganizationsResolver } from './organization.resolver';
import { OrganizationService } from './organization.service';

const loaders = createOrganizationLoaders();

declare module '../../module' {
  interface Services {
    organizations: OrganizationService;
  }
  interface Loaders extends LoadersOf<typeof loaders> {}
}

export const organizationModule: GatehouseModule = {
  name: 'organization',
  services: ({ dataSource }, s) => ({ organizations: new OrganizationService(dataSource, s.audit) }),
  resolvers: [
    [OrganizationResolver, (s) => new OrganizationResolver(s.organizations)],
    [ViewerOrganizationsResolver, (s) => new ViewerOrganizationsResolver(s.organizations)],
  ],
  loaders,
};
