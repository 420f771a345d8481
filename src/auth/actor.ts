import type { Context } from '../graphql/context';
import type { Principal } from './principal';

/** Who is making a change and from where: what services need to authorize it and audit it. */
export interface Actor {
  principal: Principal;
  ip: string;
  userAgent: string;
  /** The API the change came through, recorded with its audit event. */
  via?: 'graphql' | 'rest';
}

export function actorOf(context: Context): Actor {
  if (!context.principal) throw new Error('actorOf called on an unauthenticated request; declare @Requires on the field');
  return { principal: context.principal, ip: context.request.ip, userAgent: context.request.userAgent, via: context.request.via };
}
