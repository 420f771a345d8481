import { GraphQLJSONObject } from 'graphql-scalars';
import { IsEmail, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

const NAME_RULE = 'must be 1 to 64 characters';

/** The name field shared by adding and renaming; surrounding spaces are trimmed before storing. */
function PasskeyNameField(): PropertyDecorator {
  return (target, property) => {
    Field({ description: 'What the person calls this passkey, like "My Laptop": 1 to 64 characters.' })(target, property);
    Length(1, 64, { message: NAME_RULE })(target, property as string);
    Matches(/\S/, { message: 'must not be blank' })(target, property as string);
  };
}

@InputType()
export class VerifyPasskeyRegistrationInput {
  @PasskeyNameField()
  name: string;

  @Field(() => GraphQLJSONObject, {
    description: 'The new credential as JSON, exactly as the browser gives it: `credential.toJSON()` after `navigator.credentials.create()`, or what @simplewebauthn/browser `startRegistration` returns.',
  })
  response: Record<string, unknown>;
}

@InputType()
export class RenamePasskeyInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a passkey id' })
  id: string;

  @PasskeyNameField()
  name: string;
}

@InputType()
export class DeletePasskeyInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a passkey id' })
  id: string;
}

@InputType()
export class PasskeyAuthenticationOptionsInput {
  @Field(() => String, { nullable: true, description: "Limit the sign-in to this account's passkeys; null or left out lets the browser offer any passkey it holds for this site." })
  @IsOptional()
  @IsEmail({}, { message: 'must be a valid email address' })
  email?: string | null;
}

@InputType()
export class VerifyPasskeyAuthenticationInput {
  @Field(() => GraphQLJSONObject, {
    description: 'The assertion as JSON, exactly as the browser gives it: `credential.toJSON()` after `navigator.credentials.get()`, or what @simplewebauthn/browser `startAuthentication` returns.',
  })
  response: Record<string, unknown>;
}
