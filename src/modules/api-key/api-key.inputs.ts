import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsInt, IsOptional, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { API_KEY_SCOPES } from '../../auth/permissions';

/** A key's name: 1 to 64 characters, trimmed before storing. */
function KeyNameField(): PropertyDecorator {
  return (target, property) => {
    Field({ description: 'What the key is for, like "CI deploy": 1 to 64 characters.' })(target, property);
    Length(1, 64, { message: 'must be 1 to 64 characters' })(target, property as string);
    Matches(/\S/, { message: 'must not be blank' })(target, property as string);
  };
}

function ExpiresInDaysField(nullable: boolean, description: string): PropertyDecorator {
  return (target, property) => {
    Field(() => Int, { nullable, description })(target, property);
    if (nullable) IsOptional()(target, property as string);
    IsInt({ message: 'must be a whole number of days from 1 to 365' })(target, property as string);
    Min(1, { message: 'must be a whole number of days from 1 to 365' })(target, property as string);
    Max(365, { message: 'must be a whole number of days from 1 to 365' })(target, property as string);
  };
}

@InputType()
export class CreatePersonalApiKeyInput {
  @KeyNameField()
  name: string;

  @ExpiresInDaysField(false, 'Days until the key stops working: 1 to 365.')
  expiresInDays: number;
}

@InputType()
export class DeletePersonalApiKeyInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an API key id' })
  id: string;
}

@InputType()
export class CreateWorkspaceApiKeyInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a workspace id' })
  workspaceId: string;

  @KeyNameField()
  name: string;

  @Field(() => [String], { description: `One or more of: ${API_KEY_SCOPES.join(', ')}.` })
  @ArrayMinSize(1, { message: 'must name at least one scope' })
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @ArrayUnique({ message: 'must not repeat a scope' })
  @IsIn(API_KEY_SCOPES, { each: true, message: `must each be one of ${API_KEY_SCOPES.join(', ')}` })
  scopes: string[];

  @ExpiresInDaysField(true, 'Days until the key stops working, 1 to 365; leave out for a key that does not expire.')
  expiresInDays?: number;
}

@InputType({ description: 'A workspace API key, named by its workspace and id.' })
export class WorkspaceApiKeyInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a workspace id' })
  workspaceId: string;

  @Field(() => ID)
  @IsUUID('all', { message: 'must be an API key id' })
  id: string;
}

@InputType()
export class RotateWorkspaceApiKeyInput extends WorkspaceApiKeyInput {
  @Field(() => Int, { description: 'How long the old key keeps working, 0 to 10080 minutes (7 days); never past its own expiry.' })
  @IsInt({ message: 'must be a whole number of minutes from 0 to 10080' })
  @Min(0, { message: 'must be a whole number of minutes from 0 to 10080' })
  @Max(10_080, { message: 'must be a whole number of minutes from 0 to 10080' })
  gracePeriodMinutes: number;
}
