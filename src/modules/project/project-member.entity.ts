import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { WorkspaceMembershipEntity } from '../workspace/workspace-membership.entity';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { ProjectRoleEntity } from './project-role.entity';
import { ProjectEntity } from './project.entity';

/**
 * A person's role in a project. The membership references the person's workspace membership, so the
 * database both refuses a project member who is not in the workspace and removes them from every
 * project of the workspace when they leave it (ON DELETE CASCADE), in the removal's own transaction.
 */
@Entity('project_member')
@Unique('project_member_project_user_key', ['projectId', 'userId'])
@Index('project_member_workspace_user_idx', ['workspaceId', 'userId'])
@Index('project_member_custom_role_idx', ['customRoleId'])
export class ProjectMemberEntity {
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

  @Column('uuid')
  userId: string;

  @ManyToOne(() => WorkspaceMembershipEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'workspace_id', referencedColumnName: 'workspaceId' },
    { name: 'user_id', referencedColumnName: 'userId' },
  ])
  workspaceMembership?: Relation<WorkspaceMembershipEntity>;

  /** A built-in role's name (PROJECT_ADMIN, MEMBER, VIEWER) or, for a custom role, its id. */
  @Column()
  role: string;

  /** Set for a custom role: the database refuses to delete a role still assigned (RESTRICT). */
  @Column({ type: 'uuid', nullable: true })
  customRoleId: string | null;

  @ManyToOne(() => ProjectRoleEntity, { onDelete: 'RESTRICT' })
  customRole?: Relation<ProjectRoleEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
