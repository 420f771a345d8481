import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { Clock } from '../../clock';
import { CredentialPrefix, generateCredential, hashCredential, isWellFormed } from '../../auth/credential-token';
import type { PasswordHasher } from '../../auth/password';
import type { SealedBox } from '../../auth/sealed-box';
import type { RateLimit } from '../../auth/rate-limit';
import type { SignInLimiter } from './sign-in-limiter';
import { inTransaction } from '../../db/transaction';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import { enqueueInOutbox } from '../../queue/outbox';
import { QueueName, type EmailJobData } from '../../queue/queues';
import type { AuditService } from '../audit/audit.service';
import { ACCOUNT_NOTICE_TEMPLATE, type AccountNoticeData } from './account-notice.mail';
import { PASSWORD_RESET_TEMPLATE } from './password-reset.mail';
import { PasswordResetTokenEntity } from './password-reset-token.entity';
import { SignInMethod, type SessionEntity } from './session.entity';
import type { SessionService } from './session.service';
import { UserEntity } from './user.entity';
import type { ViewerRow } from './identity.mappers';
import { isUniqueViolation } from '../../db/postgres-errors';
import { deleteInBatches } from '../../db/batch-delete';
import { preparedQuery } from '../../db/prepared-query';

const emailTaken = () => new DomainError(ErrorCode.CONFLICT, 'An account with this email already exists', { fields: [{ field: 'email', message: 'is already registered' }] });
const ACCOUNT_GONE = 'Account no longer exists';

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export interface RequestMeta {
  ip: string;
  userAgent: string;
}

export interface SignedIn {
  token: string;
  user: UserEntity;
  session: SessionEntity;
}

/** Joins a new account to what its invitation offers, inside signUp's transaction (provided by the invitation module). */
export type InvitationAcceptor = (manager: EntityManager, user: UserEntity, token: string, actor: Actor) => Promise<unknown>;

/** Deletes a person's personal API keys and revokes their app secret, in the caller's transaction (provided by the API-key module). */
export type AccountKeyRevoker = (manager: EntityManager, userId: string) => Promise<{ hashes: string[]; personalKeys: string[]; appSecret: boolean }>;

export interface IdentityServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  hasher: PasswordHasher;
  sessions: SessionService;
  limiter: SignInLimiter;
  /** Per IP before a password is hashed; per address and IP before a reset mail is sent. */
  limits: { signUp: RateLimit; resetPassword: RateLimit; resetMailPerEmail: RateLimit; resetMailPerIp: RateLimit };
  sealer: SealedBox;
  appUrl: string;
  passwordResetTtlMinutes: number;
  acceptInvitation: InvitationAcceptor;
  revokeAccountKeys: AccountKeyRevoker;
  /** Checks a passkey assertion (from passkeyAuthenticationOptions) was made by this person (provided by the passkey module). */
  verifyPasskeyAssertion: (userId: string, response: Record<string, unknown>) => Promise<void>;
  audit: AuditService;
}


export class IdentityService {
  constructor(private readonly deps: IdentityServiceDeps) {}

