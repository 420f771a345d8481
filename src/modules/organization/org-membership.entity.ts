import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { OrgRole } from '../../auth/permissions';
import { UserEntity } from '../identity/user.entity';
import { OrganizationEntity } from './organization.entity';

@Entity('org_membership')
@Unique('org_membership_org_user_key', ['organizationId', 'userId'])
@Index('org_membership_user_idx', ['userId'])
export class OrgMembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  organization?: Relation<OrganizationEntity>;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  user?: Relation<UserEntity>;

  @Column({ type: 'enum', enum: OrgRole, enumName: 'org_role' })
  role: OrgRole;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
