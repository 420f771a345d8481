import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { SecretEnvelope } from '../../auth/secret-envelope';
import type { Clock } from '../../clock';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import { isUniqueViolation } from '../../db/postgres-errors';
import { inTransaction } from '../../db/transaction';
import type { AuditService } from '../audit/audit.service';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { ModelIntegrationEntity, ModelProvider } from './model-integration.entity';
import type { NotificationEvents } from './notification-events.port';

/** A provider registration; endpoint URL and deployment name are for AZURE_OPENAI only. */
export interface NewModelIntegration {
  workspaceId: string;
  provider: ModelProvider;
  name: string;
  credential: string;
  endpointUrl?: string | null;
  deploymentName?: string | null;
}

/** Associated data of a stored credential: a ciphertext copied to another row or field does not open. */
export const credentialAssociatedData = (workspaceId: string, integrationId: string) => `${workspaceId}|${integrationId}|credential`;

/** The envelope column `npm run rotate-encryption-key` re-encrypts (see src/auth/envelope-rotation.ts). */
export const MODEL_INTEGRATION_SEALED_COLUMN = {
  table: 'model_integration',
  column: 'credential',
  associatedData: "workspace_id::text || '|' || id::text || '|credential'",
};

const nameTaken = () => new DomainError(ErrorCode.CONFLICT, 'name: the workspace already has a model integration with this name', { fields: [{ field: 'name', message: 'is taken' }] });

export interface ModelIntegrationServiceDeps {
  dataSource: DataSource;
  audit: AuditService;
  envelope: SecretEnvelope;
  notifications: NotificationEvents;
  clock: Clock;
  redis: Redis;
  redisPrefix: string;
  revealLimitPerHour: number;
}

export class ModelIntegrationService {
  private readonly revealLimiter: RateLimiterRedis;

  constructor(private readonly deps: ModelIntegrationServiceDeps) {
    this.revealLimiter = new RateLimiterRedis({
      storeClient: deps.redis,
      keyPrefix: `${deps.redisPrefix}:secret-reveal`,
      points: deps.revealLimitPerHour,
      duration: 3600,
      useRedisPackage: false,
    });
  }

