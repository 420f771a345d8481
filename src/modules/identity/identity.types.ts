import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { SignInMethod } from './session.entity';

registerEnumType(SignInMethod, { name: 'SignInMethod' });

@ObjectType({ description: 'A person with an account. Email is shown to people who share an organization with them.' })
export class User {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  email: string;

  @Field()
  createdAt: Date;
}

@ObjectType({ description: 'The signed-in person; other modules add their own fields (organizations, passkeys, keys).' })
export class Viewer extends User {
  @Field({ description: 'True once the person proved they receive mail at this address.' })
  emailVerified: boolean;
}

@ObjectType({ description: 'A signed-in device.' })
export class Session {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The browser or client that signed in (its User-Agent).' })
  userAgent: string;

  @Field()
  ip: string;

  @Field(() => SignInMethod)
  method: SignInMethod;

  @Field()
  createdAt: Date;

  @Field()
  lastSeenAt: Date;

  @Field()
  expiresAt: Date;

  @Field({ description: 'True for the session this request was made with.' })
  current: boolean;
}

@ObjectType()
export class AuthPayload {
  @Field({ description: 'The session token, shown once: send it as `Authorization: Bearer <token>`.' })
  token: string;

  @Field(() => Viewer)
  viewer: Viewer;

  @Field(() => Session)
  session: Session;
}

@ObjectType()
export class SignOutPayload {
  @Field(() => ID)
  sessionId: string;
}

@ObjectType()
export class RevokeSessionPayload {
  @Field(() => Session)
  session: Session;
}

@ObjectType()
export class RevokeAllSessionsPayload {
  @Field({ description: 'How many sessions were signed out, this one included.' })
  revokedCount: number;
}

@ObjectType()
export class UpdateProfilePayload {
  @Field(() => Viewer)
  viewer: Viewer;
}

@ObjectType()
export class RequestPasswordResetPayload {
  @Field({ description: 'Always true: whether the address has an account is not revealed.' })
  accepted: boolean;
}

@ObjectType()
export class ResetPasswordPayload {
  @Field({ description: 'Every session, personal API key and app secret of the account was revoked; sign in with the new password.' })
  success: boolean;
}

@ObjectType()
export class ChangePasswordPayload {
  @Field({ description: 'This session stays signed in; every other session, personal API key and app secret was revoked.' })
  success: boolean;
}

@ObjectType()
export class ReauthenticatePayload {
  @Field({ description: 'Account security changes are allowed from this session until then (REAUTH_WINDOW_MINUTES).' })
  recentUntil: Date;
}
