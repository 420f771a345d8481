import type { PasskeyEntity } from './passkey.entity';
import type { Passkey } from './passkey.types';

export function toPasskey(passkey: PasskeyEntity): Passkey {
  return { id: passkey.id, name: passkey.name, createdAt: passkey.createdAt, lastUsedAt: passkey.lastUsedAt, deviceType: passkey.deviceType, backedUp: passkey.backedUp };
}
