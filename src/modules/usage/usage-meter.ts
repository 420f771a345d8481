import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';
import { API_REQUESTS } from './usage-months';

const HOUR_MS = 3_600_000;
const monthOf = (at: Date) => at.toISOString().slice(0, 7) + '-01';

/**
 * Counts what Gatehouse meters itself, in memory, and writes it in one statement per kind per flush
 * (like "last used"): a request costs no database write. api_requests are added to the hourly rollups;
 * active members are inserted once per workspace, month and person.
 */
export class UsageMeter {
  private requests = new Map<string, number>();
  private active = new Set<string>();
  /** Already written this process; cleared when large (a repeat insert is harmless, only wasted). */
  private written = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly flushSeconds: number,
  ) {}

  /** A request authenticated with one of the workspace's keys. Keyed by hour number: a Date and its ISO text per request were a measurable share of a keyed request's CPU. */
  requestMade(workspaceId: string): void {
    const key = `${workspaceId}|${Math.floor(this.clock.now().getTime() / HOUR_MS)}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  /** A person reached the workspace (their role in it was checked). */
  memberActive(workspaceId: string, userId: string): void {
    const key = `${workspaceId}|${monthOf(this.clock.now())}|${userId}`;
    if (!this.written.has(key)) this.active.add(key);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush().catch((error) => this.logger.warn({ err: error }, 'usage flush failed')), this.flushSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  async flush(): Promise<void> {
    const requests = [...this.requests];
    const active = [...this.active];
    this.requests = new Map();
    this.active = new Set();
    try {
      if (requests.length > 0) {
        const parts = requests.map(([key]) => key.split('|'));
        await this.dataSource.query(
          `INSERT INTO usage_rollup (workspace_id, metric, hour, quantity)
           SELECT counted.workspace_id, $4, counted.hour, counted.quantity FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[]) AS counted(workspace_id, hour, quantity)
            WHERE EXISTS (SELECT 1 FROM workspace WHERE id = counted.workspace_id)
           ON CONFLICT (workspace_id, metric, hour) DO UPDATE SET quantity = usage_rollup.quantity + EXCLUDED.quantity`,
          [parts.map(([workspaceId]) => workspaceId), parts.map(([, hour]) => new Date(Number(hour) * HOUR_MS)), requests.map(([, count]) => count), API_REQUESTS],
        );
      }
      if (active.length > 0) {
        const parts = active.map((key) => key.split('|'));
        await this.dataSource.query(
          `INSERT INTO usage_active_member (workspace_id, month, user_id)
           SELECT seen.workspace_id, seen.month, seen.user_id FROM unnest($1::uuid[], $2::date[], $3::uuid[]) AS seen(workspace_id, month, user_id)
            WHERE EXISTS (SELECT 1 FROM workspace WHERE id = seen.workspace_id)
           ON CONFLICT DO NOTHING`,
          [0, 1, 2].map((column) => parts.map((part) => part[column])),
        );
        if (this.written.size > 100_000) this.written.clear();
        for (const key of active) this.written.add(key);
      }
    } catch (error) {
      // Kept for the next flush rather than lost.
      for (const [key, count] of requests) this.requests.set(key, (this.requests.get(key) ?? 0) + count);
      for (const key of active) this.active.add(key);
      throw error;
    }
  }
}
