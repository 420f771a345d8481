import { IsEnum, IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { OrgRole } from '../../auth/permissions';

const NAME = { message: 'must be 1 to 100 characters' };

@InputType()
export class CreateOrganizationInput {
  @Field()
  @Length(1, 100, NAME)
  name: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(1000)
  description?: string;
}

@InputType()
export class UpdateOrganizationInput {
  @Field(() => ID)
  @IsUUID('all')
  organizationId: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100, NAME)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(1000)
  description?: string;
}

@InputType()
export class OrganizationMemberInput {
  @Field(() => ID)
  @IsUUID('all')
  organizationId: string;

  @Field(() => ID)
  @IsUUID('all')
  userId: string;
}

@InputType()
export class UpdateOrganizationMemberInput extends OrganizationMemberInput {
  @Field(() => OrgRole)
  @IsEnum(OrgRole)
  role: OrgRole;
}

@InputType()
export class LeaveOrganizationInput {
  @Field(() => ID)
  @IsUUID('all')
  organizationId: string;
}
