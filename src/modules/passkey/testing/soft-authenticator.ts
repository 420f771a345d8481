import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A software WebAuthn authenticator plus the browser's part of the ceremony, for tests: ES256 keys from
 * node:crypto, `none` attestation, real CBOR, client data and authenticator data. Each `with…` option
 * lets a test make one thing wrong so the server's own check of it is exercised.
 */

type Cbor = number | string | Uint8Array | Cbor[] | Map<Cbor, Cbor> | { [key: string]: Cbor };

function cborHead(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  const head = Buffer.alloc(5);
  head[0] = (major << 5) | 26;
  head.writeUInt32BE(length, 1);
  return head;
}

/** CBOR (RFC 8949) for the few types WebAuthn needs: integers, byte and text strings, arrays, maps. */
export function encodeCbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([cborHead(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([cborHead(4, value.length), ...value.map(encodeCbor)]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([cborHead(5, entries.length), ...entries.flatMap(([key, item]) => [encodeCbor(key), encodeCbor(item)])]);
}

const FLAG = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40 } as const;

export interface CeremonyOptions {
  /** The page's origin as the browser reports it; defaults to the authenticator's. */
  origin?: string;
  /** The RP id the authenticator scopes the credential to (its hash goes in authenticator data). */
  rpId?: string;
  /** Answer with this challenge instead of the one in the options. */
  challenge?: string;
  /** Sign with this counter value instead of the next one. */
  counter?: number;
  /** Flip a bit of the signature after signing. */
  tamperSignature?: boolean;
}

export interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  cosePublicKey: Buffer;
  userHandle: string;
  counter: number;
}

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();
const b64url = (data: Buffer): string => data.toString('base64url');

/** What `PublicKeyCredential.toJSON()` gives a page. */
const publicKeyCredentialJSON = (credential: SoftCredential, response: Record<string, unknown>): Record<string, unknown> => ({
  id: b64url(credential.id),
  rawId: b64url(credential.id),
  type: 'public-key',
  authenticatorAttachment: 'platform',
  clientExtensionResults: {},
  response,
});

interface CreationOptions {
  challenge: string;
  rp: { id?: string };
  user: { id: string };
}

interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: Array<{ id: string }>;
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];

  constructor(
    readonly origin: string,
    private readonly flags = { backupEligible: true, backedUp: true },
  ) {}

  private newCredential(userHandle: string, counter: number): SoftCredential {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cosePublicKey = encodeCbor(
      new Map<Cbor, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const credential: SoftCredential = { id: randomBytes(32), privateKey, cosePublicKey, userHandle, counter };
    this.credentials.push(credential);
    return credential;
  }

  private authenticatorData(rpId: string, flags: number, counter: number, attested?: SoftCredential): Buffer {
    const counterBytes = Buffer.alloc(4);
    counterBytes.writeUInt32BE(counter);
    const backup = (this.flags.backupEligible ? FLAG.BE : 0) | (this.flags.backedUp ? FLAG.BS : 0);
    const parts = [sha256(rpId), Buffer.from([flags | backup | FLAG.UP | FLAG.UV]), counterBytes];
    if (attested) {
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(attested.id.length);
      parts.push(Buffer.alloc(16), idLength, attested.id, attested.cosePublicKey);
    }
    return Buffer.concat(parts);
  }

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** navigator.credentials.create(): a new ES256 credential (or `credential` attested again), answered as `credential.toJSON()`. */
  create(options: CreationOptions, overrides: CeremonyOptions & { credential?: SoftCredential } = {}): Record<string, unknown> {
    const credential = overrides.credential ?? this.newCredential(options.user.id, overrides.counter ?? 0);
    const authData = this.authenticatorData(overrides.rpId ?? options.rp.id!, FLAG.AT, credential.counter, credential);
    const attestationObject = encodeCbor({ fmt: 'none', attStmt: {}, authData });
    return publicKeyCredentialJSON(credential, {
      clientDataJSON: b64url(this.clientData('webauthn.create', overrides.challenge ?? options.challenge, overrides.origin ?? this.origin)),
      attestationObject: b64url(attestationObject),
      transports: ['internal', 'hybrid'],
    });
  }

  /** navigator.credentials.get(): an assertion by `credential` (default: the first allowed one this authenticator holds). */
  get(options: RequestOptions, overrides: CeremonyOptions & { credential?: SoftCredential } = {}): Record<string, unknown> {
    const allowed = new Set((options.allowCredentials ?? []).map((item) => item.id));
    const credential = overrides.credential ?? this.credentials.find((item) => allowed.size === 0 || allowed.has(b64url(item.id)));
    if (!credential) throw new Error('SoftAuthenticator holds no credential these options allow');
    if (overrides.counter === undefined) credential.counter += 1;
    const authData = this.authenticatorData(overrides.rpId ?? options.rpId!, 0, overrides.counter ?? credential.counter);
    const clientDataJSON = this.clientData('webauthn.get', overrides.challenge ?? options.challenge, overrides.origin ?? this.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    if (overrides.tamperSignature) signature[signature.length - 1] ^= 0x01;
    return publicKeyCredentialJSON(credential, { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature), userHandle: credential.userHandle });
  }
}
