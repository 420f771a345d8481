/**
 * A small in-process LRU map whose entries also expire: the hot path of key verification.
 * Map keeps insertion order, so re-inserting on a hit makes the first key the least recently used.
 */
export class TtlLruCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

import { rateLimited } from './rate-limit';

/** What a verified credential's cache entry holds; each kind reads its own shape back (see `get`). */
export type CachedCredential = { kind: string };

export interface CredentialCacheSettings {
  ttlSeconds: number;
  /** How long "no such credential" is remembered. */
  negativeTtlSeconds: number;
  maxEntries: number;
  /** "No such credential" entries live apart, so a flood of unknown keys never evicts a real one. */
  negativeMaxEntries: number;
  /** Lookups that found nothing, per client IP per minute, before further misses are refused unread. */
  unknownPerIpPerMinute: number;
}

const UNKNOWN_WINDOW_MS = 60_000;

/**
 * The one in-process cache of verified credentials (sessions and every API-key kind), by SHA-256 of
 * the secret. Entries are dropped on every process when a credential changes (the invalidation bus),
 * so the TTLs are only a backstop. Concurrent misses for one hash share one load, and a load that
 * started before an invalidation does not fill the cache with what it read.
 */
export class CredentialCache {
  private readonly entries: TtlLruCache<CachedCredential>;
  private readonly negatives: TtlLruCache<true>;
  /** Unknown-credential lookups per client IP in the current window (bounded like the caches). */
  private readonly unknownByIp: TtlLruCache<{ count: number; resetAt: number }>;
  private readonly loading = new Map<string, Promise<CachedCredential | null>>();
  /** Bumped by every invalidation. */
  private epoch = 0;

  constructor(
    private readonly settings: CredentialCacheSettings,
    private readonly now: () => number,
    private readonly bus: { listen(listener: (hashes: string[] | 'all') => void): void; cacheTrusted(): boolean },
  ) {
    this.entries = new TtlLruCache(settings.maxEntries, now);
    this.negatives = new TtlLruCache(settings.negativeMaxEntries, now);
    this.unknownByIp = new TtlLruCache(settings.negativeMaxEntries, now);
    bus.listen((hashes) => this.drop(hashes));
  }

  /**
   * The credential stored under `hash`, from the cache or else from `load`. A record of another kind
   * than `kind` answers null: a hash never identifies two kinds, so that only happens for a secret
   * presented in the wrong place. With `clientIp`, a caller past its limit of unknown lookups gets
   * RATE_LIMITED on a miss instead of a query (well-formed random keys are cheap to make: the checksum is public).
   */
  /** Lookups answered from memory (hits, known or known-unknown) and from the database (misses), since start. */
  readonly stats = { hits: 0, misses: 0 };

  async get<R extends CachedCredential>(hash: string, kind: (record: CachedCredential) => record is R, load: () => Promise<R | null>, clientIp?: string): Promise<R | null> {
    // Without a live invalidation subscription a revocation may have gone unheard: ask the database.
    const trusted = this.bus.cacheTrusted();
    let record: CachedCredential | null | undefined = trusted ? this.entries.get(hash) : undefined;
    if (record === undefined && trusted && this.negatives.get(hash)) record = null;
    if (record === undefined) this.stats.misses++;
    else this.stats.hits++;
    if (record === undefined) {
      if (clientIp !== undefined) this.assertUnknownAllowed(clientIp);
      record = await this.load(hash, load);
      if (record === null && clientIp !== undefined) this.countUnknown(clientIp);
    }
    return record && kind(record) ? record : null;
  }

  private assertUnknownAllowed(ip: string): void {
    const window = this.unknownByIp.get(ip);
    if (window && window.count >= this.settings.unknownPerIpPerMinute) throw rateLimited('unknown credentials', Math.max(1, Math.ceil((window.resetAt - this.now()) / 1000)));
  }

  private countUnknown(ip: string): void {
    const window = this.unknownByIp.get(ip);
    if (window) window.count++;
    else this.unknownByIp.set(ip, { count: 1, resetAt: this.now() + UNKNOWN_WINDOW_MS }, UNKNOWN_WINDOW_MS);
  }

  private load(hash: string, load: () => Promise<CachedCredential | null>): Promise<CachedCredential | null> {
    let pending = this.loading.get(hash);
    if (!pending) {
      const epoch = this.epoch;
      const started = load()
        .then((record) => {
          if (epoch !== this.epoch || !this.bus.cacheTrusted()) return record;
          if (record) this.entries.set(hash, record, this.settings.ttlSeconds * 1000);
          else this.negatives.set(hash, true, this.settings.negativeTtlSeconds * 1000);
          return record;
        })
        .finally(() => {
          if (this.loading.get(hash) === started) this.loading.delete(hash);
        });
      pending = started;
      this.loading.set(hash, started);
    }
    return pending;
  }

  private drop(hashes: string[] | 'all'): void {
    this.epoch++;
    if (hashes === 'all') {
      this.entries.clear();
      this.negatives.clear();
      this.loading.clear();
      return;
    }
    for (const hash of hashes) {
      this.entries.delete(hash);
      this.negatives.delete(hash);
      this.loading.delete(hash);
    }
  }
}
