import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { UserEntity } from '../identity/user.entity';

/** A person's own notification toggles (seed 001); no row means email on, push off. */
@Entity('notification_preference')
export class NotificationPreferenceEntity {
  @PrimaryColumn('uuid')
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({ default: true })
  emailUpdates: boolean;

  @Column({ default: false })
  pushAlerts: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
