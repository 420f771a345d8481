import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { WorkspaceRole } from '../../auth/permissions';
import { UserEntity } from '../identity/user.entity';
import { WorkspaceEntity } from './workspace.entity';

@Entity('workspace_membership')
@Unique('workspace_membership_workspace_user_key', ['workspaceId', 'userId'])
@Index('workspace_membership_user_idx', ['userId'])
export class WorkspaceMembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  user?: Relation<UserEntity>;

  @Column({ type: 'enum', enum: WorkspaceRole, enumName: 'workspace_role' })
  role: WorkspaceRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
