import { maskedValue } from '../api-key/credential-store';
import type { ProjectMemberEntity } from './project-member.entity';
import type { ProjectEntity } from './project.entity';
import type { ProjectKeyRow } from './project.queries';
import type { Project, ProjectApiKey, ProjectMember } from './project.types';

export const toProject = (entity: ProjectEntity): Project => ({
  id: entity.id,
  workspaceId: entity.workspaceId,
  name: entity.name,
  description: entity.description,
  archivedAt: entity.archivedAt,
  createdAt: entity.createdAt,
  ownDataRetentionDays: entity.dataRetentionDays,
});

export type ProjectMemberRow = Pick<ProjectMemberEntity, 'projectId' | 'userId' | 'role' | 'createdAt'>;
export const PROJECT_MEMBER_COLUMNS = ['projectId', 'userId', 'role', 'createdAt'] as const satisfies ReadonlyArray<keyof ProjectMemberRow>;

export const toProjectMember = (entity: ProjectMemberRow): ProjectMember => ({
  projectId: entity.projectId,
  userId: entity.userId,
  roleId: entity.role,
  createdAt: entity.createdAt,
});

export const toProjectApiKey = (row: ProjectKeyRow): ProjectApiKey => ({ id: row.id, maskedKey: maskedValue(row), createdAt: row.createdAt, lastUsedAt: row.lastUsedAt });
