import { ArrayMaxSize, ArrayUnique, IsUUID, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

export const ENVIRONMENT_NAME = /^[a-z0-9](?:[a-z0-9_-]{0,31})$/;
const NAME_RULE = { message: 'must be 1 to 32 lowercase letters, digits, - or _, starting with a letter or digit' };

@InputType()
export class CreateEnvironmentInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field({ description: 'staging, development or a name of your own: lowercase, URL-safe, 1–32 characters.' })
  @Matches(ENVIRONMENT_NAME, NAME_RULE)
  name: string;
}

@InputType()
export class RenameEnvironmentInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field(() => ID)
  @IsUUID('all')
  id: string;

  @Field()
  @Matches(ENVIRONMENT_NAME, NAME_RULE)
  name: string;
}

@InputType()
export class DeleteEnvironmentInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field(() => ID)
  @IsUUID('all')
  id: string;
}

@InputType()
export class ReplaceEnvironmentsInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field(() => [String], { description: 'Every environment the workspace keeps, production included; the others are deleted.' })
  @ArrayUnique({ message: 'must not repeat a name' })
  @ArrayMaxSize(50, { message: 'must list at most 50 environments' })
  @Matches(ENVIRONMENT_NAME, { ...NAME_RULE, each: true })
  names: string[];
}
