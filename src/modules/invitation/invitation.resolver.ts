import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { assertPermission } from '../../auth/access-check';
import { actorOf } from '../../auth/actor';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import type { Connection } from '../../core/pagination';
import { PageArgs } from '../../graphql/pagination';
import { viewerOf } from '../../graphql/request-helpers';
import { loadUser } from '../identity/identity.loaders';
import { User } from '../identity/identity.types';
import { Organization } from '../organization/organization.types';
import { Workspace } from '../workspace/workspace.types';
import { InvitationStatus, type InvitationEntity } from './invitation.entity';
import { AcceptInvitationInput, InvitationInput, InviteMemberInput } from './invitation.inputs';
import { targetOf, type InvitationService } from './invitation.service';
import { Invitation, InvitationConnection, InvitationPayload } from './invitation.types';

/** Organization invitations are managed by its owners, workspace invitations by the workspace's admins. */
const permissionFor = (place: { workspaceId?: string | null }) => (place.workspaceId ? 'membersManage' : 'organizationManage');

@Resolver(() => Invitation)
export class InvitationResolver {
  constructor(private readonly invitations: InvitationService) {}

  @FieldResolver(() => User, { nullable: true, description: 'Null once the inviter is erased or gone.' })
  async invitedBy(@Root() invitation: Invitation, @Ctx() context: Context): Promise<User | null> {
    return invitation.invitedById ? loadUser(context.loaders, invitation.invitedById) : null;
  }

  @Mutation(() => InvitationPayload, {
    description:
      'Mails an invitation link valid 7 days. To an organization (OWNER/MEMBER) needs an owner of it; to a workspace (ADMIN/EDITOR/VIEWER) needs ADMIN there. ' +
      'Inviting an address with an open invitation to the same place sends it again instead. Pending invitations hold workspace seats.',
  })
  @Requires('signedIn')
  async inviteMember(@Arg('input') input: InviteMemberInput, @Ctx() context: Context): Promise<InvitationPayload> {
    const target = targetOf(input);
    await assertPermission(context, permissionFor(target), target);
    return { invitation: await this.invitations.invite(actorOf(context), target, input) };
  }

  @Mutation(() => InvitationPayload, { description: 'New link, 7 more days; at most 5 mails sent again per hour per workspace (RATE_LIMITED). Same permission as inviting.' })
  @Requires('signedIn')
  async resendInvitation(@Arg('input') input: InvitationInput, @Ctx() context: Context): Promise<InvitationPayload> {
    await this.authorize(input.id, context);
    return { invitation: await this.invitations.resend(actorOf(context), input.id) };
  }

  @Mutation(() => InvitationPayload, { description: 'The link stops working at once. Same permission as inviting.' })
  @Requires('signedIn')
  async revokeInvitation(@Arg('input') input: InvitationInput, @Ctx() context: Context): Promise<InvitationPayload> {
    await this.authorize(input.id, context);
    return { invitation: await this.invitations.revoke(actorOf(context), input.id) };
  }

  @Mutation(() => InvitationPayload, {
    description:
      'Accepts with the token from the mailed link, as the person it was sent to (their email is verified by this). ' +
      'Refusals carry extensions.reason: INVALID_TOKEN, EXPIRED, REVOKED, ALREADY_ACCEPTED, EMAIL_MISMATCH. New people use signUp with invitationToken.',
  })
  @Requires('signedIn')
  async acceptInvitation(@Arg('input') input: AcceptInvitationInput, @Ctx() context: Context): Promise<InvitationPayload> {
    return { invitation: await this.invitations.accept(actorOf(context), viewerOf(context).userId, input.token) };
  }

  private async authorize(id: string, context: Context): Promise<InvitationEntity> {
    const invitation = await this.invitations.get(id);
    await assertPermission(context, permissionFor(invitation), invitation);
    return invitation;
  }
}

@Resolver(() => Workspace)
export class WorkspaceInvitationsResolver {
  constructor(private readonly service: InvitationService) {}

  @FieldResolver(() => InvitationConnection, { description: 'Newest first, expired ones included (status EXPIRED).' })
  @Requires('membersManage')
  invitations(
    @Root() workspace: Workspace,
    @Args() page: PageArgs,
    @Arg('status', () => InvitationStatus, { nullable: true }) status?: InvitationStatus,
  ): Promise<Connection<Invitation>> {
    return this.service.list({ workspaceId: workspace.id }, status, page.first, page.after);
  }
}

@Resolver(() => Organization)
export class OrganizationInvitationsResolver {
  constructor(private readonly service: InvitationService) {}

  @FieldResolver(() => InvitationConnection, { description: 'Invitations to the organization itself (workspace invitations are on each workspace), newest first.' })
  @Requires('organizationManage')
  invitations(
    @Root() organization: Organization,
    @Args() page: PageArgs,
    @Arg('status', () => InvitationStatus, { nullable: true }) status?: InvitationStatus,
  ): Promise<Connection<Invitation>> {
    return this.service.list({ organizationId: organization.id }, status, page.first, page.after);
  }
}
