import { CreateWorkspaceApiKeyDocument } from './generated/graphql';
import type { TestUser } from './fixtures';
import type { TestApp } from './test-app';

/** A workspace API key with these scopes, as the `x-api-key` header a request sends. */
export async function workspaceKey(app: TestApp, admin: TestUser, workspaceId: string, scopes: string[]): Promise<{ headers: Record<string, string>; id: string }> {
  const { createWorkspaceApiKey } = await app.ok(CreateWorkspaceApiKeyDocument, { input: { workspaceId, name: `key ${scopes.join(' ')}`.slice(0, 64), scopes } }, { token: admin.token });
  return { headers: { 'x-api-key': createWorkspaceApiKey.key }, id: createWorkspaceApiKey.apiKey.id };
}

/** The audit events of one action, oldest first, as stored. */
export function auditEvents(app: TestApp, where: { workspaceId?: string; organizationId?: string }, action: string): Promise<Array<{ actor_id: string | null; risk_level: string; workspace_id: string | null; metadata: Record<string, unknown>; via: string | null }>> {
  const [column, id] = where.workspaceId ? ['workspace_id', where.workspaceId] : ['organization_id', where.organizationId];
  return app.infra.dataSource.query(`SELECT actor_id, risk_level, workspace_id, metadata, via FROM audit_event WHERE ${column} = $1 AND action = $2 ORDER BY occurred_at, id`, [id, action]);
}
