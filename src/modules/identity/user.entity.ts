import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** As typed by the user; `emailNormalized` (lower-cased) carries the uniqueness. */
  @Column()
  email: string;

  @Index('user_email_normalized_key', { unique: true })
  @Column()
  emailNormalized: string;

  @Column()
  name: string;

  /** argon2id; null for someone who only signs in with a passkey. */
  @Column({ type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  emailVerifiedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
