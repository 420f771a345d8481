import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { API_KEY_SCOPES } from '../../auth/permissions';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { badInput } from '../../core/errors';
import { principalOf, viewerOf } from '../../graphql/request-helpers';
import { toUser } from '../identity/identity.mappers';
import { User, Viewer } from '../identity/identity.types';
import { Workspace } from '../workspace/workspace.types';
import { CreatePersonalApiKeyInput, CreateWorkspaceApiKeyInput, DeletePersonalApiKeyInput, RotateWorkspaceApiKeyInput, WorkspaceApiKeyInput } from './api-key.inputs';
import { toPersonalApiKey, toWorkspaceApiKey } from './api-key.mappers';
import type { WorkspaceKeyRow } from './api-key.queries';
import type { ApiKeyService } from './api-key.service';
import {
  ApiKeyVerification,
  CreatePersonalApiKeyPayload,
  CreateWorkspaceApiKeyPayload,
  DeletePersonalApiKeyPayload,
  PersonalApiKey,
  RevokeWorkspaceApiKeyPayload,
  RotateWorkspaceApiKeyPayload,
  WorkspaceApiKey,
  WorkspaceApiKeyPayload,
  WorkspaceOffboardingReport,
} from './api-key.types';

const KNOWN_SCOPES: ReadonlySet<string> = new Set(API_KEY_SCOPES);

@Resolver(() => Workspace)
export class WorkspaceApiKeysResolver {
  constructor(private readonly keys: ApiKeyService) {}

  private async unrevoked(context: Context, workspaceId: string): Promise<WorkspaceKeyRow[]> {
    return this.keys.withoutRevoked(await context.loaders.workspaceApiKeys.load(workspaceId));
  }

  @FieldResolver(() => [WorkspaceApiKey], { description: 'Keys not revoked, active or not, oldest first.' })
  @Requires('apiKeysManage')
  async apiKeys(@Root() workspace: Workspace, @Ctx() context: Context): Promise<WorkspaceApiKey[]> {
    return (await this.unrevoked(context, workspace.id)).map(toWorkspaceApiKey);
  }

  @FieldResolver(() => WorkspaceOffboardingReport, { description: 'What to review when people leave: their keys keep working until revoked.' })
  @Requires('apiKeysManage')
  async offboardingReport(@Root() workspace: Workspace, @Ctx() context: Context): Promise<WorkspaceOffboardingReport> {
    const keys = await this.unrevoked(context, workspace.id);
    return { apiKeysOfFormerMembers: keys.filter((key) => !key.creatorIsMember).map(toWorkspaceApiKey) };
  }

  @Mutation(() => CreateWorkspaceApiKeyPayload, { description: 'ADMIN only. The key is in the payload, this once. A key cannot get rights its creator lacks.' })
  @Requires('apiKeysManage')
  async createWorkspaceApiKey(@Arg('input') input: CreateWorkspaceApiKeyInput, @Ctx() context: Context): Promise<CreateWorkspaceApiKeyPayload> {
    const { key, secret } = await this.keys.createWorkspaceKey(actorOf(context), input);
    return { apiKey: toWorkspaceApiKey(key), key: secret };
  }

  @Mutation(() => WorkspaceApiKeyPayload, { description: 'Suspends the key: refused (INACTIVE) on every API process once this returns; kept for activateWorkspaceApiKey.' })
  @Requires('apiKeysManage')
  async deactivateWorkspaceApiKey(@Arg('input') input: WorkspaceApiKeyInput, @Ctx() context: Context): Promise<WorkspaceApiKeyPayload> {
    return { apiKey: toWorkspaceApiKey(await this.keys.setActive(actorOf(context), input, false)) };
  }

  @Mutation(() => WorkspaceApiKeyPayload, { description: 'Lets a deactivated key work again.' })
  @Requires('apiKeysManage')
  async activateWorkspaceApiKey(@Arg('input') input: WorkspaceApiKeyInput, @Ctx() context: Context): Promise<WorkspaceApiKeyPayload> {
    return { apiKey: toWorkspaceApiKey(await this.keys.setActive(actorOf(context), input, true)) };
  }

