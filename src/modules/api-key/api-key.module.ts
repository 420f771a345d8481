import type { GatehouseModule, LoadersOf } from '../../module';
import { createApiKeyLoaders } from './api-key.loaders';
import { ViewerApiKeysResolver, WorkspaceApiKeyResolver, WorkspaceApiKeysResolver } from './api-key.resolver';
import { ApiKeyService } from './api-key.service';
import { personalApiKeyVerifier, workspaceApiKeyVerifier } from './api-key.verifiers';
import { CredentialStore } from './credential-store';
import { apiKeyRoutes } from './api-key.rest';

const loaders = createApiKeyLoaders();

declare module '../../module' {
  interface Services {
    /** The credential subsystem every key kind shares (app secrets and project keys too). */
    credentials: CredentialStore;
    apiKeys: ApiKeyService;
  }
  interface Loaders extends LoadersOf<typeof loaders> {}
}

export const apiKeyModule: GatehouseModule = {
  name: 'api-key',
  services: ({ dataSource, clock, logger, config }, s) => {
    const credentials = new CredentialStore({ dataSource, bus: s.invalidation, cache: s.credentialCache, clock, logger, settings: config.apiKeys });
    const apiKeys = new ApiKeyService({ dataSource, clock, audit: s.audit, credentials });
    s.audit.describeKeysWith((manager, keyId) => apiKeys.displayName(manager, keyId));
    return { credentials, apiKeys };
  },
  resolvers: [
    [WorkspaceApiKeysResolver, (s) => new WorkspaceApiKeysResolver(s.apiKeys)],
    [WorkspaceApiKeyResolver, () => new WorkspaceApiKeyResolver()],
    [ViewerApiKeysResolver, (s) => new ViewerApiKeysResolver(s.apiKeys)],
  ],
  loaders,
  credentialVerifiers: (s) => [personalApiKeyVerifier(s.credentials), workspaceApiKeyVerifier(s.credentials)],
  startApi: (s) => s.credentials.start(),
  stopApi: (s) => s.credentials.stop(),
  restRoutes: apiKeyRoutes,
};
