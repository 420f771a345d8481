import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ContainerType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { Clock } from './clock';
import type { Config } from './config';
import { createPasswordHasher } from './auth/password';
import type { CredentialVerifier } from './auth/principal';
import { SealedBox } from './auth/sealed-box';
import { SignInLimiter } from './auth/sign-in-limiter';
import type { Queues } from './queue/queues';
import { OrganizationAuditResolver, WorkspaceAuditResolver } from './modules/audit/audit.resolver';
import { AuditService } from './modules/audit/audit.service';
import { IdentityResolver } from './modules/identity/identity.resolver';
import { IdentityService } from './modules/identity/identity.service';
import { SessionService } from './modules/identity/session.service';
import { OrganizationMemberResolver, OrganizationResolver, ViewerOrganizationsResolver } from './modules/organization/organization.resolver';
import { OrganizationService } from './modules/organization/organization.service';
import { OrganizationWorkspacesResolver, WorkspaceMemberResolver, WorkspaceResolver } from './modules/workspace/workspace.resolver';
import { WorkspaceService } from './modules/workspace/workspace.service';
import { ChallengeStore } from './modules/passkey/challenge-store';
import { PasskeyResolver } from './modules/passkey/passkey.resolver';
import { PasskeyService } from './modules/passkey/passkey.service';
import { AuditDigestResolver } from './modules/audit-digest/audit-digest.resolver';
import { AuditDigestService } from './modules/audit-digest/audit-digest.service';
import { RetentionService } from './modules/retention/retention.service';

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
  const sessions = new SessionService(dataSource, clock, config.sessionTtlHours);
  const identity = new IdentityService({
    dataSource,
    clock,
    hasher: createPasswordHasher(config.passwordHashMemoryKib),
    sessions,
    limiter: new SignInLimiter(redis, config.redisPrefix, config.signInLimit),
    sealer,
    publicUrl: config.publicUrl,
    passwordResetTtlMinutes: config.passwordResetTtlMinutes,
  });
  const audit = new AuditService(dataSource, clock);
  const organizations = new OrganizationService(dataSource, audit);
  const workspaces = new WorkspaceService(dataSource, audit, config.workspace);
  const passkeys = new PasskeyService({
    dataSource,
    clock,
    sessions,
    challenges: new ChallengeStore(redis, config.redisPrefix, clock),
    relyingParty: config.webauthn,
    audit,
  });
  const auditDigest = new AuditDigestService({ dataSource, clock, audit, workspaces, queues, publicUrl: config.publicUrl, logger });
  const retention = new RetentionService(dataSource, clock, config.workspace.retentionFloorDays, logger);
  return { config, sealer, sessions, identity, audit, organizations, workspaces, passkeys, auditDigest, retention };
}

export type Services = ReturnType<typeof createServices>;

/** Every credential kind the API accepts, tried by the shape of the presented credential. */
export function credentialVerifiers(services: Services): CredentialVerifier[] {
  return [services.sessions.verifier];
}

/** Resolver instances with their services, handed to type-graphql. */
export function createResolverContainer(services: Services): ContainerType {
  const instances = new Map<unknown, object>([
    [IdentityResolver, new IdentityResolver(services.identity, services.sessions)],
    [OrganizationResolver, new OrganizationResolver(services.organizations)],
    [OrganizationMemberResolver, new OrganizationMemberResolver()],
    [ViewerOrganizationsResolver, new ViewerOrganizationsResolver(services.organizations)],
    [WorkspaceResolver, new WorkspaceResolver(services.workspaces, services.config.publicUrl)],
    [WorkspaceMemberResolver, new WorkspaceMemberResolver()],
    [OrganizationWorkspacesResolver, new OrganizationWorkspacesResolver()],
    [WorkspaceAuditResolver, new WorkspaceAuditResolver(services.audit)],
    [OrganizationAuditResolver, new OrganizationAuditResolver(services.audit)],
    [PasskeyResolver, new PasskeyResolver(services.passkeys)],
    [AuditDigestResolver, new AuditDigestResolver(services.auditDigest)],
  ]);
  return {
    get(resolverClass) {
      const instance = instances.get(resolverClass);
      if (!instance) throw new Error(`No instance registered for resolver ${(resolverClass as { name?: string }).name}`);
      return instance;
    },
  };
}
