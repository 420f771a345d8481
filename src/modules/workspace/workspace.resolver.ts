import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { WorkspaceRole } from '../../auth/permissions';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { loadUser } from '../identity/identity.loaders';
import { toOrganization } from '../organization/organization.mappers';
import { Organization } from '../organization/organization.types';
import { AddWorkspaceMemberInput, CreateWorkspaceInput, UpdateWorkspaceInput, UpdateWorkspaceMemberInput, WorkspaceMemberInput } from './workspace.inputs';
import { toListedWorkspaceMember, toWorkspace, toWorkspaceMember } from './workspace.mappers';
import type { WorkspaceService } from './workspace.service';
import { ConnectionInfo, RemoveWorkspaceMemberPayload, Workspace, WorkspaceMember, WorkspaceMemberPayload, WorkspacePayload } from './workspace.types';

@Resolver(() => Workspace)
export class WorkspaceResolver {
  constructor(
    private readonly workspaces: WorkspaceService,
    private readonly publicUrl: string,
  ) {}

  @Query(() => Workspace)
  @Requires('workspaceSettingsRead')
  async workspace(@Arg('id', () => ID) id: string): Promise<Workspace> {
    return toWorkspace(await this.workspaces.get(id));
  }

  @FieldResolver(() => ConnectionInfo)
  @Requires('workspaceSettingsRead')
  connectionInfo(@Root() workspace: Workspace): ConnectionInfo {
    return this.workspaces.connectionInfo(workspace, this.publicUrl);
  }

  @FieldResolver(() => [WorkspaceMember], { description: 'Explicit members. Organization owners are implicit ADMINs and are not listed here.' })
  @Requires('membersRead')
  async members(@Root() workspace: Workspace, @Ctx() context: Context): Promise<WorkspaceMember[]> {
    return (await context.loaders.workspaceMembers.load(workspace.id)).map(toListedWorkspaceMember);
  }

  @FieldResolver(() => WorkspaceRole, { nullable: true, description: "The signed-in person's effective role here." })
  viewerRole(@Root() workspace: Workspace, @Ctx() context: Context): Promise<WorkspaceRole | null> {
    return context.roles.workspaceRole(workspace.id);
  }

  @FieldResolver(() => Organization)
  async organization(@Root() workspace: Workspace, @Ctx() context: Context): Promise<Organization> {
    const organization = await context.loaders.organization.load(workspace.organizationId);
    // The workspace row references its organization with a foreign key, so it exists.
    return toOrganization(organization!);
  }

  @Mutation(() => WorkspacePayload, { description: 'Organization owners only. slug and region are fixed from here on.' })
  @Requires('workspaceCreate')
  async createWorkspace(@Arg('input') input: CreateWorkspaceInput, @Ctx() context: Context): Promise<WorkspacePayload> {
    return { workspace: toWorkspace(await this.workspaces.create(actorOf(context), input)) };
  }

  @Mutation(() => WorkspacePayload)
  @Requires('workspaceSettingsWrite')
  async updateWorkspace(@Arg('input') input: UpdateWorkspaceInput, @Ctx() context: Context): Promise<WorkspacePayload> {
    return { workspace: toWorkspace(await this.workspaces.update(actorOf(context), input)) };
  }

  @Mutation(() => WorkspaceMemberPayload, { description: 'Adds a member of the organization; refused when the seat limit is reached.' })
  @Requires('membersManage')
  async addWorkspaceMember(@Arg('input') input: AddWorkspaceMemberInput, @Ctx() context: Context): Promise<WorkspaceMemberPayload> {
    const membership = await this.workspaces.addMember(actorOf(context), input.workspaceId, input.userId, input.role);
    return { member: toWorkspaceMember(membership, await loadUser(context.loaders, membership.userId)) };
  }

  @Mutation(() => WorkspaceMemberPayload, { description: 'Takes effect on the member’s next request.' })
  @Requires('membersManage')
  async updateWorkspaceMemberRole(@Arg('input') input: UpdateWorkspaceMemberInput, @Ctx() context: Context): Promise<WorkspaceMemberPayload> {
    const membership = await this.workspaces.updateMemberRole(actorOf(context), input.workspaceId, input.userId, input.role);
    return { member: toWorkspaceMember(membership, await loadUser(context.loaders, membership.userId)) };
  }

  @Mutation(() => RemoveWorkspaceMemberPayload, { description: 'Access ends on their next request; API keys they created stay active until revoked.' })
  @Requires('membersManage')
  async removeWorkspaceMember(@Arg('input') input: WorkspaceMemberInput, @Ctx() context: Context): Promise<RemoveWorkspaceMemberPayload> {
    await this.workspaces.removeMember(actorOf(context), input.workspaceId, input.userId);
    return input;
  }
}

@Resolver(() => Organization)
export class OrganizationWorkspacesResolver {
  @FieldResolver(() => [Workspace], { description: 'All workspaces for an owner; for a member, the ones they belong to.' })
  @Requires('organizationRead')
  async workspaces(@Root() organization: Organization, @Ctx() context: Context): Promise<Workspace[]> {
    return (await context.loaders.visibleWorkspaces.load(organization.id)).map(toWorkspace);
  }
}
