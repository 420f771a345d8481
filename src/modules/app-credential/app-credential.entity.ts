import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity';

/**
 * A person's App ID (seed 001): public and stable across rotations. Its current secret is an
 * `api_key` row of kind APP_SECRET whose name is this App ID.
 */
@Entity('app_credential')
export class AppCredentialEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('app_credential_user_id_key', { unique: true })
  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  user?: Relation<UserEntity>;

  @Index('app_credential_app_id_key', { unique: true })
  @Column()
  appId: string;

  @Column({ type: 'timestamptz' })
  createdAt: Date;

  /** When the secret was last replaced; null while the first secret is in use. */
  @Column({ type: 'timestamptz', nullable: true })
  rotatedAt: Date | null;
}