  /** With `invitationToken` the account is created only if the invitation accepts it (same address); its email is then verified. */
  async signUp(input: { email: string; password: string; name: string; invitationToken?: string }, meta: RequestMeta): Promise<SignedIn> {
    const { dataSource, hasher, sessions, limits } = this.deps;
    // Before the hash: each sign-up costs the server an argon2 run.
    await limits.signUp.consume(meta.ip);
    const passwordHash = await hasher.hash(input.password);
    try {
      return await inTransaction(dataSource, async (manager) => {
        const user = await manager.save(
          manager.create(UserEntity, {
            email: input.email.trim(),
            emailNormalized: normalizeEmail(input.email),
            name: input.name.trim(),
            passwordHash,
            emailVerifiedAt: null,
          }),
        );
        const { token, session } = await sessions.create(manager, user.id, SignInMethod.PASSWORD, meta);
        if (input.invitationToken) {
          const actor: Actor = { principal: { type: 'user', userId: user.id, via: 'session', credentialId: session.id }, ip: meta.ip, userAgent: meta.userAgent };
          await this.deps.acceptInvitation(manager, user, input.invitationToken, actor);
        }
        return { token, user, session };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  async signIn(input: { email: string; password: string }, meta: RequestMeta): Promise<SignedIn> {
    const { dataSource, hasher, sessions, limiter } = this.deps;
    const email = normalizeEmail(input.email);
    const user = await dataSource.getRepository(UserEntity).findOneBy({ emailNormalized: email });
    await limiter.consume(email, meta.ip, async () => {
      if (user) await this.deps.audit.record(dataSource.manager, null, { organizationId: null, action: 'account.sign_in_limited', target: { type: 'user', id: user.id }, metadata: { ip: meta.ip } });
    });
    // Hash even for an unknown email, so response time does not reveal which addresses have accounts.
    const ok = user?.passwordHash ? await hasher.verify(user.passwordHash, input.password) : (await hasher.hash(input.password), false);
    if (!user || !ok) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Email or password is incorrect');
    await limiter.succeeded(email, meta.ip);
    const { token, session } = await sessions.create(dataSource.manager, user.id, SignInMethod.PASSWORD, meta);
    return { token, user, session };
  }

  /** The password of a signed-in person, checked under the sign-in limit; a wrong one is UNAUTHENTICATED with field `field`. */
  private async verifyPassword(user: UserEntity, password: string, ip: string, field: string): Promise<void> {
    const { hasher, limiter } = this.deps;
    await limiter.consume(user.emailNormalized, ip);
    if (!user.passwordHash || !(await hasher.verify(user.passwordHash, password))) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, `${field}: the password is incorrect`, { fields: [{ field, message: 'is incorrect' }] });
    }
    await limiter.succeeded(user.emailNormalized, ip);
  }

  /** Proves again that the person is at the session (for account security changes within REAUTH_WINDOW_MINUTES). */
  async reauthenticate(userId: string, sessionId: string, proof: { password?: string | null; passkeyResponse?: Record<string, unknown> | null }, meta: RequestMeta): Promise<Date> {
    if ((proof.password == null) === (proof.passkeyResponse == null)) throw badInput('input', 'give either password or passkeyResponse');
    if (proof.password != null) await this.verifyPassword(await this.getUser(userId), proof.password, meta.ip, 'password');
    else await this.deps.verifyPasskeyAssertion(userId, proof.passkeyResponse as Record<string, unknown>);
    return this.deps.sessions.markAuthenticated(sessionId);
  }

  /**
   * Sets a new password for a signed-in person who knows the current one. This session stays; every
   * other session, personal API key and app secret is revoked, and the person is told which.
   */
  async changePassword(actor: Actor, userId: string, sessionId: string, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.getUser(userId);
    await this.verifyPassword(user, currentPassword, actor.ip, 'currentPassword');
    const passwordHash = await this.deps.hasher.hash(newPassword);
    await this.replacePassword(user.id, passwordHash, actor, 'account.password_changed', 'The password of your Gatehouse account was changed.', sessionId, async () => undefined);
  }

  /**
   * Writes the new hash, revokes every other credential of the person and mails them what was revoked,
   * in one transaction; `within` runs first in it (a reset burns its token there).
   */
  private async replacePassword(
    userId: string,
    passwordHash: string,
    actor: Actor | null,
    action: 'account.password_changed' | 'account.password_reset',
    headline: string,
    keepSessionId: string | undefined,
    within: (manager: EntityManager) => Promise<void>,
  ): Promise<void> {
    const { dataSource, sessions, revokeAccountKeys, audit } = this.deps;
    const hashes = await inTransaction(dataSource, async (manager) => {
      await within(manager);
      // A reset proves the address: the mail was received.
      const verified = action === 'account.password_reset' ? { emailVerifiedAt: () => 'COALESCE(email_verified_at, now())' } : {};
      await manager.update(UserEntity, { id: userId }, { passwordHash, ...verified });
      const user = await manager.findOneByOrFail(UserEntity, { id: userId });
      const sessionHashes = await sessions.revokeAllIn(manager, userId, keepSessionId);
      const keys = await revokeAccountKeys(manager, userId);
      const revoked = { sessions: sessionHashes.length, personalApiKeys: keys.personalKeys, appSecret: keys.appSecret };
      await audit.record(manager, actor, { organizationId: null, action, target: { type: 'user', id: userId }, metadata: revoked });
      const details = [
        `${sessionHashes.length} ${keepSessionId ? 'other ' : ''}signed-in session(s) were signed out.`,
        ...(keys.personalKeys.length ? [`Personal API keys deleted: ${keys.personalKeys.join(', ')}.`] : []),
        ...(keys.appSecret ? ['Your App Secret was revoked; rotate it to get a new one.'] : []),
      ];
      await this.notify(manager, user.email, { name: user.name, headline, details: details.join('\n') }, `${action}.${userId}.${this.deps.clock.now().getTime()}`);
      return [...sessionHashes, ...keys.hashes];
    });
    await sessions.invalidate(hashes);
  }

  /** A link-free security notice, sent through the outbox in the caller's transaction. */
  private notify(manager: EntityManager, to: string, data: AccountNoticeData, jobId: string): Promise<unknown> {
    return enqueueInOutbox<EmailJobData>(manager, {
      queue: QueueName.Email,
      name: ACCOUNT_NOTICE_TEMPLATE,
      jobId,
      data: { template: ACCOUNT_NOTICE_TEMPLATE, to, data: { ...data } },
    });
  }

  /** Signs out every device, this one included: each token fails on its next request, on every API process. */
  async revokeAllSessions(actor: Actor, userId: string): Promise<number> {
    const { dataSource, sessions, audit } = this.deps;
    const hashes = await inTransaction(dataSource, async (manager) => {
      const hashes = await sessions.revokeAllIn(manager, userId);
      await audit.record(manager, actor, { organizationId: null, action: 'account.sessions_revoked', target: { type: 'user', id: userId }, metadata: { count: hashes.length } });
      return hashes;
    });
    await sessions.invalidate(hashes);
    return hashes.length;
  }

  /** The signed-in person as the viewer shows them: those columns alone, as a plain row (never the password hash). */
  async getViewer(userId: string): Promise<ViewerRow> {
    const {
      rows: [user],
    } = await preparedQuery<ViewerRow>(this.deps.dataSource, 'SELECT id, name, email, created_at AS "createdAt", email_verified_at AS "emailVerifiedAt" FROM "user" WHERE id = $1', [userId]);
    if (!user) throw new DomainError(ErrorCode.UNAUTHENTICATED, ACCOUNT_GONE);
    return user;
  }

  async getUser(userId: string): Promise<UserEntity> {
    const user = await this.deps.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) throw new DomainError(ErrorCode.UNAUTHENTICATED, ACCOUNT_GONE);
    return user;
  }

  /** Deletes reset tokens that expired or were used before `at` (the daily retention run). */
  purgeExpiredResetTokens(at: Date, batch: number): Promise<number> {
    return deleteInBatches(this.deps.dataSource, 'DELETE FROM password_reset_token WHERE id IN (SELECT id FROM password_reset_token WHERE expires_at < $1 OR used_at < $1 LIMIT $2)', [at], batch);
  }

  /** Null, like leaving a field out, keeps a field. A new email is audited and the old address gets a link-free notice (the caller has checked a recent authentication). */
  async updateProfile(actor: Actor, userId: string, input: { name?: string | null; email?: string | null }): Promise<UserEntity> {
    if (input.name == null && input.email == null) throw badInput('input', 'give a name or an email to change');
    const user = await this.getUser(userId);
    const oldEmail = user.email;
    if (input.name != null) user.name = input.name.trim();
    const emailChanged = input.email != null && normalizeEmail(input.email) !== user.emailNormalized;
    if (input.email != null && emailChanged) {
      user.email = input.email.trim();
      user.emailNormalized = normalizeEmail(input.email);
      // A new address is unproven until a mail sent to it is acted on.
      user.emailVerifiedAt = null;
    }
    try {
      return await inTransaction(this.deps.dataSource, async (manager) => {
        const saved = await manager.save(user);
        if (emailChanged) {
          await this.deps.audit.record(manager, actor, { organizationId: null, action: 'account.email_changed', target: { type: 'user', id: userId }, metadata: { from: oldEmail, to: user.email } });
          const headline = `The email address of your Gatehouse account was changed from ${oldEmail} to ${user.email}.`;
          await this.notify(manager, oldEmail, { name: user.name, headline, details: '' }, `account.email_changed.${userId}.${this.deps.clock.now().getTime()}`);
        }
        return saved;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  /**
   * Sends a single-use reset link if the account exists; says nothing either way. Past the limit per
   * address or per IP nothing is sent, and the answer is still the same: a refusal would tell which
   * addresses have accounts, and the limit exists to stop mail floods, not to inform.
   */
  async requestPasswordReset(email: string, meta: RequestMeta): Promise<void> {
    const { dataSource, clock, sealer, appUrl, passwordResetTtlMinutes, limits } = this.deps;
    const normalized = normalizeEmail(email);
    const [byEmail, byIp] = await Promise.all([limits.resetMailPerEmail.take(normalized), limits.resetMailPerIp.take(meta.ip)]);
    if (byEmail || byIp) return;
    const user = await dataSource.getRepository(UserEntity).findOneBy({ emailNormalized: normalized });
    if (!user) return;
    const token = generateCredential(CredentialPrefix.PasswordReset);
    await inTransaction(dataSource, async (manager) => {
      const row = await manager.save(
        manager.create(PasswordResetTokenEntity, {
          userId: user.id,
          tokenHash: hashCredential(token),
          expiresAt: new Date(clock.now().getTime() + passwordResetTtlMinutes * 60_000),
          usedAt: null,
        }),
      );
      await enqueueInOutbox<EmailJobData>(manager, {
        queue: QueueName.Email,
        name: PASSWORD_RESET_TEMPLATE,
        jobId: `password-reset.${row.id}`,
        data: {
          template: PASSWORD_RESET_TEMPLATE,
          to: user.email,
          data: { name: user.name, expiresInMinutes: passwordResetTtlMinutes },
          sealed: sealer.seal(JSON.stringify({ resetUrl: `${appUrl}/reset-password?token=${encodeURIComponent(token)}` })),
        },
      });
    });
  }

  /** Sets the new password, burns the token, and revokes every session, personal API key and app secret of the account. */
  async resetPassword(token: string, newPassword: string, meta: RequestMeta): Promise<void> {
    const { dataSource, clock, hasher, limits } = this.deps;
    await limits.resetPassword.consume(meta.ip);
    const invalid = () => new DomainError(ErrorCode.BAD_USER_INPUT, 'token: this reset link is invalid, expired or already used', { fields: [{ field: 'token', message: 'is invalid, expired or already used' }] });
    if (!isWellFormed(token, CredentialPrefix.PasswordReset)) throw invalid();
    const tokenHash = hashCredential(token);
    const pending = await dataSource.getRepository(PasswordResetTokenEntity).findOneBy({ tokenHash });
    if (!pending) throw invalid();
    const passwordHash = await hasher.hash(newPassword);
    await this.replacePassword(pending.userId, passwordHash, null, 'account.password_reset', 'The password of your Gatehouse account was reset.', undefined, async (manager) => {
      const row = await manager.findOne(PasswordResetTokenEntity, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
      const now = clock.now();
      if (!row || row.usedAt || row.expiresAt <= now) throw invalid();
      row.usedAt = now;
      await manager.save(row);
    });
  }
}
