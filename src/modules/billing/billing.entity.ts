import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { OrganizationEntity } from '../organization/organization.entity';

/** An organization's billing state; no row means the free plan and no Stripe customer yet. */
@Entity('organization_billing')
export class OrganizationBillingEntity {
  @PrimaryColumn('uuid')
  organizationId: string;

  @OneToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Relation<OrganizationEntity>;

  @Column({ type: 'varchar', length: 32, default: 'FREE' })
  plan: string;

  /** Created on the first portal session and reused from then on. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  stripeCustomerId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
