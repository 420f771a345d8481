import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { WorkspaceRole } from '../../auth/permissions';
import type { Principal } from '../../auth/principal';
import type { Clock } from '../../clock';
import { selectOnly } from '../../db/loader-helpers';
import { inTransaction } from '../../db/transaction';
import { DomainError, ErrorCode } from '../../core/errors';
import type { AuditAction } from '../audit/audit-catalog';
import type { AuditService } from '../audit/audit.service';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { ApiKeyEntity, ApiKeyKind } from './api-key.entity';
import { findWorkspaceKeys, LISTED_KEY_COLUMNS, type ListedKeyRow, type WorkspaceKeyRow } from './api-key.queries';
import { CredentialStatus, issueSecret, maskedValue, saveIssuedKey, type CredentialRecord, type CredentialStore } from './credential-store';

export interface NewPersonalKey {
  name: string;
  expiresInDays: number;
}

export interface NewWorkspaceKey {
  workspaceId: string;
  name: string;
  scopes: string[];
  /** Absent or null: the key does not expire. */
  expiresInDays?: number | null;
}

export interface WorkspaceKeyRef {
  workspaceId: string;
  id: string;
}

export interface WorkspaceKeyRotation extends WorkspaceKeyRef {
  gracePeriodMinutes: number;
}

/** What verifyApiKey answers; everything but `valid` and `code` is null unless the caller may see the key. */
export interface KeyVerification {
  valid: boolean;
  code: CredentialStatus;
  kind: ApiKeyKind | null;
  workspaceId: string | null;
  scopes: string[] | null;
  keyId: string | null;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface ApiKeyServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  audit: AuditService;
  credentials: CredentialStore;
}

const hidden = (code: CredentialStatus): KeyVerification => ({ valid: false, code, kind: null, workspaceId: null, scopes: null, keyId: null });

export class ApiKeyService {
  constructor(private readonly deps: ApiKeyServiceDeps) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  // ---- personal keys (seed 000) ----

  async createPersonal(actor: Actor, userId: string, input: NewPersonalKey): Promise<{ key: ApiKeyEntity; secret: string }> {
    const issued = issueSecret(ApiKeyKind.PERSONAL);
    const now = this.now();
    const key = await inTransaction(this.deps.dataSource, async (manager) => {
      const key = await saveIssuedKey(manager, ApiKeyKind.PERSONAL, issued, {
        name: input.name.trim(),
        userId,
        createdById: userId,
        expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
        createdAt: now,
      });
      await this.deps.audit.record(manager, actor, {
        organizationId: null,
        action: 'personal_api_key.created',
        target: { type: 'personal_api_key', id: key.id },
        metadata: { name: key.name, expiresAt: key.expiresAt },
      });
      return key;
    });
    return { key, secret: issued.secret };
  }

