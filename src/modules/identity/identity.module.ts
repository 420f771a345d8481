import { createPasswordHasher } from '../../auth/password';
import type { GatehouseModule, LoadersOf } from '../../module';
import { createIdentityLoaders } from './identity.loaders';
import { IdentityResolver } from './identity.resolver';
import { IdentityService } from './identity.service';
import { ACCOUNT_NOTICE_TEMPLATE, renderAccountNotice } from './account-notice.mail';
import { PASSWORD_RESET_TEMPLATE, renderPasswordReset } from './password-reset.mail';
import { SessionService } from './session.service';
import { SignInLimiter } from './sign-in-limiter';
import { RateLimit } from '../../auth/rate-limit';

const loaders = createIdentityLoaders();

declare module '../../module' {
  interface Services {
    identity: IdentityService;
    sessions: SessionService;
  }
  interface Loaders extends LoadersOf<typeof loaders> {}
}

export const identityModule: GatehouseModule = {
  name: 'identity',
  services: ({ dataSource, clock, redis, config }, services) => {
    const sessions = new SessionService(dataSource, clock, config.sessionTtlHours, services.invalidation, services.credentialCache, config.reauthWindowMinutes);
    const identity = new IdentityService({
      dataSource,
      clock,
      hasher: createPasswordHasher(config.passwordHashMemoryKib),
      sessions,
      limiter: new SignInLimiter(redis, config.redisPrefix, config.signInLimit),
      limits: {
        signUp: new RateLimit(redis, `${config.redisPrefix}:signup:ip`, 'sign-ups from this address', { points: config.hourlyLimits.signUpPerIp, windowSeconds: 3600 }),
        resetPassword: new RateLimit(redis, `${config.redisPrefix}:reset:ip`, 'password resets from this address', { points: config.hourlyLimits.resetPasswordPerIp, windowSeconds: 3600 }),
        resetMailPerEmail: new RateLimit(redis, `${config.redisPrefix}:reset-mail:email`, 'reset mails', { points: config.hourlyLimits.resetRequestPerEmail, windowSeconds: 3600 }),
        resetMailPerIp: new RateLimit(redis, `${config.redisPrefix}:reset-mail:ip`, 'reset mails', { points: config.hourlyLimits.resetRequestPerIp, windowSeconds: 3600 }),
      },
      sealer: services.sealer,
      appUrl: config.appUrl,
      passwordResetTtlMinutes: config.passwordResetTtlMinutes,
      // Signing up with an invitation token accepts it; the invitation module is built later, used at request time.
      acceptInvitation: (manager, user, token, actor) => services.invitations.acceptAs(manager, actor, user, token),
      // Likewise built later: a password reset or change revokes the person's keys, a passkey can reauthenticate.
      revokeAccountKeys: (manager, userId) => services.apiKeys.revokeAccountKeysIn(manager, userId),
      verifyPasskeyAssertion: (userId, response) => services.passkeys.verifyAssertionOf(userId, response),
      audit: services.audit,
    });
    services.retention.purge('sessions', (at, batch) => sessions.purgeExpired(at, batch));
    services.retention.purge('resetTokens', (at, batch) => identity.purgeExpiredResetTokens(at, batch));
    return { sessions, identity };
  },
  resolvers: [[IdentityResolver, (s) => new IdentityResolver(s.identity, s.sessions)]],
  loaders,
  mailTemplates: { [PASSWORD_RESET_TEMPLATE]: renderPasswordReset, [ACCOUNT_NOTICE_TEMPLATE]: renderAccountNotice },
  credentialVerifiers: (s) => [s.sessions.verifier],
};