  private validateProviderFields(input: Pick<NewModelIntegration, 'provider' | 'endpointUrl' | 'deploymentName'>): void {
    if (input.provider !== ModelProvider.AZURE_OPENAI) {
      if (input.endpointUrl != null) throw badInput('endpointUrl', 'is for AZURE_OPENAI only');
      if (input.deploymentName != null) throw badInput('deploymentName', 'is for AZURE_OPENAI only');
      return;
    }
    let url: URL | undefined;
    try {
      url = input.endpointUrl ? new URL(input.endpointUrl) : undefined;
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:') throw badInput('endpointUrl', 'is required for AZURE_OPENAI: an https URL such as https://my-resource.openai.azure.com');
    if (!input.deploymentName?.trim()) throw badInput('deploymentName', 'is required for AZURE_OPENAI');
  }

  async create(actor: Actor, input: NewModelIntegration): Promise<ModelIntegrationEntity> {
    this.validateProviderFields(input);
    return this.write(async (manager) => {
      const workspace = await this.workspace(manager, input.workspaceId);
      const id = randomUUID();
      const integration = await manager.save(
        manager.create(ModelIntegrationEntity, {
          id,
          workspaceId: workspace.id,
          provider: input.provider,
          name: input.name.trim(),
          endpointUrl: input.endpointUrl ?? null,
          deploymentName: input.deploymentName?.trim() ?? null,
          ...this.seal(workspace.id, id, input.credential),
          createdById: userIdOf(actor),
          rotatedById: null,
          rotatedAt: null,
        }),
      );
      await this.deps.audit.recordForWorkspace(manager, actor, workspace, {
        action: 'model_integration.created',
        target: { type: 'model_integration', id },
        metadata: { provider: integration.provider, name: integration.name, credential: `…${integration.credentialLast4}` },
      });
      return integration;
    });
  }

  async rename(actor: Actor, workspaceId: string, id: string, name: string): Promise<ModelIntegrationEntity> {
    return this.update(actor, workspaceId, id, { name });
  }

  /** Replaces the credential; agents keep referencing the same id. Emits `secret_rotated`. */
  async rotate(actor: Actor, workspaceId: string, id: string, credential: string): Promise<ModelIntegrationEntity> {
    return this.update(actor, workspaceId, id, { credential });
  }

  /** A new name, a new credential, or both, in one transaction (each change audited on its own). */
  async update(actor: Actor, workspaceId: string, id: string, change: { name?: string | null; credential?: string | null }): Promise<ModelIntegrationEntity> {
    if (change.name == null && change.credential == null) throw badInput('name', 'send a name, a credential or both');
    return this.write(async (manager) => {
      const { workspace, integration } = await this.lock(manager, workspaceId, id);
      if (change.name != null) await this.renameLocked(manager, actor, workspace, integration, change.name);
      if (change.credential != null) await this.rotateLocked(manager, actor, workspace, integration, change.credential);
      return integration;
    });
  }

  private async renameLocked(manager: EntityManager, actor: Actor, workspace: WorkspaceEntity, integration: ModelIntegrationEntity, name: string): Promise<void> {
    const before = integration.name;
    if (before === name.trim()) return;
    integration.name = name.trim();
    await manager.save(integration);
    await this.deps.audit.recordForWorkspace(manager, actor, workspace, {
      action: 'model_integration.updated',
      target: { type: 'model_integration', id: integration.id },
      metadata: { before: { name: before }, after: { name: integration.name } },
    });
  }

  private async rotateLocked(manager: EntityManager, actor: Actor, workspace: WorkspaceEntity, integration: ModelIntegrationEntity, credential: string): Promise<void> {
    const { id } = integration;
    const before = `…${integration.credentialLast4}`;
    const now = this.deps.clock.now();
    Object.assign(integration, this.seal(workspace.id, id, credential), { rotatedById: userIdOf(actor), rotatedAt: now });
    await manager.save(integration);
    await this.deps.audit.recordForWorkspace(manager, actor, workspace, {
      action: 'model_integration.updated',
      target: { type: 'model_integration', id },
      metadata: { before: { credential: before }, after: { credential: `…${integration.credentialLast4}` }, rotated: true },
    });
    await this.deps.notifications.publishInternal(manager, {
      workspaceId: workspace.id,
      title: `Credential of model integration "${integration.name}" rotated`,
      body: `The ${integration.provider} credential of "${integration.name}" was replaced (now ending ${integration.credentialLast4}).`,
      occurredAt: now,
      idempotencyKey: `model_integration.rotated:${id}:${now.toISOString()}`,
    });
  }

  async delete(actor: Actor, workspaceId: string, id: string): Promise<void> {
    await inTransaction(this.deps.dataSource, async (manager) => {
      const { workspace, integration } = await this.lock(manager, workspaceId, id);
      await manager.delete(ModelIntegrationEntity, { id });
      await this.deps.audit.recordForWorkspace(manager, actor, workspace, {
        action: 'model_integration.deleted',
        target: { type: 'model_integration', id },
        metadata: { provider: integration.provider, name: integration.name },
      });
    });
  }

  /**
   * The credential in clear, for a caller the schema let through (ADMIN, or a key with secrets:read).
   * Rate limited per caller; every attempt that reaches a stored value is audited as secret.accessed,
   * a failed decryption included, and that failure is thrown (never an empty value).
   */
  async reveal(actor: Actor, workspaceId: string, id: string, reason: string): Promise<string> {
    const caller = actor.principal.type === 'user' ? `user:${actor.principal.userId}` : `key:${actor.principal.keyId}`;
    try {
      await this.revealLimiter.consume(caller);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterSeconds = Math.ceil(error.msBeforeNext / 1000);
      throw new DomainError(ErrorCode.RATE_LIMITED, `Too many credential reveals; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
    }
    const workspace = await this.workspace(this.deps.dataSource.manager, workspaceId);
    const row = await this.deps.dataSource.manager.findOne(ModelIntegrationEntity, { where: { id, workspaceId }, select: { id: true, credential: true } });
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Model integration not found');
    let credential: string | undefined;
    let failure: unknown;
    try {
      credential = this.deps.envelope.open(row.credential, credentialAssociatedData(workspaceId, id));
    } catch (error) {
      failure = error;
    }
    await inTransaction(this.deps.dataSource, (manager) =>
      this.deps.audit.recordForWorkspace(manager, actor, workspace, {
        action: 'secret.accessed',
        target: { type: 'model_integration', id },
        metadata: { reason: reason.trim(), outcome: failure ? 'decryption_failed' : 'revealed', keyId: this.deps.envelope.keyIdOf(row.credential) },
      }),
    );
    if (failure) throw failure;
    return credential!;
  }

  private seal(workspaceId: string, id: string, credential: string) {
    return { credential: this.deps.envelope.seal(credential, credentialAssociatedData(workspaceId, id)), credentialLast4: credential.slice(-4) };
  }

  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.deps.dataSource, work);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
  }

  private async workspace(manager: EntityManager, workspaceId: string): Promise<WorkspaceEntity> {
    const workspace = await manager.findOne(WorkspaceEntity, { where: { id: workspaceId }, select: { id: true, organizationId: true } });
    if (!workspace) throw new DomainError(ErrorCode.NOT_FOUND, 'Workspace not found');
    return workspace;
  }

  /** Another workspace's integration is NOT_FOUND. */
  private async lock(manager: EntityManager, workspaceId: string, id: string) {
    const workspace = await this.workspace(manager, workspaceId);
    const integration = await manager.findOne(ModelIntegrationEntity, { where: { id, workspaceId }, lock: { mode: 'pessimistic_write' } });
    if (!integration) throw new DomainError(ErrorCode.NOT_FOUND, 'Model integration not found');
    return { workspace, integration };
  }
}

function userIdOf(actor: Actor): string | null {
  return actor.principal.type === 'user' ? actor.principal.userId : null;
}
