import type { ListedPasskeyRow } from './passkey.service';
import type { Passkey } from './passkey.types';

export function toPasskey(passkey: ListedPasskeyRow): Passkey {
  return { id: passkey.id, name: passkey.name, createdAt: passkey.createdAt, lastUsedAt: passkey.lastUsedAt, deviceType: passkey.deviceType, backedUp: passkey.backedUp };
}
