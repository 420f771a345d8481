import type { AccessCheck } from '../graphql/auth-directive';
import { DomainError, ErrorCode } from '../graphql/errors';
import { AccessRole } from './permissions';

export class AccessError extends DomainError {}

/** The check behind `@auth`: synchronous whenever the answer needs no lookup. */
export function createAccessCheck(): AccessCheck {
  return (context, requirement) => {
    const principal = context.principal;
    if (!principal) throw new AccessError(ErrorCode.UNAUTHENTICATED, context.authFailure?.message ?? 'Sign in to do this');
    switch (requirement.requires) {
      case AccessRole.USER:
        if (principal.type !== 'user') throw new AccessError(ErrorCode.FORBIDDEN, 'This needs a signed-in person; a workspace or project API key cannot use it');
        return;
    }
  };
}
