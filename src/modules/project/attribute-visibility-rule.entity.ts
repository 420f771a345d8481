import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { ProjectEntity } from './project.entity';

/** Hides the span attributes whose dotted path matches `pattern` from holders of any of `roles`. */
@Entity('attribute_visibility_rule')
@Index('attribute_visibility_rule_project_idx', ['projectId', 'position'])
@Index('attribute_visibility_rule_workspace_idx', ['workspaceId'])
export class AttributeVisibilityRuleEntity {
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

  /** The rules' order as given, so lists and explanations are stable. */
  @Column({ type: 'int' })
  position: number;

  @Column()
  pattern: string;

  /** Built-in role names and custom role ids. */
  @Column({ type: 'text', array: true })
  roles: string[];
}
