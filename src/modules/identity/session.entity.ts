import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from './user.entity';

export enum SignInMethod {
  PASSWORD = 'PASSWORD',
  PASSKEY = 'PASSKEY',
}

@Entity('session')
@Index('session_user_id_idx', ['userId'])
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  user?: Relation<UserEntity>;

  /** SHA-256 of the token; the token itself is never stored. */
  @Index('session_token_hash_key', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'enum', enum: SignInMethod, enumName: 'sign_in_method' })
  method: SignInMethod;

  @Column({ type: 'text' })
  userAgent: string;

  @Column({ type: 'text' })
  ip: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;

  /** When the person last proved who they are on this session (sign-in or reauthenticate): account security needs it recent. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  authenticatedAt: Date;

  /** Slides forward as the session is used. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
