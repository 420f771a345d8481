import { hash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM_LENGTH = 6;

/**
 * Every secret Gatehouse issues has one shape: `<prefix>_<base62 body><6-char checksum>`.
 * The prefix says what it is (and lets secret scanners find it); the CRC32 checksum lets a mistyped
 * or invented value be rejected before any cache or database lookup.
 */
export enum CredentialPrefix {
  Session = 'gts',
  PasswordReset = 'gtr',
  PersonalApiKey = 'dlt',
  WorkspaceApiKey = 'gtw',
  ProjectApiKey = 'gtp',
  AppSecret = 'gta',
  Invitation = 'gti',
}

function base62(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (value > 0n) {
    out = ALPHABET[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out;
}

/** The CRC32 in base62, zero-padded: six digits hold any 32-bit value. Plain number arithmetic, since every keyed request checks one. */
function checksum(text: string): string {
  let value = crc32(text);
  let out = '';
  for (let digit = 0; digit < CHECKSUM_LENGTH; digit++) {
    out = ALPHABET[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

/** 32 random bytes (256 bits) by default; API keys must have at least 160. */
export function generateCredential(prefix: CredentialPrefix, randomByteCount = 32): string {
  // Pad to a fixed width so every credential of a kind has the same length.
  const width = Math.ceil((randomByteCount * 8) / Math.log2(62));
  const body = base62(randomBytes(randomByteCount)).padStart(width, '0');
  const head = `${prefix}_${body}`;
  return head + checksum(head);
}

/** Shape and checksum only; says nothing of whether the credential exists. */
export function isWellFormed(value: string, prefix: CredentialPrefix): boolean {
  if (!value.startsWith(`${prefix}_`) || value.length < prefix.length + 1 + 20 + CHECKSUM_LENGTH) return false;
  const head = value.slice(0, -CHECKSUM_LENGTH);
  if (!/^[0-9A-Za-z]+$/.test(head.slice(prefix.length + 1))) return false;
  return checksum(head) === value.slice(-CHECKSUM_LENGTH);
}

export function prefixOf(value: string): string | undefined {
  const index = value.indexOf('_');
  return index > 0 ? value.slice(0, index) : undefined;
}

/** Only this digest is stored; the plaintext is shown once. One-shot `hash` is a quarter of createHash's cost, and this runs on every authenticated request. */
export function hashCredential(value: string): string {
  return hash('sha256', value, 'hex');
}

/** What a list may show of a secret: its prefix and the first characters of its body, as stored beside its hash. */
export function maskedValue(key: { prefix: string; start: string }): string {
  return `${key.prefix}_${key.start}…`;
}
