import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { OrgRole } from '../../auth/permissions';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { viewerOf } from '../../graphql/request-helpers';
import { selectedFieldNames } from '../../graphql/selection';
import { Viewer } from '../identity/identity.types';
import { loadUser } from '../identity/identity.loaders';
import { CreateOrganizationInput, LeaveOrganizationInput, OrganizationMemberInput, UpdateOrganizationInput, UpdateOrganizationMemberInput } from './organization.inputs';
import { toListedOrganizationMember, toOrganization, toOrganizationMember } from './organization.mappers';
import type { OrganizationService } from './organization.service';
import { Organization, OrganizationMember, OrganizationMemberPayload, OrganizationPayload, RemoveOrganizationMemberPayload } from './organization.types';

/** Organization fields whose resolvers need only the organization's id (see the field resolvers in each module). */
const ANSWERED_FROM_ID = new Set(['__typename', 'id', 'auditEvents', 'members', 'viewerRole', 'workspaces']);

@Resolver(() => Organization)
export class OrganizationResolver {
  constructor(private readonly organizations: OrganizationService) {}

  @Query(() => Organization)
  @Requires('organizationRead')
  async organization(@Arg('id', () => ID) id: string, @Info() info: GraphQLResolveInfo): Promise<Organization> {
    // The @auth check found the caller's membership, so the organization exists. A query asking only
    // for fields resolved from its id (an audit page) is answered without reading its row: one
    // statement fewer on the hottest read. Any other field, including one added later, reads it.
    if ([...selectedFieldNames(info)].every((field) => ANSWERED_FROM_ID.has(field))) return { id } as Organization;
    return toOrganization(await this.organizations.get(id));
  }

  @FieldResolver(() => [OrganizationMember])
  @Requires('organizationRead')
  async members(@Root() organization: Organization, @Ctx() context: Context): Promise<OrganizationMember[]> {
    return (await context.loaders.organizationMembers.load(organization.id)).map(toListedOrganizationMember);
  }

  @FieldResolver(() => OrgRole, { nullable: true, description: "The signed-in person's role here." })
  async viewerRole(@Root() organization: Organization, @Ctx() context: Context): Promise<OrgRole | null> {
    return context.roles.orgRole(organization.id);
  }

  @Mutation(() => OrganizationPayload, { description: 'Creates an organization; its creator becomes its first OWNER.' })
  @Requires('signedIn')
  async createOrganization(@Arg('input') input: CreateOrganizationInput, @Ctx() context: Context): Promise<OrganizationPayload> {
    return { organization: toOrganization(await this.organizations.create(actorOf(context), viewerOf(context).userId, input)) };
  }

  @Mutation(() => OrganizationPayload)
  @Requires('organizationManage')
  async updateOrganization(@Arg('input') input: UpdateOrganizationInput, @Ctx() context: Context): Promise<OrganizationPayload> {
    const { organizationId, ...changes } = input;
    return { organization: toOrganization(await this.organizations.update(actorOf(context), organizationId, changes)) };
  }

  @Mutation(() => OrganizationMemberPayload, { description: 'The last owner cannot be demoted.' })
  @Requires('organizationManage')
  async updateOrganizationMemberRole(@Arg('input') input: UpdateOrganizationMemberInput, @Ctx() context: Context): Promise<OrganizationMemberPayload> {
    const membership = await this.organizations.updateMemberRole(actorOf(context), input.organizationId, input.userId, input.role);
    return { member: toOrganizationMember(membership, await loadUser(context.loaders, membership.userId)) };
  }

  @Mutation(() => RemoveOrganizationMemberPayload, { description: 'Also removes the person from every workspace of the organization. The last owner cannot be removed.' })
  @Requires('organizationManage')
  async removeOrganizationMember(@Arg('input') input: OrganizationMemberInput, @Ctx() context: Context): Promise<RemoveOrganizationMemberPayload> {
    await this.organizations.removeMember(actorOf(context), input.organizationId, input.userId);
    return input;
  }

  @Mutation(() => RemoveOrganizationMemberPayload, { description: 'The last owner cannot leave.' })
  @Requires('organizationRead')
  async leaveOrganization(@Arg('input') input: LeaveOrganizationInput, @Ctx() context: Context): Promise<RemoveOrganizationMemberPayload> {
    const userId = viewerOf(context).userId;
    await this.organizations.removeMember(actorOf(context), input.organizationId, userId);
    return { organizationId: input.organizationId, userId };
  }
}

@Resolver(() => Viewer)
export class ViewerOrganizationsResolver {
  constructor(private readonly organizationService: OrganizationService) {}

  @FieldResolver(() => [Organization], { description: 'Organizations the signed-in person belongs to.' })
  async organizations(@Root() viewer: Viewer): Promise<Organization[]> {
    return (await this.organizationService.listForUser(viewer.id)).map(toOrganization);
  }
}
