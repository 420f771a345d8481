import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { ProjectEntity } from './project.entity';

/** A custom project role: a name and permissions from PROJECT_PERMISSIONS. Built-in roles are not stored. */
@Entity('project_role')
@Unique('project_role_project_name_key', ['projectId', 'name'])
@Index('project_role_workspace_idx', ['workspaceId'])
export class ProjectRoleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  projectId: string;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  project?: Relation<ProjectEntity>;

  @Column('uuid')
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  @Column()
  name: string;

  @Column({ type: 'text', array: true })
  permissions: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
