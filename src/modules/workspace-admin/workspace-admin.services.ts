import type { Infrastructure } from '../../services';
import type { CredentialStore } from '../api-key/credential-store';
import type { AuditService } from '../audit/audit.service';
import { EnvironmentService } from '../environment/environment.service';

export interface WorkspaceAdminDeps {
  infra: Infrastructure;
  audit: AuditService;
  credentials: CredentialStore;
}

/** The services of workspace administration (issue 15), built once per process by createServices. */
export function createWorkspaceAdminServices({ infra, audit }: WorkspaceAdminDeps) {
  const { dataSource } = infra;
  return {
    environments: new EnvironmentService(dataSource, audit),
  };
}
