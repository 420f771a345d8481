import type { GatehouseModule } from '../../module';
import { ChallengeStore } from './challenge-store';
import { PasskeyResolver } from './passkey.resolver';
import { PasskeyService } from './passkey.service';

declare module '../../module' {
  interface Services {
    passkeys: PasskeyService;
  }
}

export const passkeyModule: GatehouseModule = {
  name: 'passkey',
  services: ({ dataSource, clock, redis, config }, s) => ({
    passkeys: new PasskeyService({
      dataSource,
      clock,
      sessions: s.sessions,
      challenges: new ChallengeStore(redis, config.redisPrefix, clock),
      relyingParty: config.webauthn,
      audit: s.audit,
    }),
  }),
  resolvers: [[PasskeyResolver, (s) => new PasskeyResolver(s.passkeys)]],
};
