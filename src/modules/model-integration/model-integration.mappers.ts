import type { ModelIntegration } from './model-integration.types';
import type { ModelProvider } from './model-integration.entity';

/** The columns a GraphQL read selects: everything but the credential. */
export interface ModelIntegrationRow {
  id: string;
  workspaceId: string;
  provider: ModelProvider;
  name: string;
  endpointUrl: string | null;
  deploymentName: string | null;
  credentialLast4: string;
  createdById: string | null;
  createdAt: Date;
  rotatedById: string | null;
  rotatedAt: Date | null;
}

/** Field by field, so an entity passed in never carries its credential onto the schema. */
export function toModelIntegration(row: ModelIntegrationRow): ModelIntegration {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    provider: row.provider,
    name: row.name,
    endpointUrl: row.endpointUrl,
    deploymentName: row.deploymentName,
    maskedCredential: `…${row.credentialLast4}`,
    createdById: row.createdById,
    createdAt: row.createdAt,
    rotatedById: row.rotatedById,
    rotatedAt: row.rotatedAt,
  };
}
