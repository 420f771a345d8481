import { randomBytes } from 'node:crypto';
import { IsNull, type DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { Clock } from '../../clock';
import { inTransaction } from '../../db/transaction';
import type { AuditService } from '../audit/audit.service';
import { ApiKeyEntity, ApiKeyKind } from '../api-key/api-key.entity';
import { AppCredentialEntity } from './app-credential.entity';
import { issueSecret, saveIssuedKey, type CredentialStore } from '../api-key/credential-store';

export interface AppCredentialServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  audit: AuditService;
  credentials: CredentialStore;
}

export interface CurrentAppCredential {
  credential: AppCredentialEntity;
  /** What the masked display needs of the secret's row (never its hash). */
  secret: Pick<ApiKeyEntity, 'prefix' | 'start'>;
}

/** App ID and App Secret (seed 001). The ID is made with the first secret and never changes. */
export class AppCredentialService {
  constructor(private readonly deps: AppCredentialServiceDeps) {}

  /** Null until the person first asks for a secret (rotateAppSecret). */
  async current(userId: string): Promise<CurrentAppCredential | null> {
    const { dataSource } = this.deps;
    const credential = await dataSource.getRepository(AppCredentialEntity).findOneBy({ userId });
    if (!credential) return null;
    const secret = await dataSource.getRepository(ApiKeyEntity).findOne({ select: { prefix: true, start: true }, where: { userId, kind: ApiKeyKind.APP_SECRET, revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
    return secret ? { credential, secret } : null;
  }

  /** Issues a new secret (and the App ID, the first time); the previous secret fails from the next request on, on every API process. */
  async rotate(actor: Actor, userId: string): Promise<CurrentAppCredential & { plaintext: string }> {
    const { dataSource, clock, audit, credentials } = this.deps;
    const issued = issueSecret(ApiKeyKind.APP_SECRET);
    const now = clock.now();
    const result = await inTransaction(dataSource, async (manager) => {
      // Concurrent first rotations meet on the unique user id; the row lock then serializes them.
      await manager
        .createQueryBuilder()
        .insert()
        .into(AppCredentialEntity)
        .values({ userId, appId: `app_${randomBytes(8).toString('hex')}`, createdAt: now, rotatedAt: null })
        .orIgnore()
        .execute();
      const credential = await manager.findOneOrFail(AppCredentialEntity, { where: { userId }, lock: { mode: 'pessimistic_write' } });
      const previous = await manager.find(ApiKeyEntity, { where: { userId, kind: ApiKeyKind.APP_SECRET, revokedAt: IsNull() } });
      if (previous.length > 0) {
        await manager.update(ApiKeyEntity, previous.map((key) => key.id), { revokedAt: now });
        credential.rotatedAt = now;
        await manager.save(credential);
      }
      const secret = await saveIssuedKey(manager, ApiKeyKind.APP_SECRET, issued, { name: credential.appId, userId, createdById: userId, expiresAt: null, createdAt: now });
      await audit.record(manager, actor, {
        organizationId: null,
        action: 'app_secret.rotated',
        target: { type: 'app_credential', id: credential.id },
        metadata: { appId: credential.appId, firstSecret: previous.length === 0 },
      });
      return { credential, secret, previousHashes: previous.map((key) => key.keyHash) };
    });
    await credentials.invalidate(result.previousHashes);
    return { credential: result.credential, secret: result.secret, plaintext: issued.secret };
  }
}
