import type { GatehouseModule } from '../../module';
import { ViewerAppCredentialResolver } from './app-credential.resolver';
import { AppCredentialService } from './app-credential.service';
import { appCredentialVerifier } from './app-credential.verifier';

declare module '../../module' {
  interface Services {
    appCredentials: AppCredentialService;
  }
}

/** App ID and App Secret (HTTP Basic), stored and verified by the API-key credential subsystem. */
export const appCredentialModule: GatehouseModule = {
  name: 'app-credential',
  services: ({ dataSource, clock }, s) => ({ appCredentials: new AppCredentialService({ dataSource, clock, audit: s.audit, credentials: s.credentials }) }),
  resolvers: [[ViewerAppCredentialResolver, (s) => new ViewerAppCredentialResolver(s.appCredentials)]],
  credentialVerifiers: (s) => [appCredentialVerifier(s.credentials)],
};
