import type { GatehouseModule, LoadersOf } from '../../module';
import { createWorkspaceLoaders } from './workspace.loaders';
import { OrganizationWorkspacesResolver, WorkspaceResolver } from './workspace.resolver';
import { workspaceRoutes } from './workspace.rest';
import { WorkspaceService } from './workspace.service';

const loaders = createWorkspaceLoaders();

declare module '../../module' {
  interface Services {
    workspaces: WorkspaceService;
  }
  interface Loaders extends LoadersOf<typeof loaders> {}
}

export const workspaceModule: GatehouseModule = {
  name: 'workspace',
  services: ({ dataSource, config }, s) => ({ workspaces: new WorkspaceService(dataSource, s.audit, config.workspace) }),
  resolvers: [
    [WorkspaceResolver, (s) => new WorkspaceResolver(s.workspaces, s.config.publicUrl)],
    [OrganizationWorkspacesResolver, () => new OrganizationWorkspacesResolver()],
  ],
  loaders,
  restRoutes: workspaceRoutes,
  workspaceRef: (s) => (by) => s.workspaces.ref(by),
};
