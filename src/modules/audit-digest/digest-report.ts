import type { EntityManager } from 'typeorm';
import { RiskLevel } from '../audit/audit-catalog';
import { ActorType } from '../audit/audit-event.entity';

/** The most critical/high events a digest lists one by one; the rest are counted and linked. */
export const HIGHLIGHT_LIMIT = 50;

const RISK_ORDER = [RiskLevel.CRITICAL, RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW];
const HIGHLIGHTED = new Set([RiskLevel.CRITICAL, RiskLevel.HIGH]);

export interface HighlightedEvent {
  occurredAt: string;
  riskLevel: RiskLevel;
  action: string;
  /** Name and email at the time, or the (tombstoned) actor id when the display was erased. */
  actor: string;
  target: string;
}

export interface DigestReport {
  total: number;
  /** Every included level, most severe first, with zeroes. */
  byRisk: Array<{ riskLevel: RiskLevel; count: number }>;
  /** Most frequent first. */
  byAction: Array<{ action: string; riskLevel: RiskLevel; count: number }>;
  highlighted: HighlightedEvent[];
  /** All critical and high events in the window, listed or not. */
  highlightedTotal: number;
}

export interface ReportWindow {
  workspaceId: string;
  riskLevels: RiskLevel[];
  from: Date;
  to: Date;
}

interface HighlightRow {
  occurred_at: Date;
  risk_level: RiskLevel;
  action: string;
  actor_type: ActorType;
  actor_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  target_type: string;
  target_id: string | null;
}

function describeActor(row: HighlightRow): string {
  if (row.actor_name) return row.actor_email ? `${row.actor_name} <${row.actor_email}>` : row.actor_name;
  if (row.actor_type === ActorType.SYSTEM) return 'Gatehouse (system)';
  // No display left: GDPR erasure removed it, and actor_id is the tombstone.
  return `${row.actor_type === ActorType.API_KEY ? 'API key' : 'user'} ${row.actor_id ?? 'unknown'} (name erased)`;
}

/**
 * Aggregates in PostgreSQL over the workspace/time index: one grouped count and at most
 * HIGHLIGHT_LIMIT rows come back, however many events the window holds.
 */
export async function loadDigestReport(manager: EntityManager, window: ReportWindow): Promise<DigestReport> {
  const params = [window.workspaceId, window.from, window.to, window.riskLevels];
  const filter = 'e.workspace_id = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3 AND e.risk_level = ANY($4::audit_risk_level[])';
  const grouped: Array<{ risk_level: RiskLevel; action: string; count: number }> = await manager.query(
    `SELECT e.risk_level, e.action, count(*)::int AS count FROM audit_event e WHERE ${filter} GROUP BY e.risk_level, e.action`,
    params,
  );
  const highlightLevels = window.riskLevels.filter((level) => HIGHLIGHTED.has(level));
  const highlightRows: HighlightRow[] = highlightLevels.length
    ? await manager.query(
        `SELECT e.occurred_at, e.risk_level, e.action, e.actor_type, e.actor_id, d.name AS actor_name, d.email AS actor_email, e.target_type, e.target_id
           FROM audit_event e LEFT JOIN audit_actor_display d ON d.event_id = e.id
          WHERE e.workspace_id = $1 AND e.occurred_at >= $2 AND e.occurred_at < $3 AND e.risk_level = ANY($4::audit_risk_level[])
          ORDER BY e.risk_level DESC, e.occurred_at DESC, e.id DESC
          LIMIT ${HIGHLIGHT_LIMIT}`,
        [window.workspaceId, window.from, window.to, highlightLevels],
      )
    : [];

  const countOf = (level: RiskLevel) => grouped.filter((row) => row.risk_level === level).reduce((sum, row) => sum + row.count, 0);
  return {
    total: grouped.reduce((sum, row) => sum + row.count, 0),
    byRisk: RISK_ORDER.filter((level) => window.riskLevels.includes(level)).map((riskLevel) => ({ riskLevel, count: countOf(riskLevel) })),
    byAction: grouped
      .map((row) => ({ action: row.action, riskLevel: row.risk_level, count: row.count }))
      .sort((a, b) => b.count - a.count || a.action.localeCompare(b.action)),
    highlighted: highlightRows.map((row) => ({
      occurredAt: row.occurred_at.toISOString(),
      riskLevel: row.risk_level,
      action: row.action,
      actor: describeActor(row),
      target: row.target_id ? `${row.target_type} ${row.target_id}` : row.target_type,
    })),
    highlightedTotal: highlightLevels.reduce((sum, level) => sum + countOf(level), 0),
  };
}
