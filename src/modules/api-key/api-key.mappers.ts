import type { ListedKeyRow, WorkspaceKeyRow } from './api-key.queries';
import { PersonalApiKey, WorkspaceApiKey, WorkspaceApiKeyStatus } from './api-key.types';
import { maskedValue } from './credential-store';

export function toPersonalApiKey(row: ListedKeyRow): PersonalApiKey {
  // Personal keys always have an expiry (1 to 365 days).
  return { id: row.id, name: row.name, maskedKey: maskedValue(row), createdAt: row.createdAt, expiresAt: row.expiresAt!, lastUsedAt: row.lastUsedAt };
}

export function toWorkspaceApiKey({ row, creatorIsMember }: WorkspaceKeyRow): WorkspaceApiKey {
  return {
    id: row.id,
    workspaceId: row.workspaceId!,
    name: row.name,
    maskedKey: maskedValue(row),
    scopes: row.scopes,
    status: row.active ? WorkspaceApiKeyStatus.ACTIVE : WorkspaceApiKeyStatus.INACTIVE,
    createdAt: row.createdAt,
    createdById: row.createdById,
    creatorIsMember,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokesAt: row.revokedAt,
  };
}