  listPersonal(userId: string): Promise<ListedKeyRow[]> {
    return this.deps.dataSource.getRepository(ApiKeyEntity).find({ select: selectOnly(LISTED_KEY_COLUMNS), where: { userId, kind: ApiKeyKind.PERSONAL }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Deleted, not kept: the key fails as unknown from the next request on, on every API process. */
  async deletePersonal(actor: Actor, userId: string, id: string): Promise<void> {
    const key = await inTransaction(this.deps.dataSource, async (manager) => {
      // Another person's key is indistinguishable from one that does not exist.
      const key = await manager.findOneBy(ApiKeyEntity, { id, userId, kind: ApiKeyKind.PERSONAL });
      if (!key) throw new DomainError(ErrorCode.NOT_FOUND, 'API key not found');
      await manager.delete(ApiKeyEntity, { id });
      await this.deps.audit.record(manager, actor, { organizationId: null, action: 'personal_api_key.deleted', target: { type: 'personal_api_key', id }, metadata: { name: key.name } });
      return key;
    });
    await this.deps.credentials.invalidate([key.keyHash]);
  }

  /**
   * Deletes every personal key and revokes the app secret of a person, in the caller's transaction (a
   * password reset or change). Pass `hashes` to `CredentialStore.invalidate` once it commits.
   */
  async revokeAccountKeysIn(manager: EntityManager, userId: string): Promise<{ hashes: string[]; personalKeys: string[]; appSecret: boolean }> {
    const personal = await manager
      .createQueryBuilder()
      .delete()
      .from(ApiKeyEntity)
      .where('user_id = :userId AND kind = :kind', { userId, kind: ApiKeyKind.PERSONAL })
      .returning(['key_hash', 'name'])
      .execute();
    const secrets = await manager
      .createQueryBuilder()
      .update(ApiKeyEntity)
      .set({ revokedAt: this.now() })
      .where('user_id = :userId AND kind = :kind AND revoked_at IS NULL', { userId, kind: ApiKeyKind.APP_SECRET })
      .returning('key_hash')
      .execute();
    const personalRows = personal.raw as Array<{ key_hash: string; name: string }>;
    const secretRows = secrets.raw as Array<{ key_hash: string }>;
    return {
      hashes: [...personalRows, ...secretRows].map((row) => row.key_hash),
      personalKeys: personalRows.map((row) => row.name),
      appSecret: secretRows.length > 0,
    };
  }

  // ---- workspace keys (seeds 002, 003) ----

  /**
   * A key can't get rights its creator lacks: only workspace ADMINs create keys (apiKeysManage), and
   * no permission a scope opens needs more than ADMIN (asserted in permissions.test.ts).
   */
  async createWorkspaceKey(actor: Actor, input: NewWorkspaceKey): Promise<{ key: WorkspaceKeyRow; secret: string }> {
    if (actor.principal.type !== 'user') throw new DomainError(ErrorCode.FORBIDDEN, 'Only a person can create an API key');
    const createdById = actor.principal.userId;
    const issued = issueSecret(ApiKeyKind.WORKSPACE);
    const now = this.now();
    const key = await inTransaction(this.deps.dataSource, async (manager) => {
      const workspace = await this.workspace(manager, input.workspaceId);
      const key = await saveIssuedKey(manager, ApiKeyKind.WORKSPACE, issued, {
        name: input.name.trim(),
        workspaceId: workspace.id,
        createdById,
        scopes: [...input.scopes],
        expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null,
        createdAt: now,
      });
      await this.recordKeyEvent(manager, actor, workspace, 'api_key.created', key.id, { name: key.name, scopes: key.scopes, expiresAt: key.expiresAt });
      return key;
    });
    return { key: await this.describe(key.id), secret: issued.secret };
  }

  /** Suspends or resumes a key (seed 002: deactivated keys are kept, not deleted). */
  async setActive(actor: Actor, input: WorkspaceKeyRef, active: boolean): Promise<WorkspaceKeyRow> {
    const { key, changed } = await inTransaction(this.deps.dataSource, async (manager) => {
      const { workspace, key } = await this.workspaceKey(manager, input);
      if (key.active === active) return { key, changed: false };
      await manager.update(ApiKeyEntity, { id: key.id }, { active });
      await this.recordKeyEvent(manager, actor, workspace, active ? 'api_key.activated' : 'api_key.deactivated', key.id, { name: key.name });
      return { key, changed: true };
    });
    if (changed) await this.deps.credentials.invalidate([key.keyHash]);
    return this.describe(key.id);
  }

  /** Gone for good: the row stays (revokedAt) so verification can answer REVOKED, but lists leave it out. */
  async revoke(actor: Actor, input: WorkspaceKeyRef): Promise<void> {
    const key = await inTransaction(this.deps.dataSource, async (manager) => {
      const { workspace, key } = await this.workspaceKey(manager, input);
      await manager.update(ApiKeyEntity, { id: key.id }, { revokedAt: this.now() });
      await this.recordKeyEvent(manager, actor, workspace, 'api_key.revoked', key.id, { name: key.name, scopes: key.scopes });
      return key;
    });
    await this.deps.credentials.invalidate([key.keyHash]);
  }

  /**
   * Issues a new key with the same name, scopes and lifetime; the old one keeps working for the grace
   * period, never past its own expiry (its revokedAt is set to whichever comes first).
   */
  async rotate(actor: Actor, input: WorkspaceKeyRotation): Promise<{ key: WorkspaceKeyRow; secret: string; previous: WorkspaceKeyRow }> {
    if (actor.principal.type !== 'user') throw new DomainError(ErrorCode.FORBIDDEN, 'Only a person can rotate an API key');
    const rotatedById = actor.principal.userId;
    const issued = issueSecret(ApiKeyKind.WORKSPACE);
    const now = this.now();
    const { old, fresh } = await inTransaction(this.deps.dataSource, async (manager) => {
      const { workspace, key: old } = await this.workspaceKey(manager, input);
      if (!old.active) throw new DomainError(ErrorCode.CONFLICT, 'This key is deactivated; activate it before rotating it', { reason: 'key inactive' });
      if (old.revokedAt) throw new DomainError(ErrorCode.CONFLICT, 'This key is already being replaced by a rotation; rotate its replacement instead', { reason: 'rotation pending' });
      const graceEnd = now.getTime() + input.gracePeriodMinutes * MINUTE_MS;
      const revokesAt = new Date(Math.min(graceEnd, old.expiresAt?.getTime() ?? graceEnd));
      await manager.update(ApiKeyEntity, { id: old.id }, { revokedAt: revokesAt });
      const lifetime = old.expiresAt ? old.expiresAt.getTime() - old.createdAt.getTime() : null;
      const fresh = await saveIssuedKey(manager, ApiKeyKind.WORKSPACE, issued, {
        name: old.name,
        workspaceId: workspace.id,
        createdById: rotatedById,
        scopes: old.scopes,
        expiresAt: lifetime === null ? null : new Date(now.getTime() + lifetime),
        createdAt: now,
      });
      await this.recordKeyEvent(manager, actor, workspace, 'api_key.rotated', fresh.id, {
        name: old.name,
        previousKeyId: old.id,
        gracePeriodMinutes: input.gracePeriodMinutes,
        previousRevokesAt: revokesAt,
      });
      return { old, fresh };
    });
    await this.deps.credentials.invalidate([old.keyHash]);
    const [key, previous] = await Promise.all([this.describe(fresh.id), this.describe(old.id, true)]);
    return { key, secret: issued.secret, previous };
  }

  /** Loaders filter revocation by the database's clock; this applies the app's. */
  withoutRevoked(keys: WorkspaceKeyRow[]): WorkspaceKeyRow[] {
    const now = this.now();
    return keys.filter(({ row }) => !row.revokedAt || row.revokedAt > now);
  }

  // ---- verifyApiKey, for other platform services ----

  /**
   * The leak rule: a caller learns a key's status and details only if it could see the key anyway —
   * a workspace key: keys of its own workspace; a person: their own personal key and app secret, and
   * keys of workspaces where they are ADMIN. Anything else answers NOT_FOUND with every detail null,
   * whatever the key's real state. MALFORMED needs no lookup and reveals nothing, so anyone gets it.
   */
  async verifyForCaller(principal: Principal, secret: string, requiredScopes: readonly string[], roleIn: (workspaceId: string) => Promise<WorkspaceRole | null>): Promise<KeyVerification> {
    const { status, record } = await this.deps.credentials.verify(secret, { requiredScopes });
    if (!record) return hidden(status);
    if (!(await this.mayInspect(principal, record, roleIn))) return hidden(CredentialStatus.NOT_FOUND);
    return {
      valid: status === CredentialStatus.VALID,
      code: status,
      kind: record.kind,
      workspaceId: record.workspaceId,
      scopes: record.kind === ApiKeyKind.WORKSPACE ? [...record.scopes] : null,
      keyId: record.id,
    };
  }

  private async mayInspect(principal: Principal, record: CredentialRecord, roleIn: (workspaceId: string) => Promise<WorkspaceRole | null>): Promise<boolean> {
    if (principal.type === 'workspace_api_key') return record.kind === ApiKeyKind.WORKSPACE && record.workspaceId === principal.workspaceId;
    if (principal.type !== 'user') return false;
    if (record.kind === ApiKeyKind.WORKSPACE) return record.workspaceId !== null && (await roleIn(record.workspaceId)) === WorkspaceRole.ADMIN;
    return record.userId === principal.userId;
  }

  /** How a key is named in the audit events it writes: its name and masked value as they are now. */
  async displayName(manager: EntityManager, keyId: string): Promise<string | null> {
    const key = await manager.findOne(ApiKeyEntity, { where: { id: keyId }, select: { name: true, prefix: true, start: true } });
    return key && `"${key.name}" (${maskedValue(key)})`;
  }

  // ---- helpers ----

  private recordKeyEvent(manager: EntityManager, actor: Actor, workspace: WorkspaceEntity, action: AuditAction, keyId: string, metadata: Record<string, unknown>): Promise<unknown> {
    return this.deps.audit.recordForWorkspace(manager, actor, workspace, { action, target: { type: 'api_key', id: keyId }, metadata });
  }

  private async workspace(manager: EntityManager, workspaceId: string): Promise<WorkspaceEntity> {
    const workspace = await manager.findOneBy(WorkspaceEntity, { id: workspaceId });
    if (!workspace) throw new DomainError(ErrorCode.NOT_FOUND, 'Workspace not found');
    return workspace;
  }

  /** The key, locked, if it belongs to that workspace and is not revoked: anything else is NOT_FOUND. */
  private async workspaceKey(manager: EntityManager, input: WorkspaceKeyRef): Promise<{ workspace: WorkspaceEntity; key: ApiKeyEntity }> {
    const workspace = await this.workspace(manager, input.workspaceId);
    const key = await manager.findOne(ApiKeyEntity, { where: { id: input.id, workspaceId: workspace.id, kind: ApiKeyKind.WORKSPACE }, lock: { mode: 'pessimistic_write' } });
    if (!key || (key.revokedAt && key.revokedAt <= this.now())) throw new DomainError(ErrorCode.NOT_FOUND, 'API key not found');
    return { workspace, key };
  }

  /** A key as the list shows it; `includeRevoked` for the old key of a rotation, which may already be past its grace. */
  private async describe(id: string, includeRevoked = false): Promise<WorkspaceKeyRow> {
    const [found] = await findWorkspaceKeys(this.deps.dataSource.manager, { ids: [id] }, includeRevoked);
    return found;
  }
}
