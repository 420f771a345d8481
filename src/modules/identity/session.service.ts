import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../../clock';
import { CredentialPrefix, generateCredential, hashCredential, isWellFormed } from '../../auth/credential-token';
import type { CredentialVerifier, PresentedCredential } from '../../auth/principal';
import { ErrorCode } from '../../graphql/errors';
import { IdentityError } from './identity.errors';
import { SessionEntity, SignInMethod } from './session.entity';

/** Sessions are touched (last seen, sliding expiry) at most this often, never on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export class SessionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly ttlHours: number,
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
        expiresAt: new Date(now.getTime() + this.ttlMs),
        revokedAt: null,
      }),
    );
    return { token, session };
  }

  /** Authenticates `Authorization: Bearer gts_…`. */
  readonly verifier: CredentialVerifier = {
    accepts: (credential: PresentedCredential) => credential.transport === 'bearer' && credential.secret.startsWith(`${CredentialPrefix.Session}_`),
    verify: async (credential) => {
      if (!isWellFormed(credential.secret, CredentialPrefix.Session)) return { message: 'Malformed session token' };
      const session = await this.dataSource.getRepository(SessionEntity).findOneBy({ tokenHash: hashCredential(credential.secret) });
      const now = this.clock.now();
      if (!session || session.revokedAt) return { message: 'Session has been signed out' };
      if (session.expiresAt <= now) return { message: 'Session has expired; sign in again' };
      if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) void this.touch(session.id, now);
      return { type: 'user', userId: session.userId, via: 'session', credentialId: session.id };
    },
  };

  private async touch(id: string, now: Date): Promise<void> {
    await this.dataSource
      .getRepository(SessionEntity)
      .update({ id, revokedAt: IsNull() }, { lastSeenAt: now, expiresAt: new Date(now.getTime() + this.ttlMs) })
      .catch(() => undefined);
  }

  listActive(userId: string): Promise<SessionEntity[]> {
    return this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('session')
      .where('session.userId = :userId AND session.revokedAt IS NULL AND session.expiresAt > :now', { userId, now: this.clock.now() })
      .orderBy('session.lastSeenAt', 'DESC')
      .getMany();
  }

  async revoke(userId: string, sessionId: string): Promise<SessionEntity> {
    const repository = this.dataSource.getRepository(SessionEntity);
    // Another person's session is indistinguishable from one that does not exist.
    const session = await repository.findOneBy({ id: sessionId, userId, revokedAt: IsNull() });
    if (!session) throw new IdentityError(ErrorCode.NOT_FOUND, 'Session not found');
    session.revokedAt = this.clock.now();
    return repository.save(session);
  }

  /** Signs out every device: each token fails on its next request. */
  async revokeAll(userId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const result = await manager.update(SessionEntity, { userId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    return result.affected ?? 0;
  }
}
