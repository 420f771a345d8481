import { CredentialPrefix, generateCredential, hashCredential, isWellFormed, maskedValue, prefixOf } from './credential-token';

describe('credential tokens', () => {
  it('generates well-formed, distinct credentials of a fixed length', () => {
    const a = generateCredential(CredentialPrefix.WorkspaceApiKey, 20);
    const b = generateCredential(CredentialPrefix.WorkspaceApiKey, 20);
    expect(a).not.toEqual(b);
    expect(a).toHaveLength(b.length);
    expect(a.startsWith('gtw_')).toBe(true);
    expect(isWellFormed(a, CredentialPrefix.WorkspaceApiKey)).toBe(true);
    expect(prefixOf(a)).toBe('gtw');
  });

  it('rejects a mistyped, truncated, invented or foreign-prefix credential', () => {
    const key = generateCredential(CredentialPrefix.Session);
    const flipped = key.slice(0, 10) + (key[10] === 'a' ? 'b' : 'a') + key.slice(11);
    expect(isWellFormed(flipped, CredentialPrefix.Session)).toBe(false);
    expect(isWellFormed(key.slice(0, -1), CredentialPrefix.Session)).toBe(false);
    expect(isWellFormed(`gts_${'x'.repeat(49)}`, CredentialPrefix.Session)).toBe(false);
    expect(isWellFormed(key, CredentialPrefix.PersonalApiKey)).toBe(false);
    expect(isWellFormed(`${key}!`, CredentialPrefix.Session)).toBe(false);
  });

  it('keeps accepting credentials issued before: the checksum is a fixed function of the rest', () => {
    // Checksums as issued since the first release, one with leading zero digits.
    expect(isWellFormed('gtw_Gatehouse3xxxxxxxxxxxxxxxxxxxx4bX77c', CredentialPrefix.WorkspaceApiKey)).toBe(true);
    expect(isWellFormed('gtw_Gatehouse570xxxxxxxxxxxxxxxxxx00bS2S', CredentialPrefix.WorkspaceApiKey)).toBe(true);
    expect(isWellFormed('gtw_Gatehouse570xxxxxxxxxxxxxxxxxx0bS2S0', CredentialPrefix.WorkspaceApiKey)).toBe(false);
  });

  it('stores a SHA-256 hex digest and masks to prefix plus four characters', () => {
    const key = generateCredential(CredentialPrefix.PersonalApiKey);
    expect(hashCredential(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCredential(key)).not.toContain(key.slice(4, 20));
    expect(maskedValue({ prefix: prefixOf(key)!, start: key.slice(4, 8) })).toBe(`${key.slice(0, 8)}…`);
  });
});
