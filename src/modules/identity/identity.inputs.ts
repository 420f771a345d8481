import { IsEmail, IsOptional, IsUUID, Length, MaxLength, MinLength } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';

const PASSWORD_RULE = 'must be 10 to 200 characters';

@InputType()
export class SignUpInput {
  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email: string;

  @Field()
  @Length(10, 200, { message: PASSWORD_RULE })
  password: string;

  @Field()
  @Length(1, 100, { message: 'must be 1 to 100 characters' })
  name: string;

  @Field({ nullable: true, description: 'The token of an invitation to this email address: accepted with the sign-up, which also verifies the email.' })
  @IsOptional()
  @Length(1, 200)
  invitationToken?: string;
}

@InputType()
export class SignInInput {
  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  email: string;

  @Field()
  @MinLength(1, { message: 'is required' })
  @MaxLength(200)
  password: string;
}

@InputType()
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: 'Null or left out: unchanged.' })
  @IsOptional()
  @Length(1, 100, { message: 'must be 1 to 100 characters' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Null or left out: unchanged.' })
  @IsOptional()
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email?: string | null;
}

@InputType()
export class RevokeSessionInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be a session id' })
  id: string;
}

@InputType()
export class RequestPasswordResetInput {
  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  email: string;
}

@InputType()
export class ResetPasswordInput {
  @Field()
  @Length(1, 200)
  token: string;

  @Field()
  @Length(10, 200, { message: PASSWORD_RULE })
  newPassword: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @MinLength(1, { message: 'is required' })
  @MaxLength(200)
  currentPassword: string;

  @Field()
  @Length(10, 200, { message: PASSWORD_RULE })
  newPassword: string;
}

@InputType({ description: 'Exactly one proof: the password, or a passkey assertion made with options from passkeyAuthenticationOptions.' })
export class ReauthenticateInput {
  @Field({ nullable: true })
  @IsOptional()
  @MinLength(1, { message: 'is required' })
  @MaxLength(200)
  password?: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The assertion as JSON, as the browser gives it (`credential.toJSON()` after `navigator.credentials.get()`).' })
  @IsOptional()
  passkeyResponse?: Record<string, unknown>;
}
