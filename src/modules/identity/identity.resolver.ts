import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { assertPermission } from '../../auth/access-check';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { DomainError, ErrorCode } from '../../core/errors';
import { viewerOf } from '../../graphql/request-helpers';
import { ChangePasswordInput, ReauthenticateInput, RequestPasswordResetInput, ResetPasswordInput, RevokeSessionInput, SignInInput, SignUpInput, UpdateProfileInput } from './identity.inputs';
import { signedInPayload, toSession, toViewer } from './identity.mappers';
import type { IdentityService } from './identity.service';
import {
  AuthPayload,
  ChangePasswordPayload,
  ReauthenticatePayload,
  RequestPasswordResetPayload,
  ResetPasswordPayload,
  RevokeAllSessionsPayload,
  RevokeSessionPayload,
  Session,
  SignOutPayload,
  UpdateProfilePayload,
  Viewer,
} from './identity.types';
import type { SessionService } from './session.service';

@Resolver(() => Viewer)
export class IdentityResolver {
  constructor(
    private readonly identity: IdentityService,
    private readonly sessionService: SessionService,
  ) {}

  @Query(() => Viewer, { description: 'The signed-in person.' })
  @Requires('signedIn')
  async viewer(@Ctx() context: Context): Promise<Viewer> {
    return toViewer(await this.identity.getViewer(viewerOf(context).userId));
  }

  @FieldResolver(() => [Session], { description: 'Signed-in devices, most recently used first.' })
  async sessions(@Root() viewer: Viewer, @Ctx() context: Context): Promise<Session[]> {
    const principal = viewerOf(context);
    const current = principal.via === 'session' ? principal.credentialId : undefined;
    return (await this.sessionService.listActive(viewer.id)).map((session) => toSession(session, current));
  }

  @Mutation(() => AuthPayload, { description: 'Creates an account and signs it in.' })
  async signUp(@Arg('input') input: SignUpInput, @Ctx() context: Context): Promise<AuthPayload> {
    return signedInPayload(context, await this.identity.signUp(input, context.request));
  }

  @Mutation(() => AuthPayload, { description: 'Signs in with email and password; failed attempts are rate limited per email and per IP.' })
  async signIn(@Arg('input') input: SignInInput, @Ctx() context: Context): Promise<AuthPayload> {
    return signedInPayload(context, await this.identity.signIn(input, context.request));
  }

  @Mutation(() => SignOutPayload, { description: 'Signs out the session this request was made with.' })
  @Requires('signedIn')
  async signOut(@Ctx() context: Context): Promise<SignOutPayload> {
    const principal = viewerOf(context);
    if (principal.via !== 'session') throw new DomainError(ErrorCode.BAD_USER_INPUT, 'Only a session can sign out; delete an API key instead');
    await this.sessionService.revoke(principal.userId, principal.credentialId);
    return { sessionId: principal.credentialId };
  }

  @Mutation(() => UpdateProfilePayload, { description: 'Changing the email needs a recent authentication at a session (accountSecurity); the old address is told.' })
  @Requires('signedIn')
  async updateProfile(@Arg('input') input: UpdateProfileInput, @Ctx() context: Context): Promise<UpdateProfilePayload> {
    if (input.email != null) await assertPermission(context, 'accountSecurity', {});
    return { viewer: toViewer(await this.identity.updateProfile(actorOf(context), viewerOf(context).userId, input)) };
  }

  @Mutation(() => ChangePasswordPayload, { description: 'Needs the current password; keeps this session and revokes every other session, personal API key and app secret.' })
  @Requires('accountCredentials')
  async changePassword(@Arg('input') input: ChangePasswordInput, @Ctx() context: Context): Promise<ChangePasswordPayload> {
    const principal = viewerOf(context);
    await this.identity.changePassword(actorOf(context), principal.userId, principal.credentialId, input.currentPassword, input.newPassword);
    return { success: true };
  }

  @Mutation(() => ReauthenticatePayload, { description: 'Proves again, with the password or a passkey, that the person is at this session: account security changes are then allowed for REAUTH_WINDOW_MINUTES.' })
  @Requires('accountCredentials')
  async reauthenticate(@Arg('input') input: ReauthenticateInput, @Ctx() context: Context): Promise<ReauthenticatePayload> {
    const principal = viewerOf(context);
    return { recentUntil: await this.identity.reauthenticate(principal.userId, principal.credentialId, input, context.request) };
  }

  @Mutation(() => RevokeSessionPayload, { description: 'Signs out one device.' })
  @Requires('signedIn')
  async revokeSession(@Arg('input') input: RevokeSessionInput, @Ctx() context: Context): Promise<RevokeSessionPayload> {
    return { session: toSession(await this.sessionService.revoke(viewerOf(context).userId, input.id)) };
  }

  @Mutation(() => RevokeAllSessionsPayload, { description: 'Signs out every device, this one included: each token fails on its next request.' })
  @Requires('accountCredentials')
  async revokeAllSessions(@Ctx() context: Context): Promise<RevokeAllSessionsPayload> {
    return { revokedCount: await this.identity.revokeAllSessions(actorOf(context), viewerOf(context).userId) };
  }

  @Mutation(() => RequestPasswordResetPayload, { description: 'Mails a single-use reset link valid for one hour, if the address has an account (a few an hour per address and per IP; the answer is the same either way).' })
  async requestPasswordReset(@Arg('input') input: RequestPasswordResetInput, @Ctx() context: Context): Promise<RequestPasswordResetPayload> {
    await this.identity.requestPasswordReset(input.email, context.request);
    return { accepted: true };
  }

  @Mutation(() => ResetPasswordPayload)
  async resetPassword(@Arg('input') input: ResetPasswordInput, @Ctx() context: Context): Promise<ResetPasswordPayload> {
    await this.identity.resetPassword(input.token, input.newPassword, context.request);
    return { success: true };
  }
}
