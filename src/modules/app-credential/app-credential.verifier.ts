import type { AuthFailure, CredentialVerifier, Principal } from '../../auth/principal';
import { ApiKeyKind } from '../api-key/api-key.entity';
import { isProjectKeyAttempt, refusal } from '../api-key/api-key.verifiers';
import { CredentialStatus, type CredentialStore } from '../api-key/credential-store';

/** HTTP Basic `appId:appSecret` (anything that is not a project key attempt): acts as the person. */
export function appCredentialVerifier(store: CredentialStore): CredentialVerifier {
  return {
    accepts: (credential) => credential.transport === 'basic' && !isProjectKeyAttempt(credential),
    async verify(credential, request): Promise<Principal | AuthFailure> {
      if (credential.transport !== 'basic') return refusal({ status: CredentialStatus.MALFORMED, kind: null, record: null }, ApiKeyKind.APP_SECRET);
      const verification = await store.verify(credential.secret, { kind: ApiKeyKind.APP_SECRET, touch: false, clientIp: request.ip });
      // A secret presented with another App ID is treated as unknown, whatever its state.
      if (verification.record && verification.record.name !== credential.username) return refusal({ status: CredentialStatus.NOT_FOUND, kind: ApiKeyKind.APP_SECRET, record: null }, ApiKeyKind.APP_SECRET);
      const { status, record } = verification;
      if (status !== CredentialStatus.VALID || !record?.userId) return refusal(verification, ApiKeyKind.APP_SECRET);
      store.touch(record);
      return { type: 'user', userId: record.userId, via: 'app_credential', credentialId: record.id };
    },
  };
}