  @Mutation(() => RevokeWorkspaceApiKeyPayload, { description: 'Gone for good: refused (REVOKED) on every API process once this returns, and no longer listed.' })
  @Requires('apiKeysManage')
  async revokeWorkspaceApiKey(@Arg('input') input: WorkspaceApiKeyInput, @Ctx() context: Context): Promise<RevokeWorkspaceApiKeyPayload> {
    await this.keys.revoke(actorOf(context), input);
    return { workspaceId: input.workspaceId, apiKeyId: input.id };
  }

  @Mutation(() => RotateWorkspaceApiKeyPayload, { description: 'Issues a new key with the same name and scopes; the old one works until the grace period ends, never past its own expiry.' })
  @Requires('apiKeysManage')
  async rotateWorkspaceApiKey(@Arg('input') input: RotateWorkspaceApiKeyInput, @Ctx() context: Context): Promise<RotateWorkspaceApiKeyPayload> {
    const { key, secret, previous } = await this.keys.rotate(actorOf(context), input);
    return { apiKey: toWorkspaceApiKey(key), key: secret, previous: toWorkspaceApiKey(previous) };
  }

  @Query(() => ApiKeyVerification, {
    description:
      'For other platform services: is this key valid, and what may it do? Call it authenticated with a workspace API key or as a person (session, personal key, app credential). ' +
      'Details (and any code but MALFORMED or NOT_FOUND) are given only for keys the caller could see anyway: with a workspace key, keys of that same workspace; as a person, ' +
      'their own personal key or App Secret and keys of workspaces where they are ADMIN. Every other key answers NOT_FOUND with null details, whatever its real state. ' +
      'Checking does not count as using the key ("last used" does not move).',
  })
  @Requires('authenticated')
  async verifyApiKey(
    @Arg('key') key: string,
    @Arg('requiredScopes', () => [String], { nullable: true, description: 'Scopes the key must hold, else MISSING_SCOPE.' }) requiredScopes: string[] | undefined,
    @Ctx() context: Context,
  ): Promise<ApiKeyVerification> {
    const principal = principalOf(context);
    const unknown = (requiredScopes ?? []).filter((scope) => !KNOWN_SCOPES.has(scope));
    if (unknown.length > 0) throw badInput('requiredScopes', `unknown scopes: ${unknown.join(', ')}`);
    return this.keys.verifyForCaller(principal, key, requiredScopes ?? [], (workspaceId) => context.roles.workspaceRole(workspaceId));
  }
}

@Resolver(() => WorkspaceApiKey)
export class WorkspaceApiKeyResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Null once their account is deleted.' })
  async createdBy(@Root() key: WorkspaceApiKey, @Ctx() context: Context): Promise<User | null> {
    const user = key.createdById ? await context.loaders.user.load(key.createdById) : null;
    return user ? toUser(user) : null;
  }
}

@Resolver(() => Viewer)
export class ViewerApiKeysResolver {
  constructor(private readonly keys: ApiKeyService) {}

  @FieldResolver(() => [PersonalApiKey], { description: 'Personal API keys, oldest first.' })
  async personalApiKeys(@Root() viewer: Viewer): Promise<PersonalApiKey[]> {
    return (await this.keys.listPersonal(viewer.id)).map(toPersonalApiKey);
  }

  @Mutation(() => CreatePersonalApiKeyPayload, { description: 'A key that acts as you, with your roles, for 1 to 365 days. The key is in the payload, this once.' })
  @Requires('accountCredentials')
  async createPersonalApiKey(@Arg('input') input: CreatePersonalApiKeyInput, @Ctx() context: Context): Promise<CreatePersonalApiKeyPayload> {
    const { key, secret } = await this.keys.createPersonal(actorOf(context), viewerOf(context).userId, input);
    return { apiKey: toPersonalApiKey(key), key: secret };
  }

  @Mutation(() => DeletePersonalApiKeyPayload, { description: 'The key fails on every API process once this returns.' })
  @Requires('signedIn')
  async deletePersonalApiKey(@Arg('input') input: DeletePersonalApiKeyInput, @Ctx() context: Context): Promise<DeletePersonalApiKeyPayload> {
    await this.keys.deletePersonal(actorOf(context), viewerOf(context).userId, input.id);
    return { apiKeyId: input.id };
  }
}
