import type { GatehouseModule, LoadersOf } from '../../module';
import { SettingsImportService } from './settings-import.service';
import { createWorkspaceAccessLoaders } from './workspace-access.loaders';
import { WorkspaceAccessResolver, WorkspaceAccessUserResolver } from './workspace-access.resolver';
import { WorkspaceAdminResolver } from './workspace-admin.resolver';
import { WorkspaceDeletionService } from './workspace-deletion.service';

const loaders = createWorkspaceAccessLoaders();

declare module '../../module' {
  interface Services {
    workspaceDeletion: WorkspaceDeletionService;
    settingsImport: SettingsImportService;
  }
  interface Loaders extends LoadersOf<typeof loaders> {}
}

/** The danger zone and the workspace as a whole: who has access, importing settings, deleting it. */
export const workspaceAdminModule: GatehouseModule = {
  name: 'workspace-admin',
  services: ({ dataSource, clock }, s) => ({
    workspaceDeletion: new WorkspaceDeletionService(dataSource, s.audit, s.credentials),
    settingsImport: new SettingsImportService(dataSource, s.audit, s.envelope, clock, s.workspaces),
  }),
  resolvers: [
    [WorkspaceAdminResolver, (s) => new WorkspaceAdminResolver(s.workspaceDeletion, s.settingsImport)],
    [WorkspaceAccessResolver, () => new WorkspaceAccessResolver()],
    [WorkspaceAccessUserResolver, () => new WorkspaceAccessUserResolver()],
  ],
  loaders,
};
