import { randomBytes } from 'node:crypto';
import { EnvelopeError, SecretEnvelope } from './secret-envelope';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('SecretEnvelope', () => {
  const k1 = key('k1');
  const k2 = key('k2');

  it('opens what it sealed, and the stored form names the key but holds no plaintext', () => {
    const envelope = new SecretEnvelope([k1]);
    const sealed = envelope.seal('sk-live-secret', 'ws|int|credential');
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(sealed).not.toContain('sk-live-secret');
    expect(envelope.open(sealed, 'ws|int|credential')).toBe('sk-live-secret');
  });

  it('refuses a value moved to another row or field', () => {
    const envelope = new SecretEnvelope([k1]);
    const sealed = envelope.seal('sk-live-secret', 'ws|int-a|credential');
    expect(() => envelope.open(sealed, 'ws|int-b|credential')).toThrow(EnvelopeError);
    expect(() => envelope.open(sealed, 'ws|int-b|credential')).toThrow('key "k1"');
  });

  it('fails loudly, naming the key id, when the key is missing or wrong', () => {
    const sealed = new SecretEnvelope([k1]).seal('value', 'ad');
    expect(() => new SecretEnvelope([k2]).open(sealed, 'ad')).toThrow('encrypted with key "k1", which ENCRYPTION_KEYS does not hold');
    expect(() => new SecretEnvelope([{ id: 'k1', key: randomBytes(32) }]).open(sealed, 'ad')).toThrow('does not open with key "k1"');
  });

  it('rotates: a new first key encrypts, the old one still opens, reseal moves a value to the new key', () => {
    const before = new SecretEnvelope([k1]).seal('value', 'ad');
    const rotated = new SecretEnvelope([k2, k1]);
    expect(rotated.open(before, 'ad')).toBe('value');
    const moved = rotated.reseal(before, 'ad');
    expect(rotated.keyIdOf(moved)).toBe('k2');
    expect(new SecretEnvelope([k2]).open(moved, 'ad')).toBe('value');
    expect(rotated.reseal(moved, 'ad')).toBe(moved);
  });
});
