import { DomainError } from '../../graphql/errors';

export class PasskeyError extends DomainError {}

/** Machine-readable `extensions.reason` of a refused passkey response, so a client can tell the user what to do. */
export enum PasskeyFailure {
  CHALLENGE_EXPIRED = 'CHALLENGE_EXPIRED',
  CHALLENGE_ALREADY_USED = 'CHALLENGE_ALREADY_USED',
  VERIFICATION_FAILED = 'VERIFICATION_FAILED',
  UNKNOWN_CREDENTIAL = 'UNKNOWN_CREDENTIAL',
  CREDENTIAL_NOT_ALLOWED = 'CREDENTIAL_NOT_ALLOWED',
  COUNTER_REGRESSED = 'COUNTER_REGRESSED',
}
