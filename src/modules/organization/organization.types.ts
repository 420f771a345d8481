import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { OrgRole } from '../../auth/permissions';
import { Requires } from '../../graphql/auth-directive';
import { User } from '../identity/identity.types';

registerEnumType(OrgRole, { name: 'OrgRole' });

@ObjectType()
export class Organization {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  description: string;

  @Field(() => String, { nullable: true, description: 'Billing: owners only (null with FORBIDDEN for anyone else).' })
  @Requires('billingRead')
  plan: string;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class OrganizationMember {
  @Field(() => ID)
  organizationId: string;

  @Field(() => ID)
  userId: string;

  @Field(() => OrgRole)
  role: OrgRole;

  @Field({ description: 'When they joined the organization.' })
  createdAt: Date;

  /** A plain field, filled by the mapper (see `WorkspaceMember.user`). */
  @Field(() => User)
  user: User;
}

@ObjectType()
export class OrganizationPayload {
  @Field(() => Organization)
  organization: Organization;
}

@ObjectType()
export class OrganizationMemberPayload {
  @Field(() => OrganizationMember)
  member: OrganizationMember;
}

@ObjectType()
export class RemoveOrganizationMemberPayload {
  @Field(() => ID)
  organizationId: string;

  @Field(() => ID)
  userId: string;
}
