import type { GatehouseModule, LoadersOf } from '../../module';
import { createEnvironmentLoaders } from './environment.loaders';
import { EnvironmentResolver } from './environment.resolver';
import { EnvironmentService } from './environment.service';
import { environmentRoutes } from './environment.rest';

const loaders = createEnvironmentLoaders();

declare module '../../module' {
  interface Services {
    environments: EnvironmentService;
  }
  interface Loaders extends LoadersOf<typeof loaders> {}
}

/** A workspace's environments: a protected `production` and the custom ones its ADMINs add. */
export const environmentModule: GatehouseModule = {
  name: 'environment',
  services: ({ dataSource }, s) => ({ environments: new EnvironmentService(dataSource, s.audit) }),
  resolvers: [[EnvironmentResolver, (s) => new EnvironmentResolver(s.environments)]],
  loaders,
  restRoutes: environmentRoutes,
};
