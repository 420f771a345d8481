import type { ApiKeyEntity } from '../api-key/api-key.entity';
import { maskedValue } from '../api-key/credential-store';
import type { AppCredentialEntity } from './app-credential.entity';
import type { AppCredential } from './app-credential.types';

export function toAppCredential(credential: AppCredentialEntity, secret: Pick<ApiKeyEntity, 'prefix' | 'start'>): AppCredential {
  return { appId: credential.appId, maskedSecret: maskedValue(secret), createdAt: credential.createdAt, rotatedAt: credential.rotatedAt };
}
