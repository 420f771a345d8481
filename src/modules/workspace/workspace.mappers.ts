import { toUser, type UserRow } from '../identity/identity.mappers';
import type { User } from '../identity/identity.types';
import type { WorkspaceMembershipEntity } from './workspace-membership.entity';
import type { WorkspaceEntity } from './workspace.entity';
import type { Workspace, WorkspaceMember } from './workspace.types';

export type WorkspaceRow = Pick<WorkspaceEntity, 'id' | 'organizationId' | 'slug' | 'region' | 'name' | 'description' | 'dataRetentionDays' | 'seatLimit' | 'createdAt'>;
export const WORKSPACE_COLUMNS = ['id', 'organizationId', 'slug', 'region', 'name', 'description', 'dataRetentionDays', 'seatLimit', 'createdAt'] as const satisfies ReadonlyArray<keyof WorkspaceRow>;

export type WorkspaceMembershipRow = Pick<WorkspaceMembershipEntity, 'workspaceId' | 'userId' | 'role' | 'createdAt'>;
/** A membership as the members list reads it: with its user, in the same statement. */
export type WorkspaceMemberRow = WorkspaceMembershipRow & { userRow: UserRow };
export const WORKSPACE_MEMBER_COLUMNS = ['workspaceId', 'userId', 'role', 'createdAt'] as const satisfies ReadonlyArray<keyof WorkspaceMemberRow>;

export const toWorkspace = (entity: WorkspaceRow): Workspace => ({
  id: entity.id,
  organizationId: entity.organizationId,
  slug: entity.slug,
  region: entity.region,
  name: entity.name,
  description: entity.description,
  dataRetentionDays: entity.dataRetentionDays,
  seatLimit: entity.seatLimit,
  createdAt: entity.createdAt,
});

export const toWorkspaceMember = (entity: WorkspaceMembershipRow, user: User): WorkspaceMember => ({
  workspaceId: entity.workspaceId,
  userId: entity.userId,
  role: entity.role,
  createdAt: entity.createdAt,
  user,
});

export const toListedWorkspaceMember = (row: WorkspaceMemberRow): WorkspaceMember => toWorkspaceMember(row, toUser(row.userRow));
