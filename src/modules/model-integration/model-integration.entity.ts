import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { WorkspaceEntity } from '../workspace/workspace.entity';

export enum ModelProvider {
  ANTHROPIC = 'ANTHROPIC',
  OPENAI = 'OPENAI',
  GOOGLE = 'GOOGLE',
  AZURE_OPENAI = 'AZURE_OPENAI',
}

/** A workspace's AI provider registration (seed 003); agents reference it by id (`modelIntegrationId`). */
@Entity('model_integration')
@Index('model_integration_workspace_name_key', ['workspaceId', 'name'], { unique: true })
export class ModelIntegrationEntity {
  /** Chosen before the insert: the credential's associated data names it. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  workspaceId: string;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  @Column({ type: 'enum', enum: ModelProvider, enumName: 'model_provider' })
  provider: ModelProvider;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** Azure OpenAI only. */
  @Column({ type: 'text', nullable: true })
  endpointUrl: string | null;

  /** Azure OpenAI only. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  deploymentName: string | null;

  /** SecretEnvelope of the credential, associated data `workspaceId|id|credential`. Never selected for GraphQL reads. */
  @Column('text')
  credential: string;

  /** The last 4 characters, for the masked display. */
  @Column({ type: 'varchar', length: 4 })
  credentialLast4: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'uuid', nullable: true })
  rotatedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
