import type { AuthFailure, Principal, UserPrincipal } from '../auth/principal';
import type { RoleResolver } from '../auth/role-resolver';
import type { Loaders } from '../module';

export interface RequestInfo {
  requestId: string;
  ip: string;
  userAgent: string;
  /** Which API the request came through: recorded with the audit events it causes. */
  via: 'graphql' | 'rest';
}

export interface Context {
  request: RequestInfo;
  principal: Principal | null;
  /** Set when a credential was presented but rejected: fields that need a caller say why. */
  authFailure?: AuthFailure;
  loaders: Loaders;
  /** The caller's organization and workspace roles, loaded on first use and kept for the request. */
  roles: RoleResolver;
  /**
   * Makes the rest of this request act as a person who just signed in (signUp, signIn, passkey), so the
   * payload's `viewer { sessions … }` answers for them instead of for the anonymous caller.
   */
  actAs(principal: UserPrincipal): void;
}
