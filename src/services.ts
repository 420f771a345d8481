import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from './clock';
import type { Config } from './config';
import { createPasswordHasher } from './auth/password';
import type { CredentialVerifier } from './auth/principal';
import { CredentialInvalidationBus } from './auth/credential-invalidation';
import { SealedBox } from './auth/sealed-box';
import { SecretEnvelope } from './auth/secret-envelope';
import { SignInLimiter } from './auth/sign-in-limiter';
import type { Queues } from './queue/queues';
import { AuditService } from './modules/audit/audit.service';
import { IdentityService } from './modules/identity/identity.service';
import { SessionService } from './modules/identity/session.service';
import { OrganizationService } from './modules/organization/organization.service';
import { WorkspaceService } from './modules/workspace/workspace.service';
import { ChallengeStore } from './modules/passkey/challenge-store';
import { PasskeyService } from './modules/passkey/passkey.service';
import { InvitationService } from './modules/invitation/invitation.service';
import { MemberErasureService } from './modules/workspace/member-erasure.service';
import { ApiKeyService } from './modules/api-key/api-key.service';
import { appCredentialVerifier, personalApiKeyVerifier, workspaceApiKeyVerifier } from './modules/api-key/api-key.verifiers';
import { AppCredentialService } from './modules/api-key/app-credential.service';
import { CredentialStore } from './modules/api-key/credential-store';
import { AuditDigestService } from './modules/audit-digest/audit-digest.service';
import { RetentionService } from './modules/retention/retention.service';
import { createWorkspaceAdminServices } from './modules/workspace-admin/workspace-admin.services';

/** The shared state every process talks to. */
export interface Infrastructure {
  config: Config;
  dataSource: DataSource;
  databaseUrl: string;
  redis: Redis;
  redisUrl: string;
  queues: Queues;
  clock: Clock;
  logger: Logger;
}

/** The composition root: every service, built once per process from the infrastructure. */
export function createServices(infra: Infrastructure) {
  const { config, dataSource, redis, clock, queues, logger } = infra;
  const sealer = new SealedBox(config.appSecret, 'job-payload');
  const envelope = new SecretEnvelope(config.encryptionKeys);
  // One channel tells every API process's credential caches (sessions, API keys) what was revoked.
  const invalidation = new CredentialInvalidationBus(redis, infra.redisUrl, config.redisPrefix, config.apiKeys.invalidationTimeoutMs, logger);
  const sessions = new SessionService(dataSource, clock, config.sessionTtlHours, invalidation);
  const identity = new IdentityService({
    dataSource,
    clock,
    hasher: createPasswordHasher(config.passwordHashMemoryKib),
    sessions,
    limiter: new SignInLimiter(redis, config.redisPrefix, config.signInLimit),
    sealer,
    publicUrl: config.publicUrl,
    passwordResetTtlMinutes: config.passwordResetTtlMinutes,
    // `invitations` is built below; signUp only calls this at request time.
    acceptInvitation: (manager, user, token, actor) => invitations.acceptAs(manager, actor, user, token),
  });
  const audit = new AuditService(dataSource, clock);
  const organizations = new OrganizationService(dataSource, audit);
  const workspaces = new WorkspaceService(dataSource, audit, config.workspace, clock);
  const passkeys = new PasskeyService({
    dataSource,
    clock,
    sessions,
    challenges: new ChallengeStore(redis, config.redisPrefix, clock),
    relyingParty: config.webauthn,
    audit,
  });
  const invitations = new InvitationService({ dataSource, clock, audit, workspaces, sealer, publicUrl: config.publicUrl });
  const memberErasure = new MemberErasureService(dataSource, audit, workspaces);
  const credentials = new CredentialStore({ dataSource, bus: invalidation, clock, logger: infra.logger, settings: config.apiKeys });
  const apiKeys = new ApiKeyService({ dataSource, clock, audit, credentials });
  const appCredentials = new AppCredentialService({ dataSource, clock, audit, credentials });
  const auditDigest = new AuditDigestService({ dataSource, clock, audit, workspaces, queues, publicUrl: config.publicUrl, logger });
  const retention = new RetentionService(dataSource, clock, config.workspace.retentionFloorDays, logger);
  // Workspace administration (issue 15): environments, model integrations, usage, billing, deletion, import.
  const workspaceAdmin = createWorkspaceAdminServices({ infra, audit, credentials, envelope });
  return { config, sealer, envelope, invalidation, sessions, identity, audit, organizations, workspaces, passkeys, invitations, memberErasure, credentials, apiKeys, appCredentials, auditDigest, retention, ...workspaceAdmin };
}

export type Services = ReturnType<typeof createServices>;

/** Every credential kind the API accepts, tried by the shape of the presented credential. */
export function credentialVerifiers(services: Services): CredentialVerifier[] {
  return [
    services.sessions.verifier,
    personalApiKeyVerifier(services.credentials),
    workspaceApiKeyVerifier(services.credentials),
    appCredentialVerifier(services.credentials),
  ];
}
