import type { WorkspaceMembershipEntity } from './workspace-membership.entity';
import type { WorkspaceEntity } from './workspace.entity';
import type { Workspace, WorkspaceMember } from './workspace.types';

export const toWorkspace = (entity: WorkspaceEntity): Workspace => ({
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

export const toWorkspaceMember = (entity: WorkspaceMembershipEntity): WorkspaceMember => ({
  workspaceId: entity.workspaceId,
  userId: entity.userId,
  role: entity.role,
  createdAt: entity.createdAt,
});
