import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity';

/** A browser's Web Push subscription, registered by its signed-in person. */
@Entity('push_subscription')
@Index('push_subscription_user_idx', ['userId'])
export class PushSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  user?: Relation<UserEntity>;

  /** The push service URL; a browser re-registering the same one replaces its keys. */
  @Index('push_subscription_endpoint_key', { unique: true })
  @Column()
  endpoint: string;

  /** The browser's P-256 public key and auth secret (base64url) that payloads are encrypted to. */
  @Column()
  p256dh: string;

  @Column()
  auth: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
