import DataLoader from 'dataloader';
import { pickByForeignKeyLoader } from '../../db/loader-helpers';
import type { LoaderContext } from '../../module';
import type { VisibilityRule } from './attribute-redaction';
import { ProjectMemberEntity } from './project-member.entity';
import { PROJECT_MEMBER_COLUMNS } from './project.mappers';
import { findProjectKeys, findProjectRoles, findVisibilityRules, type ProjectKeyRow, type ProjectRoleView } from './project.queries';

export function createProjectLoaders() {
  return {
    projectMembers: ({ dataSource }: LoaderContext) => pickByForeignKeyLoader(dataSource, ProjectMemberEntity, 'projectId', PROJECT_MEMBER_COLUMNS, 'createdAt'),
    projectRoles: ({ dataSource }: LoaderContext) => new DataLoader<string, ProjectRoleView[]>((projectIds) => findProjectRoles(dataSource.manager, projectIds)),
    projectVisibilityRules: ({ dataSource }: LoaderContext) => new DataLoader<string, VisibilityRule[]>((projectIds) => findVisibilityRules(dataSource.manager, projectIds)),
    projectApiKey: ({ dataSource }: LoaderContext) => new DataLoader<string, ProjectKeyRow | null>((projectIds) => findProjectKeys(dataSource.manager, projectIds)),
  };
}
