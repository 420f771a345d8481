import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { assertPermission } from '../../auth/access-check';
import { actorOf } from '../../auth/actor';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import type { SettingsImportService } from './settings-import.service';
import { ImportWorkspaceSettingsPayload } from './settings-import.types';
import { DeleteWorkspaceInput, ImportWorkspaceSettingsInput } from './workspace-admin.inputs';
import { DeleteWorkspacePayload } from './workspace-admin.types';
import type { WorkspaceDeletionService } from './workspace-deletion.service';

@Resolver()
export class WorkspaceAdminResolver {
  constructor(
    private readonly deletion: WorkspaceDeletionService,
    private readonly settingsImport: SettingsImportService,
  ) {}

  @Mutation(() => DeleteWorkspacePayload, {
    description: 'Irreversible: removes the workspace and all of its data; its keys fail from the next request on. confirmSlug must be its slug.',
  })
  @Requires('workspaceDelete')
  deleteWorkspace(@Arg('input') input: DeleteWorkspaceInput, @Ctx() context: Context): Promise<DeleteWorkspacePayload> {
    return this.deletion.delete(actorOf(context), input.id, input.confirmSlug);
  }

  @Mutation(() => ImportWorkspaceSettingsPayload, {
    description:
      'Copies the chosen sections from another workspace of the same organization; needs ADMIN of both. ' +
      'Model-integration credentials are re-encrypted for the target. dryRun reports the same result and changes nothing.',
  })
  @Requires('signedIn')
  async importWorkspaceSettings(@Arg('input') input: ImportWorkspaceSettingsInput, @Ctx() context: Context): Promise<ImportWorkspaceSettingsPayload> {
    await assertPermission(context, 'settingsImport', { workspaceId: input.targetWorkspaceId });
    await assertPermission(context, 'settingsImport', { workspaceId: input.sourceWorkspaceId });
    return this.settingsImport.import(actorOf(context), { ...input, dryRun: input.dryRun ?? false });
  }
}
