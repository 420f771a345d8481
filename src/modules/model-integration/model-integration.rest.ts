import type { RestRoute } from '../../rest/rest-route';

const INTEGRATION = 'fragment Integration on ModelIntegration { id workspaceId provider name maskedCredential endpointUrl deploymentName createdAt rotatedAt }';

/** Seed 003, "Model integrations", and revealing a stored credential (`secrets:read`). */
export const modelIntegrationRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: '/settings/model-integrations',
    tag: 'Model integrations',
    summary: 'The model integrations, oldest first (credentials masked)',
    operation: `query RestListModelIntegrations($workspaceId: ID!) { workspace(id: $workspaceId) { modelIntegrations { ...Integration } } } ${INTEGRATION}`,
    result: ['workspace', 'modelIntegrations'],
    page: { at: 'createdAt', id: 'id' },
  },
  {
    method: 'POST',
    path: '/settings/model-integrations',
    tag: 'Model integrations',
    summary: 'Register a provider credential (stored encrypted, never shown again)',
    operation: `mutation RestCreateModelIntegration($input: CreateModelIntegrationInput!) { createModelIntegration(input: $input) { modelIntegration { ...Integration } } } ${INTEGRATION}`,
    result: ['createModelIntegration', 'modelIntegration'],
    created: (result) => `/settings/model-integrations/${String(result.id)}`,
  },
  {
    method: 'PATCH',
    path: '/settings/model-integrations/{id}',
    tag: 'Model integrations',
    summary: 'Rename it, rotate its credential, or both (agents keep its id)',
    operation: `mutation RestPatchModelIntegration($input: UpdateModelIntegrationInput!) { updateModelIntegration(input: $input) { modelIntegration { ...Integration } } } ${INTEGRATION}`,
    result: ['updateModelIntegration', 'modelIntegration'],
  },
  {
    method: 'DELETE',
    path: '/settings/model-integrations/{id}',
    tag: 'Model integrations',
    summary: 'Delete a model integration',
    operation: 'mutation RestDeleteModelIntegration($workspaceId: ID!, $id: ID!) { deleteModelIntegration(input: { workspaceId: $workspaceId, id: $id }) { id } }',
    result: ['deleteModelIntegration'],
  },
  {
    method: 'POST',
    path: '/secrets/{id}/reveal',
    tag: 'Model integrations',
    summary: 'The stored credential in clear; always audited as a high-risk secret.accessed event',
    operation: 'mutation RestRevealSecret($input: RevealModelIntegrationCredentialInput!) { revealModelIntegrationCredential(input: $input) { id workspaceId credential } }',
    result: ['revealModelIntegrationCredential'],
  },
];
