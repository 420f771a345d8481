import type { Principal, UserPrincipal } from '../auth/principal';
import type { Context } from './context';
import { DomainError, ErrorCode } from '../core/errors';

/**
 * The signed-in person behind a request. Fields that call this also declare `@auth(requires: USER)`,
 * which has already refused anonymous callers and keys; this narrows the type for the resolver.
 */
export function viewerOf(context: Context): UserPrincipal {
  const principal = context.principal;
  if (principal?.type !== 'user') throw new DomainError(ErrorCode.UNAUTHENTICATED, context.authFailure?.message ?? 'Sign in to do this');
  return principal;
}

/** The caller of a field that declares `@auth(requires: AUTHENTICATED)`: a person or a key. */
export function principalOf(context: Context): Principal {
  if (!context.principal) throw new DomainError(ErrorCode.UNAUTHENTICATED, context.authFailure?.message ?? 'Authenticate to do this');
  return context.principal;
}
