import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity';
import { ProjectEntity } from '../project/project.entity';
import { WorkspaceEntity } from '../workspace/workspace.entity';

/** Which kind of secret a row is; each kind has its own prefix (credential-store.ts). */
export enum ApiKeyKind {
  PERSONAL = 'PERSONAL',
  WORKSPACE = 'WORKSPACE',
  APP_SECRET = 'APP_SECRET',
  PROJECT = 'PROJECT',
}

/**
 * Every API key and app secret, whatever its kind: one table, so one hash lookup, one cache and one
 * invalidation channel verify them all. Only the SHA-256 of the secret is stored.
 */
@Entity('api_key')
@Index('api_key_workspace_idx', ['workspaceId'])
@Index('api_key_user_idx', ['userId'])
// At most one working key per project, held by the database under concurrent generates.
@Index('api_key_project_live_key', ['projectId'], { unique: true, where: 'project_id IS NOT NULL AND revoked_at IS NULL' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: ApiKeyKind, enumName: 'api_key_kind' })
  kind: ApiKeyKind;

  /** SHA-256 (hex) of the whole secret; the secret itself is never stored. */
  @Index('api_key_key_hash_key', { unique: true })
  @Column({ type: 'char', length: 64 })
  keyHash: string;

  /** `gtw`, `dlt`, `gta`, `gtp`: with `start`, all a list may show of the secret. */
  @Column()
  prefix: string;

  /** The first characters of the secret's body, for the masked display `gtw_AbC1…`. */
  @Column()
  start: string;

  /** What its owner calls it; for an app secret, the App ID it belongs to. */
  @Column()
  name: string;

  /** The owner of a personal key or app secret; null for workspace keys. */
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  user?: Relation<UserEntity>;

  @Column({ type: 'uuid', nullable: true })
  workspaceId: string | null;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  /** The project of a project key; null for every other kind. */
  @Column({ type: 'uuid', nullable: true })
  projectId: string | null;

  @ManyToOne(() => ProjectEntity, { onDelete: 'CASCADE' })
  project?: Relation<ProjectEntity>;

  /** Who created it; kept when they leave the workspace (keys outlive their creator's membership). */
  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  createdBy?: Relation<UserEntity>;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes: string[];

  /** False while suspended (deactivated); the key comes back when activated. */
  @Column({ default: true })
  active: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  /** When it stops working for good; in the future while a rotation's grace period runs. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Written at most once a minute per key, from a buffer (never per request). */
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  /** From the app clock, like expiry and revocation, so all of a key's times compare on one clock. */
  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
