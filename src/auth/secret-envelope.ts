import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A key-encryption key from ENCRYPTION_KEYS: its id is stored with every value it wraps. */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** A stored value could not be opened: the message names the key id, never the value. */
export class EnvelopeError extends Error {}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function encrypt(key: Buffer, plaintext: Buffer, associatedData: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function decrypt(key: Buffer, sealed: Buffer, associatedData: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/**
 * AES-256-GCM envelope for secrets that must be read again (provider credentials, Slack tokens,
 * webhook secrets). Each value gets its own random data key; the data key is wrapped by the current
 * key-encryption key, whose id travels with the value so older keys keep opening older values while
 * `reseal` moves them to the current one. Associated data (for example
 * `workspaceId|integrationId|credential`) binds a ciphertext to its row and field: copied anywhere
 * else it fails to open. Stored form: `v1.<keyId>.<wrapped data key>.<ciphertext>` (base64url parts).
 */
export class SecretEnvelope {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new Error('SecretEnvelope needs at least one key');
    for (const { id, key } of keys) if (key.length !== 32) throw new Error(`Encryption key "${id}" must be 32 bytes`);
    this.byId = new Map(keys.map(({ id, key }) => [id, key]));
  }

  /** The id of the key new values are wrapped with. */
  get currentKeyId(): string {
    return this.keys[0].id;
  }

  seal(plaintext: string, associatedData: string): string {
    const { id, key } = this.keys[0];
    const dataKey = randomBytes(32);
    const wrapped = encrypt(key, dataKey, `${id}|${associatedData}`);
    const body = encrypt(dataKey, Buffer.from(plaintext, 'utf8'), associatedData);
    return [VERSION, id, wrapped.toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string, associatedData: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) throw new EnvelopeError('Stored secret is not a v1 envelope');
    const [, id, wrapped, body] = parts;
    const key = this.byId.get(id);
    if (!key) throw new EnvelopeError(`Stored secret is encrypted with key "${id}", which ENCRYPTION_KEYS does not hold`);
    try {
      const dataKey = decrypt(key, Buffer.from(wrapped, 'base64url'), `${id}|${associatedData}`);
      return decrypt(dataKey, Buffer.from(body, 'base64url'), associatedData).toString('utf8');
    } catch {
      throw new EnvelopeError(`Stored secret does not open with key "${id}": wrong key, or the value belongs to another row or field`);
    }
  }

  keyIdOf(sealed: string): string {
    return sealed.split('.')[1] ?? '';
  }

  /** The same secret under the current key (for online key rotation); unchanged when already current. */
  reseal(sealed: string, associatedData: string): string {
    return this.keyIdOf(sealed) === this.currentKeyId ? sealed : this.seal(this.open(sealed, associatedData), associatedData);
  }
}
