import { assertPermission } from '../../auth/access-check';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { loadUser } from '../identity/identity.loaders';
import { User } from '../identity/identity.types';
import { Workspace } from '../workspace/workspace.types';
import {
  CreateModelIntegrationInput,
  ModelIntegrationRefInput,
  RenameModelIntegrationInput,
  RevealModelIntegrationCredentialInput,
  RotateModelIntegrationCredentialInput,
  UpdateModelIntegrationInput,
} from './model-integration.inputs';
import { toModelIntegration } from './model-integration.mappers';
import type { ModelIntegrationService } from './model-integration.service';
import { DeleteModelIntegrationPayload, ModelIntegration, ModelIntegrationPayload, RevealedCredential } from './model-integration.types';

@Resolver(() => Workspace)
export class WorkspaceModelIntegrationsResolver {
  constructor(private readonly service: ModelIntegrationService) {}

  @FieldResolver(() => [ModelIntegration], { description: 'By name; credentials masked.' })
  @Requires('modelIntegrationsManage')
  modelIntegrations(@Root() workspace: Workspace, @Ctx() context: Context): Promise<ModelIntegration[]> {
    return context.loaders.modelIntegrations.load(workspace.id);
  }

  @Mutation(() => ModelIntegrationPayload, { description: 'AZURE_OPENAI also takes endpointUrl and deploymentName. A name already used in the workspace is CONFLICT naming `name`.' })
  @Requires('modelIntegrationsManage')
  async createModelIntegration(@Arg('input') input: CreateModelIntegrationInput, @Ctx() context: Context): Promise<ModelIntegrationPayload> {
    return { workspaceId: input.workspaceId, modelIntegration: toModelIntegration(await this.service.create(actorOf(context), input)) };
  }

  @Mutation(() => ModelIntegrationPayload)
  @Requires('modelIntegrationsManage')
  async renameModelIntegration(@Arg('input') input: RenameModelIntegrationInput, @Ctx() context: Context): Promise<ModelIntegrationPayload> {
    return { workspaceId: input.workspaceId, modelIntegration: toModelIntegration(await this.service.rename(actorOf(context), input.workspaceId, input.id, input.name)) };
  }

  @Mutation(() => ModelIntegrationPayload, { description: 'Replaces the credential; the id agents reference stays. Emits a secret_rotated notification.' })
  @Requires('modelIntegrationsManage')
  async rotateModelIntegrationCredential(@Arg('input') input: RotateModelIntegrationCredentialInput, @Ctx() context: Context): Promise<ModelIntegrationPayload> {
    return { workspaceId: input.workspaceId, modelIntegration: toModelIntegration(await this.service.rotate(actorOf(context), input.workspaceId, input.id, input.credential)) };
  }

  @Mutation(() => ModelIntegrationPayload, { description: 'Renames, rotates the credential, or both at once (the PATCH of the REST path).' })
  @Requires('modelIntegrationsManage')
  async updateModelIntegration(@Arg('input') input: UpdateModelIntegrationInput, @Ctx() context: Context): Promise<ModelIntegrationPayload> {
    const { workspaceId, id, name, credential } = input;
    return { workspaceId, modelIntegration: toModelIntegration(await this.service.update(actorOf(context), workspaceId, id, { name, credential })) };
  }

  @Mutation(() => DeleteModelIntegrationPayload)
  @Requires('modelIntegrationsManage')
  async deleteModelIntegration(@Arg('input') input: ModelIntegrationRefInput, @Ctx() context: Context): Promise<DeleteModelIntegrationPayload> {
    await this.service.delete(actorOf(context), input.workspaceId, input.id);
    return { workspaceId: input.workspaceId, id: input.id };
  }

  @Mutation(() => RevealedCredential, {
    description:
      'ADMIN at a session that signed in within REAUTH_WINDOW_MINUTES (else REAUTH_REQUIRED: call reauthenticate), or a workspace key with secrets:read. Rate limited; always audited as secret.accessed (HIGH) with the reason and the caller.',
  })
  @Requires('secretsReveal')
  async revealModelIntegrationCredential(@Arg('input') input: RevealModelIntegrationCredentialInput, @Ctx() context: Context): Promise<RevealedCredential> {
    // A person reads a raw secret only at a browser, having just proved it is them.
    if (context.principal?.type === 'user') await assertPermission(context, 'accountSecurity', {});
    const credential = await this.service.reveal(actorOf(context), input.workspaceId, input.id, input.reason);
    return { workspaceId: input.workspaceId, id: input.id, credential };
  }
}

@Resolver(() => ModelIntegration)
export class ModelIntegrationResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who registered it; null when that account is gone.' })
  createdBy(@Root() integration: ModelIntegration, @Ctx() context: Context): Promise<User | null> {
    return integration.createdById ? loadUser(context.loaders, integration.createdById).catch(() => null) : Promise.resolve(null);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who last rotated the credential; null if never rotated or that account is gone.' })
  rotatedBy(@Root() integration: ModelIntegration, @Ctx() context: Context): Promise<User | null> {
    return integration.rotatedById ? loadUser(context.loaders, integration.rotatedById).catch(() => null) : Promise.resolve(null);
  }
}
