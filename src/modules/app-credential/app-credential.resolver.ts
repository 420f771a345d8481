import { Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { viewerOf } from '../../graphql/request-helpers';
import { Viewer } from '../identity/identity.types';
import { toAppCredential } from './app-credential.mappers';
import type { AppCredentialService } from './app-credential.service';
import { AppCredential, RotateAppSecretPayload } from './app-credential.types';

@Resolver(() => Viewer)
export class ViewerAppCredentialResolver {
  constructor(private readonly appCredentials: AppCredentialService) {}

  @FieldResolver(() => AppCredential, { nullable: true, description: 'App ID and masked App Secret; null until rotateAppSecret issues the first secret.' })
  async appCredential(@Root() viewer: Viewer): Promise<AppCredential | null> {
    const current = await this.appCredentials.current(viewer.id);
    return current && toAppCredential(current.credential, current.secret);
  }

  @Mutation(() => RotateAppSecretPayload, { description: 'Issues a new App Secret (and your App ID, the first time); the previous secret fails on every API process once this returns.' })
  @Requires('accountSecurity')
  async rotateAppSecret(@Ctx() context: Context): Promise<RotateAppSecretPayload> {
    const { credential, secret, plaintext } = await this.appCredentials.rotate(actorOf(context), viewerOf(context).userId);
    return { appCredential: toAppCredential(credential, secret), appSecret: plaintext };
  }
}
