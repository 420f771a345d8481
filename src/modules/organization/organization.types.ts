import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { OrgRole } from '../../auth/permissions';
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

  @Field()
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

  /** Resolved through the user loader. */
  user?: User;
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
