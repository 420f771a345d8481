import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import type { CachedCredential, CredentialCache } from '../../auth/credential-cache';
import type { CredentialInvalidationBus } from '../../auth/credential-invalidation';
import { CredentialPrefix, generateCredential, hashCredential, isWellFormed } from '../../auth/credential-token';
import type { CredentialVerifier, PresentedCredential } from '../../auth/principal';
import { DomainError, ErrorCode } from '../../core/errors';
import { SessionEntity, SignInMethod } from './session.entity';
import { deleteInBatches } from '../../db/batch-delete';

/** What the sessions list shows of a session: never its token's hash. */
export const LISTED_SESSION_COLUMNS = ['id', 'method', 'userAgent', 'ip', 'createdAt', 'lastSeenAt', 'expiresAt'] as const satisfies ReadonlyArray<keyof SessionEntity>;
export type ListedSessionRow = Pick<SessionEntity, (typeof LISTED_SESSION_COLUMNS)[number]>;

/** Sessions are touched (last seen, sliding expiry) at most this often, never on every request. */
const TOUCH_INTERVAL_MS = 60_000;
/** What verifying a session needs of its row, as kept in the shared credential cache (times in epoch milliseconds). */
interface SessionRecord {
  kind: 'SESSION';
  id: string;
  userId: string;
  revoked: boolean;
  expiresAt: number;
  lastSeenAt: number;
  authenticatedAt: number;
}

const isSessionRecord = (record: CachedCredential): record is SessionRecord => record.kind === 'SESSION';

export class SessionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly ttlHours: number,
    private readonly bus: CredentialInvalidationBus,
    private readonly cache: CredentialCache,
    private readonly reauthWindowMinutes: number,
  ) {}

  private get ttlMs(): number {
    return this.ttlHours * 3600_000;
  }

  async create(
    manager: EntityManager,
    userId: string,
    method: SignInMethod,
    request: { ip: string; userAgent: string },
  ): Promise<{ token: string; session: SessionEntity }> {
    const token = generateCredential(CredentialPrefix.Session);
    const now = this.clock.now();
    const session = await manager.save(
      manager.create(SessionEntity, {
        userId,
        tokenHash: hashCredential(token),
        method,
        ip: request.ip,
        userAgent: request.userAgent.slice(0, 512),
        lastSeenAt: now,
        authenticatedAt: now,
        expiresAt: new Date(now.getTime() + this.ttlMs),
        revokedAt: null,
      }),
    );
    return { token, session };
  }

  /** Authenticates `Authorization: Bearer gts_…`: a hash and, on the hot path, an in-process cache hit. */
  readonly verifier: CredentialVerifier = {
    accepts: (credential: PresentedCredential) => credential.transport === 'bearer' && credential.secret.startsWith(`${CredentialPrefix.Session}_`),
    verify: async (credential, request) => {
      if (!isWellFormed(credential.secret, CredentialPrefix.Session)) return { message: 'Malformed session token' };
      const hash = hashCredential(credential.secret);
      const session = await this.cache.get(hash, isSessionRecord, () => this.load(hash), request.ip);
      const now = this.clock.now().getTime();
      if (!session || session.revoked) return { message: 'Session has been signed out' };
      if (session.expiresAt <= now) return { message: 'Session has expired; sign in again' };
      if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS) this.touch(session, now);
      const recentlyAuthenticated = now - session.authenticatedAt < this.reauthWindowMinutes * 60_000;
      return { type: 'user', userId: session.userId, via: 'session', credentialId: session.id, recentlyAuthenticated };
    },
  };

  private async load(hash: string): Promise<SessionRecord | null> {
    const row = await this.dataSource.getRepository(SessionEntity).findOne({
      where: { tokenHash: hash },
      select: { id: true, userId: true, revokedAt: true, expiresAt: true, lastSeenAt: true, authenticatedAt: true },
    });
    return (
      row && {
        kind: 'SESSION',
        id: row.id,
        userId: row.userId,
        revoked: row.revokedAt !== null,
        expiresAt: row.expiresAt.getTime(),
        lastSeenAt: row.lastSeenAt.getTime(),
        authenticatedAt: row.authenticatedAt.getTime(),
      }
    );
  }

  /** Slides the expiry forward: in the cached record at once, in the database at most once a minute. */
  private touch(session: SessionRecord, now: number): void {
    session.lastSeenAt = now;
    session.expiresAt = now + this.ttlMs;
    void this.dataSource
      .getRepository(SessionEntity)
      .update({ id: session.id, revokedAt: IsNull() }, { lastSeenAt: new Date(now), expiresAt: new Date(session.expiresAt) })
      .catch(() => undefined);
  }

  listActive(userId: string): Promise<ListedSessionRow[]> {
    return this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('session')
      .select(LISTED_SESSION_COLUMNS.map((column) => `session.${column}`))
      .where('session.userId = :userId AND session.revokedAt IS NULL AND session.expiresAt > :now', { userId, now: this.clock.now() })
      .orderBy('session.lastSeenAt', 'DESC')
      .getMany();
  }

  async revoke(userId: string, sessionId: string): Promise<SessionEntity> {
    const repository = this.dataSource.getRepository(SessionEntity);
    // Another person's session is indistinguishable from one that does not exist.
    const session = await repository.findOneBy({ id: sessionId, userId, revokedAt: IsNull() });
    if (!session) throw new DomainError(ErrorCode.NOT_FOUND, 'Session not found');
    session.revokedAt = this.clock.now();
    const saved = await repository.save(session);
    await this.invalidate([session.tokenHash]);
    return saved;
  }

  /**
   * Marks the session as just authenticated; every API process reloads it from the database on its next
   * request. Returns until when account security changes are allowed from it.
   */
  async markAuthenticated(sessionId: string): Promise<Date> {
    const now = this.clock.now();
    const result = await this.dataSource
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ authenticatedAt: now })
      .where('id = :sessionId AND revoked_at IS NULL', { sessionId })
      .returning('token_hash')
      .execute();
    await this.invalidate((result.raw as Array<{ token_hash: string }>).map((row) => row.token_hash));
    return new Date(now.getTime() + this.reauthWindowMinutes * 60_000);
  }

  /** Revokes every session (but `keep`, the one asking) inside the caller's transaction; pass the returned hashes to `invalidate` once it commits. */
  async revokeAllIn(manager: EntityManager, userId: string, keep?: string): Promise<string[]> {
    const result = await manager
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: this.clock.now() })
      .where('user_id = :userId AND revoked_at IS NULL AND id <> :keep', { userId, keep: keep ?? '00000000-0000-0000-0000-000000000000' })
      .returning('token_hash')
      .execute();
    return (result.raw as Array<{ token_hash: string }>).map((row) => row.token_hash);
  }

  /** Deletes sessions that expired or were signed out before `at`: nothing can use them any more (the daily retention run). */
  purgeExpired(at: Date, batch: number): Promise<number> {
    return deleteInBatches(this.dataSource, 'DELETE FROM session WHERE id IN (SELECT id FROM session WHERE expires_at < $1 OR revoked_at < $1 LIMIT $2)', [at], batch);
  }

  /** Drops sessions from the cache of every API process (returns once they have, see CredentialInvalidationBus). */
  invalidate(tokenHashes: string[]): Promise<void> {
    return this.bus.publish(tokenHashes);
  }
}
