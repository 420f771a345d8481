import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { CachedCredential, CredentialCache } from '../../auth/credential-cache';
import type { CredentialInvalidationBus } from '../../auth/credential-invalidation';
import { CredentialPrefix, generateCredential, hashCredential, isWellFormed, prefixOf } from '../../auth/credential-token';
export { maskedValue } from '../../auth/credential-token';
import type { Clock } from '../../clock';
import type { Config } from '../../config';
import { ApiKeyEntity, ApiKeyKind } from './api-key.entity';
import { LastUsedBuffer } from './last-used-buffer';

/** The one answer of the verification pipeline, in the order its checks run. */
export enum CredentialStatus {
  VALID = 'VALID',
  MALFORMED = 'MALFORMED',
  NOT_FOUND = 'NOT_FOUND',
  INACTIVE = 'INACTIVE',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
  MISSING_SCOPE = 'MISSING_SCOPE',
}

export const PREFIX_OF_KIND: Record<ApiKeyKind, CredentialPrefix> = {
  [ApiKeyKind.PERSONAL]: CredentialPrefix.PersonalApiKey,
  [ApiKeyKind.WORKSPACE]: CredentialPrefix.WorkspaceApiKey,
  [ApiKeyKind.APP_SECRET]: CredentialPrefix.AppSecret,
  [ApiKeyKind.PROJECT]: CredentialPrefix.ProjectApiKey,
};

const KIND_OF_PREFIX = new Map<string, ApiKeyKind>(Object.entries(PREFIX_OF_KIND).map(([kind, prefix]) => [prefix, kind as ApiKeyKind]));

/** 256 random bits (the issue asks for at least 160). */
const SECRET_BYTES = 32;
/** Characters of the body kept for the masked display. */
const VISIBLE_CHARACTERS = 4;

export interface IssuedSecret {
  /** Shown once, in the create payload; never stored. */
  secret: string;
  keyHash: string;
  prefix: string;
  start: string;
}

export function issueSecret(kind: ApiKeyKind): IssuedSecret {
  const prefix = PREFIX_OF_KIND[kind];
  const secret = generateCredential(prefix, SECRET_BYTES);
  return { secret, keyHash: hashCredential(secret), prefix, start: secret.slice(prefix.length + 1, prefix.length + 1 + VISIBLE_CHARACTERS) };
}

export interface NewKey {
  name: string;
  userId?: string | null;
  workspaceId?: string | null;
  projectId?: string | null;
  createdById: string | null;
  scopes?: string[];
  expiresAt: Date | null;
  createdAt: Date;
}

/** Stores the row of a freshly issued secret: its hash and masked parts, never the secret. */
export function saveIssuedKey(manager: EntityManager, kind: ApiKeyKind, issued: IssuedSecret, key: NewKey): Promise<ApiKeyEntity> {
  const { secret: _secret, ...stored } = issued;
  return manager.save(
    manager.create(ApiKeyEntity, { userId: null, workspaceId: null, projectId: null, scopes: [], ...key, ...stored, kind, active: true, revokedAt: null, lastUsedAt: null }),
  );
}

/** What verification needs of a row, as kept in the cache (times as epoch milliseconds). */
export interface CredentialRecord {
  id: string;
  kind: ApiKeyKind;
  name: string;
  userId: string | null;
  workspaceId: string | null;
  projectId: string | null;
  scopes: readonly string[];
  active: boolean;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface Verification {
  status: CredentialStatus;
  /** The kind its prefix names; null when the prefix is no key kind's. */
  kind: ApiKeyKind | null;
  /** The stored key, when one matched (also for INACTIVE, REVOKED, EXPIRED). */
  record: CredentialRecord | null;
}

export interface VerifyOptions {
  /** Only this kind may answer; another prefix is MALFORMED. */
  kind?: ApiKeyKind;
  requiredScopes?: readonly string[];
  /** Record the use in "last used" (authentication does; a verifyApiKey lookup does not). */
  touch?: boolean;
  /** Who is presenting it: unknown-key lookups are limited per client IP. */
  clientIp?: string;
}

export interface CredentialStoreDeps {
  dataSource: DataSource;
  bus: CredentialInvalidationBus;
  cache: CredentialCache;
  clock: Clock;
  logger: Logger;
  settings: Config['apiKeys'];
}

const API_KEY_KINDS = new Set<string>(Object.values(ApiKeyKind));
const isKeyRecord = (record: CachedCredential): record is CredentialRecord => API_KEY_KINDS.has(record.kind);

const toRecord = (row: ApiKeyEntity): CredentialRecord => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  userId: row.userId,
  workspaceId: row.workspaceId,
  projectId: row.projectId,
  scopes: Object.freeze([...row.scopes]),
  active: row.active,
  expiresAt: row.expiresAt?.getTime() ?? null,
  revokedAt: row.revokedAt?.getTime() ?? null,
  lastUsedAt: row.lastUsedAt?.getTime() ?? null,
});

