import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { DomainError, ErrorCode } from '../../core/errors';
import { viewerOf } from '../../graphql/request-helpers';
import { RequestPasswordResetInput, ResetPasswordInput, RevokeSessionInput, SignInInput, SignUpInput, UpdateProfileInput } from './identity.inputs';
import { signedInPayload, toSession, toViewer } from './identity.mappers';
import type { IdentityService } from './identity.service';
import {
  AuthPayload,
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
    return toViewer(await this.identity.getUser(viewerOf(context).userId));
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

  @Mutation(() => UpdateProfilePayload)
  @Requires('signedIn')
  async updateProfile(@Arg('input') input: UpdateProfileInput, @Ctx() context: Context): Promise<UpdateProfilePayload> {
    return { viewer: toViewer(await this.identity.updateProfile(viewerOf(context).userId, input)) };
  }

  @Mutation(() => RevokeSessionPayload, { description: 'Signs out one device.' })
  @Requires('signedIn')
  async revokeSession(@Arg('input') input: RevokeSessionInput, @Ctx() context: Context): Promise<RevokeSessionPayload> {
    return { session: toSession(await this.sessionService.revoke(viewerOf(context).userId, input.id)) };
  }

  @Mutation(() => RevokeAllSessionsPayload, { description: 'Signs out every device, this one included: each token fails on its next request.' })
  @Requires('signedIn')
  async revokeAllSessions(@Ctx() context: Context): Promise<RevokeAllSessionsPayload> {
    return { revokedCount: await this.sessionService.revokeAll(viewerOf(context).userId) };
  }

  @Mutation(() => RequestPasswordResetPayload, { description: 'Mails a single-use reset link valid for one hour, if the address has an account.' })
  async requestPasswordReset(@Arg('input') input: RequestPasswordResetInput): Promise<RequestPasswordResetPayload> {
    await this.identity.requestPasswordReset(input.email);
    return { accepted: true };
  }

  @Mutation(() => ResetPasswordPayload)
  async resetPassword(@Arg('input') input: ResetPasswordInput): Promise<ResetPasswordPayload> {
    await this.identity.resetPassword(input.token, input.newPassword);
    return { success: true };
  }
}
