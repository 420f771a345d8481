import type { RestRoute } from '../../rest/rest-route';

const KEY = 'fragment WorkspaceKey on WorkspaceApiKey { id workspaceId name maskedKey scopes status createdAt expiresAt lastUsedAt revokesAt creatorIsMember createdBy { id name email } }';

/** Seed 003, "API keys". The key itself is in the create answer only. */
export const apiKeyRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: '/workspace/api-keys',
    tag: 'API keys',
    summary: 'The workspace API keys, oldest first (masked)',
    operation: `query RestListApiKeys($workspaceId: ID!) { workspace(id: $workspaceId) { apiKeys { ...WorkspaceKey } } } ${KEY}`,
    result: ['workspace', 'apiKeys'],
    page: { at: 'createdAt', id: 'id' },
  },
  {
    method: 'POST',
    path: '/workspace/api-keys',
    tag: 'API keys',
    summary: 'Create a workspace API key: `key` is shown this once; send it in the x-api-key header',
    operation: `mutation RestCreateApiKey($input: CreateWorkspaceApiKeyInput!) { createWorkspaceApiKey(input: $input) { key apiKey { ...WorkspaceKey } } } ${KEY}`,
    result: ['createWorkspaceApiKey'],
    created: (result) => `/workspace/api-keys/${(result.apiKey as { id: string }).id}`,
  },
  {
    method: 'DELETE',
    path: '/workspace/api-keys/{keyId}',
    tag: 'API keys',
    summary: 'Revoke a workspace API key: it fails from the next request on',
    operation: 'mutation RestRevokeApiKey($workspaceId: ID!, $keyId: ID!) { revokeWorkspaceApiKey(input: { workspaceId: $workspaceId, id: $keyId }) { apiKeyId } }',
    result: ['revokeWorkspaceApiKey'],
  },
];
