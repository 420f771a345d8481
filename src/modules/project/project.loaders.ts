import type { DataSource } from 'typeorm';
import { byForeignKeyLoader } from '../../db/loader-helpers';
import { ProjectMemberEntity } from './project-member.entity';

export function createProjectLoaders(dataSource: DataSource) {
  return {
    projectMembers: byForeignKeyLoader(dataSource, ProjectMemberEntity, 'projectId', { createdAt: 'ASC' }),
  };
}
