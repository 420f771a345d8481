import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { Clock } from '../../clock';
import { CredentialPrefix, generateCredential, hashCredential, isWellFormed } from '../../auth/credential-token';
import type { PasswordHasher } from '../../auth/password';
import type { SealedBox } from '../../auth/sealed-box';
import type { SignInLimiter } from './sign-in-limiter';
import { inTransaction } from '../../db/transaction';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import { enqueueInOutbox } from '../../queue/outbox';
import { QueueName, type EmailJobData } from '../../queue/queues';
import { PASSWORD_RESET_TEMPLATE } from './password-reset.mail';
import { PasswordResetTokenEntity } from './password-reset-token.entity';
import { SignInMethod, type SessionEntity } from './session.entity';
import type { SessionService } from './session.service';
import { UserEntity } from './user.entity';
import { isUniqueViolation } from '../../db/postgres-errors';

const emailTaken = () => new DomainError(ErrorCode.CONFLICT, 'An account with this email already exists', { fields: [{ field: 'email', message: 'is already registered' }] });

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

export interface IdentityServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  hasher: PasswordHasher;
  sessions: SessionService;
  limiter: SignInLimiter;
  sealer: SealedBox;
  appUrl: string;
  passwordResetTtlMinutes: number;
  acceptInvitation: InvitationAcceptor;
}


export class IdentityService {
  constructor(private readonly deps: IdentityServiceDeps) {}

  /** With `invitationToken` the account is created only if the invitation accepts it (same address); its email is then verified. */
  async signUp(input: { email: string; password: string; name: string; invitationToken?: string }, meta: RequestMeta): Promise<SignedIn> {
    const { dataSource, hasher, sessions } = this.deps;
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
    await limiter.assertAllowed(email, meta.ip);
    const user = await dataSource.getRepository(UserEntity).findOneBy({ emailNormalized: email });
    // Hash even for an unknown email, so response time does not reveal which addresses have accounts.
    const ok = user?.passwordHash ? await hasher.verify(user.passwordHash, input.password) : (await hasher.hash(input.password), false);
    if (!user || !ok) {
      await limiter.recordFailure(email, meta.ip);
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Email or password is incorrect');
    }
    await limiter.recordSuccess(email);
    const { token, session } = await sessions.create(dataSource.manager, user.id, SignInMethod.PASSWORD, meta);
    return { token, user, session };
  }

  async getUser(userId: string): Promise<UserEntity> {
    const user = await this.deps.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Account no longer exists');
    return user;
  }

  async updateProfile(userId: string, input: { name?: string; email?: string }): Promise<UserEntity> {
    if (input.name === undefined && input.email === undefined) throw badInput('input', 'give a name or an email to change');
    const repository = this.deps.dataSource.getRepository(UserEntity);
    const user = await this.getUser(userId);
    if (input.name !== undefined) user.name = input.name.trim();
    if (input.email !== undefined && normalizeEmail(input.email) !== user.emailNormalized) {
      user.email = input.email.trim();
      user.emailNormalized = normalizeEmail(input.email);
      // A new address is unproven until a mail sent to it is acted on.
      user.emailVerifiedAt = null;
    }
    try {
      return await repository.save(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  /** Sends a single-use reset link if the account exists; says nothing either way. */
  async requestPasswordReset(email: string): Promise<void> {
    const { dataSource, clock, sealer, appUrl, passwordResetTtlMinutes } = this.deps;
    const user = await dataSource.getRepository(UserEntity).findOneBy({ emailNormalized: normalizeEmail(email) });
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

  /** Sets the new password, burns the token, and signs out every session of the account. */
  async resetPassword(token: string, newPassword: string): Promise<void> {
    const { dataSource, clock, hasher, sessions } = this.deps;
    const invalid = () => new DomainError(ErrorCode.BAD_USER_INPUT, 'token: this reset link is invalid, expired or already used', { fields: [{ field: 'token', message: 'is invalid, expired or already used' }] });
    if (!isWellFormed(token, CredentialPrefix.PasswordReset)) throw invalid();
    const passwordHash = await hasher.hash(newPassword);
    const signedOut = await inTransaction(dataSource, async (manager) => {
      const row = await manager.findOne(PasswordResetTokenEntity, { where: { tokenHash: hashCredential(token) }, lock: { mode: 'pessimistic_write' } });
      const now = clock.now();
      if (!row || row.usedAt || row.expiresAt <= now) throw invalid();
      row.usedAt = now;
      await manager.save(row);
      // Receiving the mail proves the address.
      await manager.update(UserEntity, { id: row.userId }, { passwordHash, emailVerifiedAt: () => 'COALESCE(email_verified_at, now())' });
      return sessions.revokeAllIn(manager, row.userId);
    });
    await sessions.invalidate(signedOut);
  }
}