/**
 * The credential subsystem every key kind shares: shape and checksum first (no lookup for a made-up
 * key), then SHA-256, the in-process cache, the database on a miss, and the ordered checks.
 * Changes to a key call `invalidate` after their transaction commits.
 */
export class CredentialStore {
  private readonly lastUsed: LastUsedBuffer;
  private flushTimer?: NodeJS.Timeout;

  constructor(private readonly deps: CredentialStoreDeps) {
    this.lastUsed = new LastUsedBuffer(deps.dataSource);
  }

  /** For API processes: flush "last used" periodically. */
  start(): void {
    this.flushTimer = setInterval(() => void this.flushLastUsed().catch((error) => this.deps.logger.warn({ err: error }, 'last-used flush failed')), this.deps.settings.lastUsedFlushSeconds * 1000);
    this.flushTimer.unref();
  }

  /** Writes what "last used" still holds; call before the database closes. */
  async stop(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushLastUsed();
  }

  flushLastUsed(): Promise<void> {
    return this.lastUsed.flush();
  }

  async verify(secret: string, options: VerifyOptions = {}): Promise<Verification> {
    const kind = KIND_OF_PREFIX.get(prefixOf(secret) ?? '') ?? null;
    if (!kind || (options.kind && kind !== options.kind) || !isWellFormed(secret, PREFIX_OF_KIND[kind])) return { status: CredentialStatus.MALFORMED, kind, record: null };
    const hash = hashCredential(secret);
    const record = await this.deps.cache.get(hash, isKeyRecord, () => this.query(hash), options.clientIp);
    if (!record || record.kind !== kind) return { status: CredentialStatus.NOT_FOUND, kind, record: null };
    const now = this.deps.clock.now();
    const status = this.check(record, now.getTime(), options.requiredScopes);
    if (status === CredentialStatus.VALID && options.touch) this.touch(record, now);
    return { status, kind, record };
  }

  /** Records a use in the "last used" buffer; writes nothing when the key's time is under a minute old. */
  touch(record: CredentialRecord, now: Date = this.deps.clock.now()): void {
    record.lastUsedAt = this.lastUsed.note(record.id, record.lastUsedAt, now);
  }

  private check(record: CredentialRecord, now: number, requiredScopes: readonly string[] = []): CredentialStatus {
    if (!record.active) return CredentialStatus.INACTIVE;
    if (record.revokedAt !== null && record.revokedAt <= now) return CredentialStatus.REVOKED;
    if (record.expiresAt !== null && record.expiresAt <= now) return CredentialStatus.EXPIRED;
    if (requiredScopes.some((scope) => !record.scopes.includes(scope))) return CredentialStatus.MISSING_SCOPE;
    return CredentialStatus.VALID;
  }

  private async query(hash: string): Promise<CredentialRecord | null> {
    const row = await this.deps.dataSource.getRepository(ApiKeyEntity).findOne({
      where: { keyHash: hash },
      select: { id: true, kind: true, name: true, userId: true, workspaceId: true, projectId: true, scopes: true, active: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
    });
    return row ? toRecord(row) : null;
  }

  /** Call after the change commits; returns when every API process has dropped the keys (CredentialInvalidationBus). */
  invalidate(hashes: string[]): Promise<void> {
    return this.deps.bus.publish(hashes);
  }
}
