import { IsEnum, IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { OrgRole } from '../../auth/permissions';

const NAME = { message: 'must be 1 to 100 characters' };

@InputType()
export class CreateOrganizationInput {
  @Field()
  @Length(1, 100, NAME)
  name: string;

  @Field(() => String, { nullable: true, description: 'Null or left out: empty.' })
  @IsOptional()
  @MaxLength(1000)
  description?: string | null;
}

@InputType()
export class UpdateOrganizationInput {
  @Field(() => ID)
  @IsUUID('all')
  organizationId: string;

  @Field(() => String, { nullable: true, description: 'Null or left out: unchanged.' })
  @IsOptional()
  @Length(1, 100, NAME)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Null clears it; left out: unchanged.' })
  @IsOptional()
  @MaxLength(1000)
  description?: string | null;
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
