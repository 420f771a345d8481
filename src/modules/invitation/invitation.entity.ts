import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity';
import { OrganizationEntity } from '../organization/organization.entity';
import { WorkspaceEntity } from '../workspace/workspace.entity';

/** Organization invitations carry OWNER or MEMBER; workspace invitations ADMIN, EDITOR or VIEWER. */
export enum InvitationRole {
  OWNER = 'OWNER',
  MEMBER = 'MEMBER',
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  VIEWER = 'VIEWER',
}

/**
 * EXPIRED is never stored: a PENDING row whose `expiresAt` has passed (on the app clock) reads as
 * EXPIRED, so expiry needs no sweeper and a resend revives the same row.
 */
export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}

/** An invitation by email to an organization (`workspaceId` null) or to one of its workspaces. */
@Entity('invitation')
@Index('invitation_workspace_created_idx', ['workspaceId', 'createdAt', 'id'])
@Index('invitation_organization_created_idx', ['organizationId', 'createdAt', 'id'])
// One open invitation per address and place: inviting again refreshes it instead of adding a row.
@Index('invitation_pending_workspace_email_key', ['workspaceId', 'emailNormalized'], { unique: true, where: "status = 'PENDING' AND workspace_id IS NOT NULL" })
@Index('invitation_pending_organization_email_key', ['organizationId', 'emailNormalized'], { unique: true, where: "status = 'PENDING' AND workspace_id IS NULL" })
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  organization?: Relation<OrganizationEntity>;

  @Column({ type: 'uuid', nullable: true })
  workspaceId: string | null;

  @ManyToOne(() => WorkspaceEntity, { onDelete: 'CASCADE' })
  workspace?: Relation<WorkspaceEntity>;

  /** As typed by the inviter; the mail goes here. */
  @Column()
  email: string;

  @Column()
  emailNormalized: string;

  @Column({ type: 'enum', enum: InvitationRole, enumName: 'invitation_role' })
  role: InvitationRole;

  @Column({ type: 'enum', enum: InvitationStatus, enumName: 'invitation_status', default: InvitationStatus.PENDING })
  status: InvitationStatus;

  /** SHA-256 of the current `gti_` token; a resend replaces it, so older links stop working. */
  @Index('invitation_token_hash_key', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** When the mail was last (re)sent. */
  @Column({ type: 'timestamptz' })
  sentAt: Date;

  /** Null once the inviter's account is gone or they were erased from the workspace. */
  @Column({ type: 'uuid', nullable: true })
  invitedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  invitedBy?: Relation<UserEntity>;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Set from the app clock (not the database's), so keyset cursors and expiry agree with it. */
  @Column({ type: 'timestamptz' })
  createdAt: Date;
}
