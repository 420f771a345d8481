import type { Services } from '../../services';
import { EnvironmentResolver } from '../environment/environment.resolver';

/** The resolvers of workspace administration (issue 15), spread into RESOLVERS. */
export const WORKSPACE_ADMIN_RESOLVERS = [
  [EnvironmentResolver, (s: Services) => new EnvironmentResolver(s.environments)],
] as const;
