import { CredentialCache, type CachedCredential } from './credential-cache';
import { DomainError } from '../core/errors';

type KeyRecord = CachedCredential & { kind: 'KEY'; id: string };
const isKey = (record: CachedCredential): record is KeyRecord => record.kind === 'KEY';

describe('CredentialCache', () => {
  const settings = { ttlSeconds: 60, negativeTtlSeconds: 5, maxEntries: 100, negativeMaxEntries: 100, unknownPerIpPerMinute: 3 };
  let now = 0;
  const cache = () => new CredentialCache(settings, () => now, { listen: () => undefined, cacheTrusted: () => true });

  it('keeps "no such key" apart: a flood of unknown keys never evicts a real one from the cache', async () => {
    const credentials = cache();
    let loads = 0;
    const valid = () => credentials.get('valid', isKey, async () => (loads++, { kind: 'KEY', id: 'valid' }), '10.0.0.1');
    await valid();
    for (let n = 0; n < 10_000; n++) await credentials.get(`unknown-${n}`, isKey, async () => null, `10.1.${n >> 8}.${n & 255}`);
    expect(await valid()).toMatchObject({ id: 'valid' });
    expect(loads).toBe(1);
  });

  it('refuses lookups of unknown keys past the per-IP limit without reading, and lets other clients and known keys through', async () => {
    const credentials = cache();
    let reads = 0;
    const unknown = (n: number, ip = '10.0.0.9') => credentials.get(`random-${n}`, isKey, async () => (reads++, null), ip);
    await credentials.get('known', isKey, async () => ({ kind: 'KEY', id: 'known' }), '10.0.0.9');
    for (let n = 0; n < 3; n++) expect(await unknown(n)).toBeNull();
    await expect(unknown(3)).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 60 } });
    await expect(unknown(4)).rejects.toBeInstanceOf(DomainError);
    expect(reads).toBe(3);
    expect(await credentials.get('known', isKey, async () => null, '10.0.0.9')).toMatchObject({ id: 'known' });
    expect(await unknown(5, '10.0.0.10')).toBeNull();
    now += 60_000;
    expect(await unknown(6)).toBeNull();
  });
});
