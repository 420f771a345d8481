import type { Context } from '../../graphql/context';
import type { SignedIn } from './identity.service';
import type { ListedSessionRow } from './session.service';
import type { AuthPayload, Session, User, Viewer } from './identity.types';
import type { UserEntity } from './user.entity';

/** What a User field can show: the columns the read path selects. */
export type UserRow = Pick<UserEntity, 'id' | 'name' | 'email' | 'createdAt'>;

export const USER_COLUMNS = ['id', 'name', 'email', 'createdAt'] as const satisfies ReadonlyArray<keyof UserRow>;

export function toUser(user: UserRow): User {
  return { id: user.id, name: user.name, email: user.email, createdAt: user.createdAt };
}

/** What the viewer shows of the signed-in person. */
export type ViewerRow = Pick<UserEntity, 'id' | 'name' | 'email' | 'createdAt' | 'emailVerifiedAt'>;

export function toViewer(user: ViewerRow): Viewer {
  return { id: user.id, name: user.name, email: user.email, createdAt: user.createdAt, emailVerified: user.emailVerifiedAt !== null };
}

export function toSession(session: ListedSessionRow, currentSessionId?: string): Session {
  return {
    id: session.id,
    userAgent: session.userAgent,
    ip: session.ip,
    method: session.method,
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    expiresAt: session.expiresAt,
    current: session.id === currentSessionId,
  };
}

/** What every sign-in mutation (password, passkey) answers with. */
export function toAuthPayload({ token, user, session }: SignedIn): AuthPayload {
  return { token, viewer: toViewer(user), session: toSession(session, session.id) };
}

/** A sign-in mutation's answer; the rest of the request (the payload's viewer fields) acts as the person signed in. */
export function signedInPayload(context: Context, signedIn: SignedIn): AuthPayload {
  context.actAs({ type: 'user', userId: signedIn.user.id, via: 'session', credentialId: signedIn.session.id });
  return toAuthPayload(signedIn);
}
