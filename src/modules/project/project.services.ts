import { AttributeVisibilityService } from './attribute-visibility.service';
import { ProjectService, type ProjectServiceDeps } from './project.service';

/** The project module's services, built once per process (called from createServices). */
export function createProjectServices(deps: ProjectServiceDeps) {
  const projects = new ProjectService(deps);
  return { projects, attributeVisibility: new AttributeVisibilityService(deps.dataSource, projects) };
}
