import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { DeleteWorkspaceInput } from './workspace-admin.inputs';
import { DeleteWorkspacePayload } from './workspace-admin.types';
import type { WorkspaceDeletionService } from './workspace-deletion.service';

@Resolver()
export class WorkspaceAdminResolver {
  constructor(private readonly deletion: WorkspaceDeletionService) {}

  @Mutation(() => DeleteWorkspacePayload, {
    description: 'Irreversible: removes the workspace and all of its data; its keys fail from the next request on. confirmSlug must be its slug.',
  })
  @Requires('workspaceDelete')
  deleteWorkspace(@Arg('input') input: DeleteWorkspaceInput, @Ctx() context: Context): Promise<DeleteWorkspacePayload> {
    return this.deletion.delete(actorOf(context), input.id, input.confirmSlug);
  }
}
