import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * What replaces an erased person's id in a workspace's audit trail: `erased:` and 16 random base64url
 * characters, new for each erasure. Random rather than derived from the id, so nobody can recompute
 * it from a user id; one per erasure, so the erased person's events still read as "one person" in
 * that workspace without linking to any other workspace.
 */
export function newTombstone(): string {
  return `erased:${randomBytes(12).toString('base64url')}`;
}

export interface ErasureSubject {
  workspaceId: string;
  userId: string;
  /** Every address to scrub from metadata, lower-cased. */
  emails: string[];
  tombstone: string;
}

/** Keyset position in (occurred_at, id); the time as PostgreSQL text keeps its microseconds. */
export interface ErasureCursor {
  at: string;
  id: string;
}

const START: ErasureCursor = { at: '-infinity', id: '00000000-0000-0000-0000-000000000000' };

const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The addresses the person had in this workspace's events: their current one and those kept with their own actions. */
export async function subjectEmails(manager: EntityManager, workspaceId: string, userId: string): Promise<string[]> {
  const rows: Array<{ email: string }> = await manager.query(
    `SELECT lower(d.email) AS email FROM audit_actor_display d JOIN audit_event e ON e.id = d.event_id
      WHERE e.workspace_id = $1 AND e.actor_id = $2 AND d.email IS NOT NULL
     UNION
     SELECT email_normalized FROM "user" WHERE id::text = $2`,
    [workspaceId, userId],
  );
  return rows.map((row) => row.email);
}

/**
 * Whether the person is or was a member of the workspace: a membership now, or events of the workspace
 * that name them as a person (actor or user target), or an invitation to their address. Anything else
 * (an API key's id, the workspace's own id, a stranger) is not a member to erase.
 */
export async function isOrWasMember(manager: EntityManager, workspaceId: string, userId: string): Promise<boolean> {
  const [row]: Array<{ found: boolean }> = await manager.query(
    `SELECT EXISTS (SELECT 1 FROM workspace_membership WHERE workspace_id = $1 AND user_id::text = $2)
         OR EXISTS (SELECT 1 FROM audit_event WHERE workspace_id = $1 AND actor_type = 'USER' AND actor_id = $2)
         OR EXISTS (SELECT 1 FROM audit_event WHERE workspace_id = $1 AND target_type = 'user' AND target_id = $2)
         OR EXISTS (SELECT 1 FROM invitation i JOIN "user" u ON u.email_normalized = i.email_normalized WHERE i.workspace_id = $1 AND u.id::text = $2) AS found`,
    [workspaceId, userId],
  );
  return row.found;
}

/**
 * Rewrites, in one statement, the next `limit` events of the workspace after `cursor` that name the
 * person: as actor (a person acting), as a user target, or as a whole value in their metadata (their id
 * or one of their addresses exactly, never a longer string containing it). The id becomes the
 * tombstone, their display row (name, email at the time) is deleted, IP and user agent of their own
 * actions are dropped. Other workspaces are never read.
 */
export async function eraseAuditBatch(manager: EntityManager, subject: ErasureSubject, cursor: ErasureCursor | null, limit: number): Promise<{ rewritten: number; cursor: ErasureCursor | null }> {
  // A JSON string value that is exactly the id or an address (case aside), quotes included.
  const pattern = `"(${[subject.userId, ...subject.emails].map(escapeRegex).join('|')})"`;
  const after = cursor ?? START;
  const [row]: Array<{ rewritten: number; last_at: string | null; last_id: string | null }> = await manager.query(
    `WITH batch AS (
       SELECT e.id, e.occurred_at FROM audit_event e
        WHERE e.workspace_id = $1
          AND (e.occurred_at, e.id) > ($5::timestamptz, $6::uuid)
          AND ((e.actor_type = 'USER' AND e.actor_id = $2) OR (e.target_type = 'user' AND e.target_id = $2) OR e.metadata::text ~* $3)
        ORDER BY e.occurred_at, e.id
        LIMIT $7
        FOR UPDATE
     ), dropped AS (
       DELETE FROM audit_actor_display d USING audit_event e, batch b
        WHERE d.event_id = b.id AND e.id = b.id AND e.actor_type = 'USER' AND e.actor_id = $2
     ), rewritten AS (
       UPDATE audit_event e SET
              actor_id = CASE WHEN e.actor_type = 'USER' AND e.actor_id = $2 THEN $4 ELSE e.actor_id END,
              ip = CASE WHEN e.actor_type = 'USER' AND e.actor_id = $2 THEN NULL ELSE e.ip END,
              user_agent = CASE WHEN e.actor_type = 'USER' AND e.actor_id = $2 THEN NULL ELSE e.user_agent END,
              target_id = CASE WHEN e.target_type = 'user' AND e.target_id = $2 THEN $4 ELSE e.target_id END,
              metadata = regexp_replace(e.metadata::text, $3, '"' || $4 || '"', 'gi')::jsonb
         FROM batch b WHERE e.id = b.id
       RETURNING e.id
     )
     SELECT (SELECT count(*)::int FROM rewritten) AS rewritten, last.occurred_at::text AS last_at, last.id AS last_id
       FROM (SELECT 1) one LEFT JOIN (SELECT occurred_at, id FROM batch ORDER BY occurred_at DESC, id DESC LIMIT 1) last ON true`,
    [subject.workspaceId, subject.userId, pattern, subject.tombstone, after.at, after.id, limit],
  );
  return { rewritten: row.rewritten, cursor: row.last_at && row.last_id ? { at: row.last_at, id: row.last_id } : cursor };
}
