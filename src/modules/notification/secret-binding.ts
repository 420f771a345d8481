import type { SealedColumn } from '../../auth/envelope-rotation';

/** SecretEnvelope associated data (`workspaceId|rowId|field`): a sealed value opens only on its own row and field. */
export const webhookSecretData = (workspaceId: string, endpointId: string, which: 'current' | 'previous' = 'current'): string =>
  `${workspaceId}|${endpointId}|${which === 'current' ? 'secret' : 'previous_secret'}`;

export const slackSecretData = (workspaceId: string): string => `${workspaceId}|${workspaceId}|slack`;

/** The same bindings in SQL, for `npm run rotate-encryption-key`. */
export const NOTIFICATION_SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'webhook_endpoint', column: 'secret_sealed', associatedData: "workspace_id::text || '|' || id::text || '|secret'" },
  { table: 'webhook_endpoint', column: 'previous_secret_sealed', associatedData: "workspace_id::text || '|' || id::text || '|previous_secret'" },
  { table: 'slack_connection', column: 'secret_sealed', associatedData: "workspace_id::text || '|' || workspace_id::text || '|slack'", idColumn: 'workspace_id' },
];
