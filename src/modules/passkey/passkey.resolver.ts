import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Requires } from '../../graphql/auth-directive';
import { actorOf } from '../../auth/actor';
import type { Context } from '../../graphql/context';
import { viewerOf } from '../../graphql/request-helpers';
import { signedInPayload } from '../identity/identity.mappers';
import { AuthPayload, Viewer } from '../identity/identity.types';
import { DeletePasskeyInput, PasskeyAuthenticationOptionsInput, RenamePasskeyInput, VerifyPasskeyAuthenticationInput, VerifyPasskeyRegistrationInput } from './passkey.inputs';
import { toPasskey } from './passkey.mappers';
import type { PasskeyService } from './passkey.service';
import { DeletePasskeyPayload, Passkey, PasskeyAuthenticationOptionsPayload, PasskeyPayload, PasskeyRegistrationOptionsPayload } from './passkey.types';

@Resolver(() => Viewer)
export class PasskeyResolver {
  constructor(private readonly passkeyService: PasskeyService) {}

  @FieldResolver(() => [Passkey], { description: 'Passkeys this person can sign in with, oldest first.' })
  async passkeys(@Root() viewer: Viewer): Promise<Passkey[]> {
    return (await this.passkeyService.list(viewer.id)).map(toPasskey);
  }

  @Mutation(() => PasskeyRegistrationOptionsPayload, { description: 'Step 1 of adding a passkey: options for the browser, excluding passkeys the viewer already has.' })
  @Requires('accountSecurity')
  async passkeyRegistrationOptions(@Ctx() context: Context): Promise<PasskeyRegistrationOptionsPayload> {
    return { options: { ...(await this.passkeyService.registrationOptions(viewerOf(context).userId)) } };
  }

  @Mutation(() => PasskeyPayload, { description: 'Step 2 of adding a passkey: checks what the browser created and saves it under a name.' })
  @Requires('accountSecurity')
  async verifyPasskeyRegistration(@Arg('input') input: VerifyPasskeyRegistrationInput, @Ctx() context: Context): Promise<PasskeyPayload> {
    return { passkey: toPasskey(await this.passkeyService.verifyRegistration(actorOf(context), viewerOf(context).userId, input)) };
  }

  @Mutation(() => PasskeyPayload)
  @Requires('signedIn')
  async renamePasskey(@Arg('input') input: RenamePasskeyInput, @Ctx() context: Context): Promise<PasskeyPayload> {
    return { passkey: toPasskey(await this.passkeyService.rename(actorOf(context), viewerOf(context).userId, input.id, input.name)) };
  }

  @Mutation(() => DeletePasskeyPayload, { description: 'Removes a passkey; it can no longer sign in. Sessions it opened stay until signed out.' })
  @Requires('signedIn')
  async deletePasskey(@Arg('input') input: DeletePasskeyInput, @Ctx() context: Context): Promise<DeletePasskeyPayload> {
    await this.passkeyService.delete(actorOf(context), viewerOf(context).userId, input.id);
    return { passkeyId: input.id };
  }

  @Mutation(() => PasskeyAuthenticationOptionsPayload, { description: 'Step 1 of signing in with a passkey, no password: options for the browser.' })
  async passkeyAuthenticationOptions(@Arg('input') input: PasskeyAuthenticationOptionsInput): Promise<PasskeyAuthenticationOptionsPayload> {
    return { options: { ...(await this.passkeyService.authenticationOptions(input.email ?? undefined)) } };
  }

  @Mutation(() => AuthPayload, { description: "Step 2 of signing in with a passkey: checks the browser's signed answer and opens a session, like signIn." })
  async verifyPasskeyAuthentication(@Arg('input') input: VerifyPasskeyAuthenticationInput, @Ctx() context: Context): Promise<AuthPayload> {
    return signedInPayload(context, await this.passkeyService.verifyAuthentication(input.response, context.request));
  }
}
