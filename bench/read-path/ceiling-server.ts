import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { CredentialPrefix, hashCredential, isWellFormed } from '../../src/auth/credential-token';
import { encodeCursor, decodeCursor } from '../../src/core/pagination';

/**
 * The ceiling: what answering the bench's requests costs with nothing in between — Node's `http`, `pg`,
 * one indexed lookup of the credential's SHA-256 per request (no cache) and hand-written SQL, rows turned
 * into the JSON Gatehouse returns. The route is the URL path; the body is the same GraphQL request
 * Gatehouse gets (read and parsed, its variables used). Env: DATABASE_URL, PORT.
 */
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

interface Caller {
  userId: string;
  name: string;
  email: string;
  orgRole: string | null;
}

interface KeyRow {
  id: string;
  kind: string;
  workspace_id: string | null;
  scopes: string[];
  active: boolean;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const unauthenticated = { errors: [{ message: 'Authentication required', extensions: { code: 'UNAUTHENTICATED' } }] };

async function sessionCaller(request: IncomingMessage, organizationId: string | null): Promise<Caller | null> {
  const token = request.headers.authorization?.slice('Bearer '.length) ?? '';
  if (!isWellFormed(token, CredentialPrefix.Session)) return null;
  const { rows } = await pool.query<{ id: string; name: string; email: string; role: string | null }>(
    `SELECT u.id, u.name, u.email, m.role FROM session s JOIN "user" u ON u.id = s.user_id
       LEFT JOIN org_membership m ON m.user_id = u.id AND m.organization_id = $2
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
    [hashCredential(token), organizationId],
  );
  return rows[0] ? { userId: rows[0].id, name: rows[0].name, email: rows[0].email, orgRole: rows[0].role } : null;
}

/** MALFORMED without a lookup, else the row of the key's hash. */
async function findKey(secret: string): Promise<KeyRow | 'MALFORMED' | null> {
  if (!isWellFormed(secret, CredentialPrefix.WorkspaceApiKey)) return 'MALFORMED';
  const { rows } = await pool.query<KeyRow>('SELECT id, kind, workspace_id, scopes, active, expires_at, revoked_at FROM api_key WHERE key_hash = $1', [hashCredential(secret)]);
  return rows[0] ?? null;
}

function keyStatus(key: KeyRow): string {
  const now = Date.now();
  if (!key.active) return 'INACTIVE';
  if (key.revoked_at && key.revoked_at.getTime() <= now) return 'REVOKED';
  if (key.expires_at && key.expires_at.getTime() <= now) return 'EXPIRED';
  return 'VALID';
}

async function keyCaller(request: IncomingMessage): Promise<KeyRow | null> {
  const secret = request.headers['x-api-key'];
  if (typeof secret !== 'string') return null;
  const key = await findKey(secret);
  return key !== 'MALFORMED' && key?.kind === 'WORKSPACE' && keyStatus(key) === 'VALID' ? key : null;
}

type Body = { variables?: Record<string, string> };
type Handler = (request: IncomingMessage, body: Body) => Promise<unknown>;

const routes: Record<string, Handler> = {
  /** viewer → organizations → workspaces (all for an owner, else the viewer's) → members → user. */
  async '/dashboard'(request) {
    const viewer = await sessionCaller(request, null);
    if (!viewer) return unauthenticated;
    const { rows } = await pool.query<{ org_id: string; org_name: string; ws_id: string; ws_name: string; role: string; user_id: string; name: string; email: string }>(
      `SELECT o.id AS org_id, o.name AS org_name, w.id AS ws_id, w.name AS ws_name, wm.role, u.id AS user_id, u.name, u.email
         FROM org_membership om
         JOIN organization o ON o.id = om.organization_id
         JOIN workspace w ON w.organization_id = o.id
              AND (om.role = 'OWNER' OR EXISTS (SELECT 1 FROM workspace_membership mine WHERE mine.workspace_id = w.id AND mine.user_id = om.user_id))
         JOIN workspace_membership wm ON wm.workspace_id = w.id
         JOIN "user" u ON u.id = wm.user_id
        WHERE om.user_id = $1
        ORDER BY o.name, o.id, w.name, w.id, wm.created_at, wm.id`,
      [viewer.userId],
    );
    const organizations: Array<{ id: string; name: string; workspaces: Array<{ id: string; name: string; members: unknown[] }> }> = [];
    for (const row of rows) {
      let organization = organizations.at(-1);
      if (organization?.id !== row.org_id) organizations.push((organization = { id: row.org_id, name: row.org_name, workspaces: [] }));
      let workspace = organization.workspaces.at(-1);
      if (workspace?.id !== row.ws_id) organization.workspaces.push((workspace = { id: row.ws_id, name: row.ws_name, members: [] }));
      workspace.members.push({ role: row.role, user: { id: row.user_id, name: row.name, email: row.email } });
    }
    return { data: { viewer: { id: viewer.userId, name: viewer.name, organizations } } };
  },

  async '/typename'(request) {
    if (request.headers['x-api-key'] !== undefined && !(await keyCaller(request))) return unauthenticated;
    return { data: { __typename: 'Query' } };
  },

  /** The organization's events newest first, 50 a page by keyset cursor, every field; owners only. */
  async '/audit'(request, body) {
    const organizationId = body.variables?.organizationId ?? '';
    const caller = await sessionCaller(request, organizationId);
    if (!caller) return unauthenticated;
    if (caller.orgRole !== 'OWNER') return { errors: [{ message: 'Organization not found', extensions: { code: 'NOT_FOUND' } }] };
    const after = body.variables?.after ? decodeCursor(body.variables.after) : null;
    const { rows } = await pool.query(
      `SELECT e.id, e.occurred_at, e.organization_id, e.workspace_id, e.project_id, e.action, e.risk_level, e.actor_type, e.actor_id,
              d.name AS actor_name, d.email AS actor_email, e.target_type, e.target_id, e.metadata, e.ip, e.user_agent
         FROM audit_event e LEFT JOIN audit_actor_display d ON d.event_id = e.id
        WHERE e.organization_id = $1 AND ($2::timestamptz IS NULL OR (e.occurred_at, e.id) < ($2, $3::uuid))
        ORDER BY e.occurred_at DESC, e.id DESC LIMIT 51`,
      [organizationId, after?.at ?? null, after?.id ?? null],
    );
    const edges = rows.slice(0, 50).map((row) => ({
      cursor: encodeCursor(row.occurred_at, row.id),
      node: {
        id: row.id,
        occurredAt: row.occurred_at,
        organizationId: row.organization_id,
        workspaceId: row.workspace_id,
        projectId: row.project_id,
        action: row.action,
        riskLevel: row.risk_level,
        actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name, email: row.actor_email },
        target: { type: row.target_type, id: row.target_id },
        metadata: row.metadata,
        ip: row.ip,
        userAgent: row.user_agent,
      },
    }));
    return { data: { organization: { auditEvents: { edges, pageInfo: { hasNextPage: rows.length > 50, endCursor: edges.at(-1)?.cursor ?? null } } } } };
  },

  /** verifyApiKey as a workspace key calls it: details only for keys of the caller's workspace. */
  async '/verify'(request, body) {
    const caller = await keyCaller(request);
    if (!caller) return unauthenticated;
    const key = await findKey(body.variables?.key ?? '');
    const hidden = (code: string) => ({ data: { verifyApiKey: { valid: false, code, keyId: null, kind: null, scopes: null, workspaceId: null } } });
    if (key === 'MALFORMED') return hidden('MALFORMED');
    if (!key || key.kind !== 'WORKSPACE' || key.workspace_id !== caller.workspace_id) return hidden('NOT_FOUND');
    const code = keyStatus(key);
    return { data: { verifyApiKey: { valid: code === 'VALID', code, keyId: key.id, kind: key.kind, scopes: key.scopes, workspaceId: key.workspace_id } } };
  },
};

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const route = routes[request.url?.split('?')[0] ?? ''];
  if (request.method !== 'POST' || !route) {
    response.writeHead(request.url === '/healthz' ? 200 : 404).end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const json = JSON.stringify(await route(request, JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body));
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) }).end(json);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    process.stderr.write(`ceiling: ${String(error)}\n`);
    response.writeHead(500).end();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
