import { IsBoolean, IsEnum, IsInt, IsOptional, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { WorkspaceRole } from '../../auth/permissions';
import { SLUG_PATTERN } from './workspace.entity';

const SLUG_RULE = 'must be 3 to 48 lowercase letters, digits and single hyphens';
const NAME = { message: 'must be 1 to 100 characters' };

/** Settings a workspace is created with and that can change later. */
@InputType()
abstract class WorkspaceSettingsInput {
  @Field(() => String, { nullable: true, description: 'Null clears it (a new workspace starts empty); left out: unchanged.' })
  @IsOptional()
  @MaxLength(1000)
  description?: string | null;

  @Field(() => Int, { nullable: true, description: 'Days audit events are kept (90 for a new workspace); not below the compliance floor. Null or left out: the default, or unchanged.' })
  @IsOptional()
  @IsInt()
  @Max(3650, { message: 'must be at most 3650' })
  dataRetentionDays?: number | null;

  @Field(() => Int, { nullable: true, description: 'Null or left out: the default, or unchanged.' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'must be at least 1' })
  @Max(100_000, { message: 'must be at most 100000' })
  seatLimit?: number | null;
}

@InputType()
export class CreateWorkspaceInput extends WorkspaceSettingsInput {
  @Field(() => ID)
  @IsUUID('all')
  organizationId: string;

  @Field()
  @Length(1, 100, NAME)
  name: string;

  @Field({ description: 'URL-safe, lowercase, 3–48 characters, unique; cannot be changed later.' })
  @Length(3, 48, { message: SLUG_RULE })
  @Matches(SLUG_PATTERN, { message: SLUG_RULE })
  slug: string;

  @Field({ description: 'One of the configured regions; cannot be changed later.' })
  region: string;
}

@InputType()
export class UpdateWorkspaceInput extends WorkspaceSettingsInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field(() => String, { nullable: true, description: 'Null or left out: unchanged.' })
  @IsOptional()
  @Length(1, 100, NAME)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Immutable: a value other than the current one is refused. Null or left out: unchanged.' })
  @IsOptional()
  slug?: string | null;

  @Field(() => String, { nullable: true, description: 'Immutable: a value other than the current one is refused. Null or left out: unchanged.' })
  @IsOptional()
  region?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Must be true to lower dataRetentionDays: older audit events are deleted at the next daily retention run.' })
  @IsOptional()
  @IsBoolean()
  confirm?: boolean | null;
}

@InputType()
export class AddWorkspaceMemberInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field(() => ID, { description: 'A member of the workspace’s organization.' })
  @IsUUID('all', { message: 'must be a user id' })
  userId: string;

  @Field(() => WorkspaceRole)
  @IsEnum(WorkspaceRole)
  role: WorkspaceRole;
}

@InputType()
export class UpdateWorkspaceMemberInput extends AddWorkspaceMemberInput {}

@InputType()
export class WorkspaceMemberInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'must be a user id' })
  userId: string;
}
