import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { Workspace } from '../workspace/workspace.types';
import { CreateEnvironmentInput, DeleteEnvironmentInput, RenameEnvironmentInput, ReplaceEnvironmentsInput } from './environment.inputs';
import { toEnvironment } from './environment.mappers';
import type { EnvironmentService } from './environment.service';
import { DeleteEnvironmentPayload, Environment, EnvironmentPayload, ReplaceEnvironmentsPayload } from './environment.types';

@Resolver(() => Workspace)
export class EnvironmentResolver {
  constructor(private readonly service: EnvironmentService) {}

  @FieldResolver(() => [Environment], { description: 'production first, then by name.' })
  @Requires('environmentsRead')
  environments(@Root() workspace: Workspace, @Ctx() context: Context): Promise<Environment[]> {
    return context.loaders.environments.load(workspace.id);
  }

  @Mutation(() => EnvironmentPayload, { description: 'A name already used in the workspace is CONFLICT naming `name`.' })
  @Requires('environmentsManage')
  async createEnvironment(@Arg('input') input: CreateEnvironmentInput, @Ctx() context: Context): Promise<EnvironmentPayload> {
    return { workspaceId: input.workspaceId, environment: toEnvironment(await this.service.create(actorOf(context), input.workspaceId, input.name)) };
  }

  @Mutation(() => EnvironmentPayload, { description: 'production cannot be renamed (CONFLICT, reason PRODUCTION_PROTECTED).' })
  @Requires('environmentsManage')
  async renameEnvironment(@Arg('input') input: RenameEnvironmentInput, @Ctx() context: Context): Promise<EnvironmentPayload> {
    return { workspaceId: input.workspaceId, environment: toEnvironment(await this.service.rename(actorOf(context), input.workspaceId, input.id, input.name)) };
  }

  @Mutation(() => DeleteEnvironmentPayload, { description: 'production cannot be deleted (CONFLICT, reason PRODUCTION_PROTECTED).' })
  @Requires('environmentsManage')
  async deleteEnvironment(@Arg('input') input: DeleteEnvironmentInput, @Ctx() context: Context): Promise<DeleteEnvironmentPayload> {
    await this.service.delete(actorOf(context), input.workspaceId, input.id);
    return { workspaceId: input.workspaceId, id: input.id };
  }

  @Mutation(() => ReplaceEnvironmentsPayload, { description: 'Sets the whole list at once: missing names are created, the others deleted; production must be listed.' })
  @Requires('environmentsManage')
  async replaceEnvironments(@Arg('input') input: ReplaceEnvironmentsInput, @Ctx() context: Context): Promise<ReplaceEnvironmentsPayload> {
    const environments = await this.service.replace(actorOf(context), input.workspaceId, input.names);
    return { workspaceId: input.workspaceId, environments: environments.map(toEnvironment) };
  }
}
