import { createPasswordHasher } from '../../auth/password';
import type { GatehouseModule, LoadersOf } from '../../module';
import { createIdentityLoaders } from './identity.loaders';
import { IdentityResolver } from './identity.resolver';
import { IdentityService } from './identity.service';
import { PASSWORD_RESET_TEMPLATE, renderPasswordReset } from './password-reset.mail';
import { SessionService } from './session.service';
import { SignInLimiter } from './sign-in-limiter';

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
    const sessions = new SessionService(dataSource, clock, config.sessionTtlHours, services.invalidation, services.credentialCache);
    const identity = new IdentityService({
      dataSource,
      clock,
      hasher: createPasswordHasher(config.passwordHashMemoryKib),
      sessions,
      limiter: new SignInLimiter(redis, config.redisPrefix, config.signInLimit),
      sealer: services.sealer,
      appUrl: config.appUrl,
      passwordResetTtlMinutes: config.passwordResetTtlMinutes,
      // Signing up with an invitation token accepts it; the invitation module is built later, used at request time.
      acceptInvitation: (manager, user, token, actor) => services.invitations.acceptAs(manager, actor, user, token),
    });
    return { sessions, identity };
  },
  resolvers: [[IdentityResolver, (s) => new IdentityResolver(s.identity, s.sessions)]],
  loaders,
  mailTemplates: { [PASSWORD_RESET_TEMPLATE]: renderPasswordReset },
  credentialVerifiers: (s) => [s.sessions.verifier],
};
