import type { AuthFailure, Principal } from '../auth/principal';
import type { RoleResolver } from '../auth/role-resolver';
import type { Loaders } from '../module';

export interface RequestInfo {
  requestId: string;
  ip: string;
  userAgent: string;
}

export interface Context {
  request: RequestInfo;
  principal: Principal | null;
  /** Set when a credential was presented but rejected: fields that need a caller say why. */
  authFailure?: AuthFailure;
  loaders: Loaders;
  /** The caller's organization and workspace roles, loaded on first use and kept for the request. */
  roles: RoleResolver;
}
