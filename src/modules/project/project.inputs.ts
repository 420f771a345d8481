import { ArrayMaxSize, IsBoolean, IsInt, IsOptional, Max, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

const NAME = { message: 'must be 1 to 100 characters' };

@InputType()
export class CreateProjectInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field()
  @Length(1, 100, NAME)
  name: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(1000)
  description?: string;
}

@InputType()
export class ProjectInput {
  @Field(() => ID)
  @IsUUID('all')
  projectId: string;
}

@InputType()
export class UpdateProjectInput extends ProjectInput {
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
export class ProjectMemberInput extends ProjectInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a user id' })
  userId: string;
}

@InputType()
export class ProjectMemberRoleInput extends ProjectMemberInput {
  @Field({ description: 'PROJECT_ADMIN, MEMBER, VIEWER or a custom role’s id.' })
  @Length(1, 64)
  roleId: string;
}

@InputType()
export class CreateProjectRoleInput extends ProjectInput {
  @Field()
  name: string;

  @Field(() => [String])
  @ArrayMaxSize(50)
  permissions: string[];
}

@InputType()
export class UpdateProjectRoleInput extends ProjectInput {
  @Field()
  @Length(1, 64)
  roleId: string;

  @Field({ nullable: true })
  @IsOptional()
  name?: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  permissions?: string[];
}

@InputType()
export class ProjectRoleInput extends ProjectInput {
  @Field()
  @Length(1, 64)
  roleId: string;
}

@InputType()
export class AttributeVisibilityRuleInput {
  @Field()
  @Length(1, 200)
  pattern: string;

  @Field(() => [String])
  @ArrayMaxSize(50)
  roles: string[];
}

@InputType()
export class UpdateAttributeVisibilityInput extends ProjectInput {
  @Field(() => [AttributeVisibilityRuleInput], { description: 'The whole rule set; replaces the current one.' })
  @ValidateNested({ each: true })
  rules: AttributeVisibilityRuleInput[];
}

@InputType()
export class UpdateProjectRetentionInput extends ProjectInput {
  @Field(() => Int, { nullable: true, description: 'Days to keep; not below the compliance floor.' })
  @IsOptional()
  @IsInt()
  @Max(3650, { message: 'must be at most 3650' })
  dataRetentionDays?: number;

  @Field({ nullable: true, description: 'True: follow the workspace’s value again.' })
  @IsOptional()
  @IsBoolean()
  inherit?: boolean;

  @Field({ nullable: true, description: 'Must be true to lower the retention.' })
  @IsOptional()
  @IsBoolean()
  confirm?: boolean;
}
