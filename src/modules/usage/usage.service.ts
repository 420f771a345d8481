import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';
import { badInput } from '../../core/errors';
import { API_REQUESTS, BUILT_IN_METRICS, monthKey, monthStarts } from './usage-months';

export interface UsageBucketData {
  month: string;
  periodStart: Date;
  apiRequests: number;
  activeMembers: number;
  seats: number;
  reported: Array<{ metric: string; quantity: number }>;
}

export interface UsageReport {
  workspaceId: string;
  metric: string;
  quantity: number;
  occurredAt: Date;
  idempotencyKey: string;
}

/** How far in the future a reporter's clock may run ahead of ours. */
const FUTURE_SKEW_MS = 5 * 60_000;

export class UsageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * Adds a reported quantity to its hourly rollup, once per idempotency key: one statement inserts the
   * report and, only if the key was new, adds to the rollup, so concurrent retries cannot both count.
   * Returns false for a key already counted.
   */
  async record(report: UsageReport): Promise<boolean> {
    if (BUILT_IN_METRICS.includes(report.metric)) throw badInput('metric', `${report.metric} is measured by Gatehouse and cannot be reported`);
    if (report.occurredAt.getTime() > this.clock.now().getTime() + FUTURE_SKEW_MS) throw badInput('occurredAt', 'must not be in the future');
    const rows: unknown[] = await this.dataSource.query(
      `WITH report AS (
         INSERT INTO usage_report (workspace_id, idempotency_key, metric, quantity, occurred_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (workspace_id, idempotency_key) DO NOTHING
         RETURNING workspace_id, metric, quantity, occurred_at)
       INSERT INTO usage_rollup (workspace_id, metric, hour, quantity)
       SELECT workspace_id, metric, date_trunc('hour', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', quantity FROM report
       ON CONFLICT (workspace_id, metric, hour) DO UPDATE SET quantity = usage_rollup.quantity + EXCLUDED.quantity
       RETURNING 1`,
      [report.workspaceId, report.idempotencyKey, report.metric, report.quantity, report.occurredAt],
    );
    return rows.length > 0;
  }

  /** The workspaces of an organization, for its usage series (the sum of theirs). */
  async organizationWorkspaceIds(organizationId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query('SELECT id FROM workspace WHERE organization_id = $1', [organizationId]);
    return rows.map((row) => row.id);
  }

  /**
   * One bucket per calendar month (UTC), oldest first, zero-filled, summed over the workspaces.
   * seats counts the explicit members whose membership began by the month's end (members who left since are not counted).
   */
  async series(workspaceIds: string[], months: number): Promise<UsageBucketData[]> {
    if (!Number.isInteger(months) || months < 1 || months > 24) throw badInput('months', 'must be from 1 to 24');
    const starts = monthStarts(this.clock.now(), months);
    const from = starts[0];
    const buckets = new Map(starts.map((start) => [monthKey(start), { month: monthKey(start), periodStart: start, apiRequests: 0, activeMembers: 0, seats: 0, reported: [] } as UsageBucketData]));
    if (workspaceIds.length === 0) return [...buckets.values()];
    const [rollups, active, seats]: Array<Array<{ month: string; metric?: string; quantity: string }>> = await Promise.all([
      this.dataSource.query(
        `SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM') AS month, metric, sum(quantity)::text AS quantity
           FROM usage_rollup WHERE workspace_id = ANY($1::uuid[]) AND hour >= $2 GROUP BY 1, 2 ORDER BY 2`,
        [workspaceIds, from],
      ),
      this.dataSource.query(
        `SELECT to_char(month, 'YYYY-MM') AS month, count(*)::text AS quantity
           FROM usage_active_member WHERE workspace_id = ANY($1::uuid[]) AND month >= $2::date GROUP BY 1`,
        [workspaceIds, from.toISOString().slice(0, 10)],
      ),
      this.dataSource.query(
        `SELECT to_char(starts.month AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(m.user_id)::text AS quantity
           FROM unnest($2::timestamptz[]) AS starts(month)
           LEFT JOIN workspace_membership m ON m.workspace_id = ANY($1::uuid[]) AND m.created_at < starts.month + interval '1 month'
          GROUP BY 1`,
        [workspaceIds, starts],
      ),
    ]);
    for (const row of rollups) {
      const bucket = buckets.get(row.month);
      if (!bucket) continue;
      if (row.metric === API_REQUESTS) bucket.apiRequests = Number(row.quantity);
      else bucket.reported.push({ metric: row.metric!, quantity: Number(row.quantity) });
    }
    for (const row of active) {
      const bucket = buckets.get(row.month);
      if (bucket) bucket.activeMembers = Number(row.quantity);
    }
    for (const row of seats) {
      const bucket = buckets.get(row.month);
      if (bucket) bucket.seats = Number(row.quantity);
    }
    return [...buckets.values()];
  }
}
