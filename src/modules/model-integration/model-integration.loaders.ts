import DataLoader from 'dataloader';
import type { LoaderContext } from '../../module';
import { toModelIntegration, type ModelIntegrationRow } from './model-integration.mappers';
import type { ModelIntegration } from './model-integration.types';

/** Every column but the credential, as a ModelIntegrationRow. */
export const MODEL_INTEGRATION_COLUMNS = `id, workspace_id AS "workspaceId", provider, name, endpoint_url AS "endpointUrl", deployment_name AS "deploymentName",
  credential_last4 AS "credentialLast4", created_by_id AS "createdById", created_at AS "createdAt", rotated_by_id AS "rotatedById", rotated_at AS "rotatedAt"`;

export function createModelIntegrationLoaders() {
  return {
    /** By workspace id, by name. */
    modelIntegrations: ({ dataSource }: LoaderContext) =>
      new DataLoader<string, ModelIntegration[]>(async (workspaceIds) => {
      const rows: ModelIntegrationRow[] = await dataSource.query(
        `SELECT ${MODEL_INTEGRATION_COLUMNS} FROM model_integration WHERE workspace_id = ANY($1::uuid[]) ORDER BY name`,
        [[...workspaceIds]],
      );
      const byWorkspace = new Map<string, ModelIntegration[]>(workspaceIds.map((id) => [id, []]));
      for (const row of rows) byWorkspace.get(row.workspaceId)?.push(toModelIntegration(row));
      return workspaceIds.map((id) => byWorkspace.get(id) ?? []);
    }),
  };
}
