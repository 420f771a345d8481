import type { AuthFailure, CredentialVerifier, PresentedCredential, Principal } from '../../auth/principal';
import { ApiKeyKind } from './api-key.entity';
import { CredentialStatus, PREFIX_OF_KIND, type CredentialStore, type Verification } from './credential-store';

/** HTTP Basic with this username carries a project API key (DESIGN.md); the app-credential verifier leaves it alone. */
export const PROJECT_KEY_BASIC_USERNAME = 'api-key';

const LABEL: Record<ApiKeyKind, string> = {
  [ApiKeyKind.PERSONAL]: 'personal API key',
  [ApiKeyKind.WORKSPACE]: 'workspace API key',
  [ApiKeyKind.APP_SECRET]: 'App Secret',
  [ApiKeyKind.PROJECT]: 'project API key',
};

/** One message per status, with the status as `extensions.reason`, so each refusal says what to do. */
export function refusal({ status, record }: Verification, kind: ApiKeyKind): AuthFailure {
  const label = LABEL[kind];
  const messages: Record<CredentialStatus, string> = {
    [CredentialStatus.MALFORMED]: `Malformed ${label}: it must start with ${PREFIX_OF_KIND[kind]}_ and end with a valid checksum (mistyped or truncated?)`,
    [CredentialStatus.NOT_FOUND]: kind === ApiKeyKind.APP_SECRET ? 'Unknown App ID or App Secret' : `Unknown ${label}; it may have been deleted`,
    [CredentialStatus.INACTIVE]: `This ${label} is deactivated; a workspace admin can activate it again`,
    [CredentialStatus.REVOKED]: kind === ApiKeyKind.APP_SECRET ? 'This App Secret was rotated and no longer works' : `This ${label} was revoked`,
    [CredentialStatus.EXPIRED]: `This ${label} expired at ${record?.expiresAt ? new Date(record.expiresAt).toISOString() : 'its expiry'}; create a new one`,
    [CredentialStatus.MISSING_SCOPE]: `This ${label} lacks a required scope`,
    [CredentialStatus.VALID]: '',
  };
  return { message: messages[status], reason: status };
}

/** `Authorization: Bearer dlt_…`: acts as the person who owns the key, with their roles. */
export function personalApiKeyVerifier(store: CredentialStore): CredentialVerifier {
  const prefix = `${PREFIX_OF_KIND[ApiKeyKind.PERSONAL]}_`;
  return {
    accepts: (credential) => credential.transport === 'bearer' && credential.secret.startsWith(prefix),
    async verify(credential, request): Promise<Principal | AuthFailure> {
      const verification = await store.verify(credential.secret, { kind: ApiKeyKind.PERSONAL, touch: true, clientIp: request.ip });
      const { status, record } = verification;
      if (status !== CredentialStatus.VALID || !record?.userId) return refusal(verification, ApiKeyKind.PERSONAL);
      return { type: 'user', userId: record.userId, via: 'personal_api_key', credentialId: record.id };
    },
  };
}

/** `x-api-key: gtw_…`: acts in its workspace only, through its scopes (access-check.ts). */
export function workspaceApiKeyVerifier(store: CredentialStore): CredentialVerifier {
  return {
    accepts: (credential) => credential.transport === 'x-api-key',
    async verify(credential, request): Promise<Principal | AuthFailure> {
      const verification = await store.verify(credential.secret, { kind: ApiKeyKind.WORKSPACE, touch: true, clientIp: request.ip });
      const { status, record } = verification;
      if (status !== CredentialStatus.VALID || !record?.workspaceId) return refusal(verification, ApiKeyKind.WORKSPACE);
      return { type: 'workspace_api_key', keyId: record.id, workspaceId: record.workspaceId, scopes: record.scopes };
    },
  };
}

const PROJECT_KEY_PREFIX = `${PREFIX_OF_KIND[ApiKeyKind.PROJECT]}_`;
export const isProjectKeyAttempt = (credential: PresentedCredential): boolean =>
  credential.transport === 'basic' && (credential.username === PROJECT_KEY_BASIC_USERNAME || credential.secret.startsWith(PROJECT_KEY_PREFIX));

/**
 * HTTP Basic `api-key:gtp_…` (seed 004): acts as the project. A `gtp_` key under another username is
 * answered here, with a reason, rather than as an unknown App Secret.
 */
export function projectApiKeyVerifier(store: CredentialStore): CredentialVerifier {
  return {
    accepts: isProjectKeyAttempt,
    async verify(credential): Promise<Principal | AuthFailure> {
      if (credential.transport !== 'basic' || credential.username !== PROJECT_KEY_BASIC_USERNAME) {
        return { message: `Wrong user name: send project keys as HTTP Basic with the user name "${PROJECT_KEY_BASIC_USERNAME}" and the key as password`, reason: 'WRONG_USERNAME' };
      }
      const verification = await store.verify(credential.secret, { kind: ApiKeyKind.PROJECT, touch: true });
      const { status, record } = verification;
      if (status !== CredentialStatus.VALID || !record?.projectId || !record.workspaceId) return refusal(verification, ApiKeyKind.PROJECT);
      return { type: 'project_api_key', keyId: record.id, projectId: record.projectId, workspaceId: record.workspaceId };
    },
  };
}
