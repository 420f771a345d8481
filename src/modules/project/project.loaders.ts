import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { byForeignKeyLoader } from '../../db/loader-helpers';
import type { VisibilityRule } from './attribute-redaction';
import { ProjectMemberEntity } from './project-member.entity';
import { findProjectKeys, findProjectRoles, findVisibilityRules, type ProjectKeyRow, type ProjectRoleView } from './project.queries';

export function createProjectLoaders(dataSource: DataSource) {
  const { manager } = dataSource;
  return {
    projectMembers: byForeignKeyLoader(dataSource, ProjectMemberEntity, 'projectId', { createdAt: 'ASC' }),
    projectRoles: new DataLoader<string, ProjectRoleView[]>((projectIds) => findProjectRoles(manager, projectIds)),
    projectVisibilityRules: new DataLoader<string, VisibilityRule[]>((projectIds) => findVisibilityRules(manager, projectIds)),
    projectApiKey: new DataLoader<string, ProjectKeyRow | null>((projectIds) => findProjectKeys(manager, projectIds)),
  };
}
