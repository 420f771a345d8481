import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { WorkspaceEntity } from '../workspace/workspace.entity';

@Entity('project')
@Index('project_workspace_created_idx', ['workspaceId', 'createdAt', 'id'])
export class ProjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  @Column()
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Archived projects stay readable; null while active. */
  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  /** Null: the workspace's value applies (and follows it when it changes). */
  @Column({ type: 'int', nullable: true })
  dataRetentionDays: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
