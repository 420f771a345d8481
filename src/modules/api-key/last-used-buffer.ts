import type { DataSource } from 'typeorm';

/** "Last used" moves at most this often per key, so a busy key costs one write a minute, not one per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Collects "last used" times in memory and writes them in one statement per flush. `note` decides
 * from the time last known for the key (read with the key, or noted earlier) whether a write is due.
 */
export class LastUsedBuffer {
  private pending = new Map<string, Date>();

  constructor(private readonly dataSource: DataSource) {}

  /** Returns the time now known for the key: `now` when a write was queued, else `known`. */
  note(id: string, known: number | null, now: Date): number | null {
    if (known !== null && now.getTime() - known < LAST_USED_RESOLUTION_MS) return known;
    this.pending.set(id, now);
    return now.getTime();
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending = new Map();
    try {
      // Never moves a time backwards (another process may have written a later one).
      await this.dataSource.query(
        `UPDATE api_key SET last_used_at = used.at
           FROM unnest($1::uuid[], $2::timestamptz[]) AS used(id, at)
          WHERE api_key.id = used.id AND (api_key.last_used_at IS NULL OR api_key.last_used_at < used.at)`,
        [batch.map(([id]) => id), batch.map(([, at]) => at.toISOString())],
      );
    } catch (error) {
      // Kept for the next flush; a time noted meanwhile for the same key is the later one and wins.
      for (const [id, at] of batch) if (!this.pending.has(id)) this.pending.set(id, at);
      throw error;
    }
  }
}
