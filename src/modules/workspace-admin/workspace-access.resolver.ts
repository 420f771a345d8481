import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { loadUser } from '../identity/identity.loaders';
import { User } from '../identity/identity.types';
import { Workspace } from '../workspace/workspace.types';
import { WorkspaceAccess } from './workspace-admin.types';

@Resolver(() => Workspace)
export class WorkspaceAccessResolver {
  @FieldResolver(() => [WorkspaceAccess], { description: 'Everyone who can reach the workspace: its members and, as implicit ADMINs, the organization owners.' })
  @Requires('membersRead')
  access(@Root() workspace: Workspace, @Ctx() context: Context): Promise<WorkspaceAccess[]> {
    return context.loaders.workspaceAccess.load(workspace.id);
  }
}

@Resolver(() => WorkspaceAccess)
export class WorkspaceAccessUserResolver {
  @FieldResolver(() => User)
  user(@Root() access: WorkspaceAccess, @Ctx() context: Context): Promise<User> {
    return loadUser(context.loaders, access.userId);
  }
}
