import type { GatehouseModule, LoadersOf } from '../../module';
import { projectApiKeyVerifier } from '../api-key/api-key.verifiers';
import { AttributeVisibilityService } from './attribute-visibility.service';
import { createProjectLoaders } from './project.loaders';
import { ProjectResolver, WorkspaceProjectsResolver } from './project.resolver';
import { ProjectService } from './project.service';

const loaders = createProjectLoaders();

declare module '../../module' {
  interface Services {
    projects: ProjectService;
    attributeVisibility: AttributeVisibilityService;
  }
  interface Loaders extends LoadersOf<typeof loaders> {}
}

/** Projects, their members and custom roles, attribute visibility and the project API key (on the API-key credential subsystem). */
export const projectModule: GatehouseModule = {
  name: 'project',
  services: ({ dataSource, clock, config }, s) => {
    const projects = new ProjectService({ dataSource, clock, audit: s.audit, credentials: s.credentials, retentionFloorDays: config.workspace.retentionFloorDays });
    s.retention.sweep('projectAuditEventsDeleted', (at, batch) => projects.applyRetention(at, batch));
    return { projects, attributeVisibility: new AttributeVisibilityService(dataSource, projects) };
  },
  resolvers: [
    [ProjectResolver, (s) => new ProjectResolver(s.projects, s.attributeVisibility, s.audit)],
    [WorkspaceProjectsResolver, (s) => new WorkspaceProjectsResolver(s.projects)],
  ],
  loaders,
  credentialVerifiers: (s) => [projectApiKeyVerifier(s.credentials)],
};
