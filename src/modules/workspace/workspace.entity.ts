import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { OrganizationEntity } from '../organization/organization.entity';

/** Lowercase letters and digits in runs joined by single hyphens, 3 to 48 characters (the input enforces the length). */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

@Entity('workspace')
@Index('workspace_organization_idx', ['organizationId'])
export class WorkspaceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  organization?: Relation<OrganizationEntity>;

  /** Immutable after creation; appears in API paths and URLs. */
  @Index('workspace_slug_key', { unique: true })
  @Column()
  slug: string;

  /** Immutable after creation: data residency. */
  @Column()
  region: string;

  @Column()
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'int' })
  dataRetentionDays: number;

  @Column({ type: 'int' })
  seatLimit: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
