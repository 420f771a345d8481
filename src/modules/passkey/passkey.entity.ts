import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation, type ValueTransformer } from 'typeorm';
import { UserEntity } from '../identity/user.entity';

export enum PasskeyDeviceType {
  /** Bound to one authenticator (a security key, a TPM). */
  SINGLE_DEVICE = 'SINGLE_DEVICE',
  /** Synced between devices by a passkey provider (iCloud Keychain, Google Password Manager, …). */
  MULTI_DEVICE = 'MULTI_DEVICE',
}

/** The signature counter is an unsigned 32-bit number, past int4; pg returns bigint as a string. */
const counterTransformer: ValueTransformer = { to: (value: number) => value, from: (value: string) => Number(value) };

@Entity('passkey')
@Index('passkey_user_id_idx', ['userId'])
export class PasskeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  user?: Relation<UserEntity>;

  /** The WebAuthn credential id, base64url as browsers send it; one credential belongs to one account. */
  @Index('passkey_credential_id_key', { unique: true })
  @Column({ type: 'text' })
  credentialId: string;

  /** COSE-encoded public key; only the server's signature check reads it. */
  @Column({ type: 'bytea' })
  publicKey: Buffer;

  @Column({ type: 'bigint', transformer: counterTransformer })
  signCount: number;

  @Column({ type: 'text', array: true })
  transports: string[];

  @Column({ type: 'enum', enum: PasskeyDeviceType, enumName: 'passkey_device_type' })
  deviceType: PasskeyDeviceType;

  @Column()
  backedUp: boolean;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
