import type { SessionEntity } from './session.entity';
import type { Session, User, Viewer } from './identity.types';
import type { UserEntity } from './user.entity';

export function toUser(user: UserEntity): User {
  return { id: user.id, name: user.name, email: user.email, createdAt: user.createdAt };
}

export function toViewer(user: UserEntity): Viewer {
  return { id: user.id, name: user.name, email: user.email, createdAt: user.createdAt, emailVerified: user.emailVerifiedAt !== null };
}

export function toSession(session: SessionEntity, currentSessionId?: string): Session {
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
