import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { BuiltInProjectRole, WorkspaceRole, type ProjectAccess } from '../../auth/permissions';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import type { Connection } from '../../core/pagination';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { PageArgs } from '../../graphql/pagination';
import type { AuditService } from '../audit/audit.service';
import { AuditEventConnection, AuditEventFilter, type AuditEvent } from '../audit/audit.types';
import { Workspace } from '../workspace/workspace.types';
import { rulesHidingFrom } from './attribute-redaction';
import type { AttributeVisibilityService } from './attribute-visibility.service';
import {
  CreateProjectInput,
  CreateProjectRoleInput,
  ProjectInput,
  ProjectMemberInput,
  ProjectMemberRoleInput,
  ProjectRoleInput,
  UpdateAttributeVisibilityInput,
  UpdateProjectInput,
  UpdateProjectRetentionInput,
  UpdateProjectRoleInput,
} from './project.inputs';
import { toProject, toProjectApiKey, toProjectMember } from './project.mappers';
import type { ProjectService } from './project.service';
import {
  AttributeVisibilityExplanation,
  AttributeVisibilityPayload,
  AttributeVisibilityRule,
  DeleteProjectPayload,
  DeleteProjectRolePayload,
  Project,
  ProjectApiKey,
  ProjectApiKeyPayload,
  ProjectConnection,
  ProjectMember,
  ProjectMemberPayload,
  ProjectPayload,
  ProjectRetention,
  ProjectRole,
  ProjectRolePayload,
  RemoveProjectMemberPayload,
  RevokeProjectApiKeyPayload,
  SpanAttributeRedaction,
} from './project.types';

/** The caller's access, already loaded by `@auth` for this request. */
async function accessOf(context: Context, projectId: string): Promise<ProjectAccess> {
  const access = await context.roles.projectAccess(projectId);
  if (!access) throw new DomainError(ErrorCode.NOT_FOUND, 'Project not found');
  return access;
}

@Resolver(() => Workspace)
export class WorkspaceProjectsResolver {
  constructor(private readonly service: ProjectService) {}

  @FieldResolver(() => ProjectConnection, { description: 'Newest first: every project for ADMINs and workspace keys, else the ones the caller is a member of.' })
  @Requires('projectsList')
  async projects(@Root() workspace: Workspace, @Args() page: PageArgs, @Ctx() context: Context): Promise<Connection<Project>> {
    const principal = context.principal!;
    const memberOnly = principal.type === 'user' && (await context.roles.workspaceRole(workspace.id)) !== WorkspaceRole.ADMIN ? principal.userId : null;
    const connection = await this.service.list(workspace.id, memberOnly, page.first, page.after);
    return { ...connection, edges: connection.edges.map((edge) => ({ ...edge, node: toProject(edge.node) })) };
  }
}

@Resolver(() => Project)
export class ProjectResolver {
  constructor(
    private readonly projects: ProjectService,
    private readonly visibility: AttributeVisibilityService,
    private readonly audit: AuditService,
  ) {}

  @Query(() => Project)
  @Requires('projectRead')
  async project(@Arg('id', () => ID) id: string): Promise<Project> {
    return toProject(await this.projects.get(id));
  }

  @FieldResolver(() => ProjectRetention, { description: 'Retention tab.' })
  @Requires('projectRead')
  async retention(@Root() project: Project, @Ctx() context: Context): Promise<ProjectRetention> {
    const workspace = await context.loaders.workspace.load(project.workspaceId);
    const workspaceDataRetentionDays = workspace!.dataRetentionDays;
    return { dataRetentionDays: project.ownDataRetentionDays ?? workspaceDataRetentionDays, inherited: project.ownDataRetentionDays === null, workspaceDataRetentionDays };
  }

  @FieldResolver(() => [String], { description: 'The roles the caller holds here (workspace ADMINs hold PROJECT_ADMIN implicitly).' })
  @Requires('projectRead')
  async viewerRoles(@Root() project: Project, @Ctx() context: Context): Promise<string[]> {
    return context.principal?.type === 'project_api_key' ? [] : [...(await accessOf(context, project.id)).roles];
  }

  @FieldResolver(() => [String], { description: 'The project permissions the caller holds here.' })
  @Requires('projectRead')
  async viewerPermissions(@Root() project: Project, @Ctx() context: Context): Promise<string[]> {
    return context.principal?.type === 'project_api_key' ? [] : [...(await accessOf(context, project.id)).permissions];
  }

  @FieldResolver(() => [ProjectMember], { description: 'Users tab: explicit members, oldest first. Workspace ADMINs are implicit PROJECT_ADMINs and are not listed.' })
  @Requires('projectMembersRead')
  async members(@Root() project: Project, @Ctx() context: Context): Promise<ProjectMember[]> {
    return (await context.loaders.projectMembers.load(project.id)).map(toProjectMember);
  }

  @FieldResolver(() => [ProjectRole], { description: 'Roles tab: the built-in roles, then custom roles oldest first.' })
  @Requires('projectMembersRead')
  roles(@Root() project: Project, @Ctx() context: Context): Promise<ProjectRole[]> {
    return context.loaders.projectRoles.load(project.id);
  }

  @FieldResolver(() => [AttributeVisibilityRule], { description: 'Attribute Visibility tab: every rule, in order.' })
  @Requires('projectAttributesManage')
  attributeVisibilityRules(@Root() project: Project, @Ctx() context: Context): Promise<AttributeVisibilityRule[]> {
    return context.loaders.projectVisibilityRules.load(project.id);
  }

  @FieldResolver(() => [AttributeVisibilityRule], { description: 'The rules hiding attributes from the caller: those of any role they hold (a hide wins).' })
  @Requires('projectRead')
  async hiddenAttributes(@Root() project: Project, @Ctx() context: Context): Promise<AttributeVisibilityRule[]> {
    const [roles, rules] = await Promise.all([this.rolesFor(context, project.id), context.loaders.projectVisibilityRules.load(project.id)]);
    return rulesHidingFrom(rules, roles);
  }

  @FieldResolver(() => AuditEventConnection, { description: 'Audit tab: this project’s events only, newest first.' })
  @Requires('projectAuditRead')
  auditEvents(@Root() project: Project, @Args() page: PageArgs, @Arg('filter', () => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter): Promise<Connection<AuditEvent>> {
    return this.audit.list({ projectId: project.id }, filter, page.first, page.after);
  }

  @FieldResolver(() => ProjectApiKey, { nullable: true, description: 'API Keys tab: null when the project has no key.' })
  @Requires('projectApiKeyManage')
  async apiKey(@Root() project: Project, @Ctx() context: Context): Promise<ProjectApiKey | null> {
    const key = await context.loaders.projectApiKey.load(project.id);
    return key && toProjectApiKey(key);
  }

  @Query(() => SpanAttributeRedaction, { description: 'Removes the attributes hidden from the caller’s roles (nested objects and flat dotted keys). `role`: redact as that role instead (the project key, or attributes:manage).' })
  @Requires('projectSpansRead')
  async redactSpanAttributes(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('attributes', () => GraphQLJSONObject) attributes: Record<string, unknown>,
    @Ctx() context: Context,
    @Arg('role', () => String, { nullable: true }) role?: string,
  ): Promise<SpanAttributeRedaction> {
    return this.visibility.redact(projectId, await this.rolesFor(context, projectId, role ?? undefined), attributes);
  }

  @Query(() => AttributeVisibilityExplanation, { description: 'Which rules hide a dotted path from the caller (or from `role`, with attributes:manage).' })
  @Requires('projectRead')
  async explainAttributeVisibility(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('path') path: string,
    @Ctx() context: Context,
    @Arg('role', () => String, { nullable: true }) role?: string,
  ): Promise<AttributeVisibilityExplanation> {
    return this.visibility.explain(projectId, path, await this.rolesFor(context, projectId, role ?? undefined));
  }

  /**
   * Whose view to apply: a person's own roles; another role only for those who manage the rules; the
   * project key (a service acting for someone) the role it names, else VIEWER's, the narrowest built-in view.
   */
  private async rolesFor(context: Context, projectId: string, role?: string): Promise<readonly string[]> {
    if (role !== undefined && !(await this.projects.isRole(projectId, role))) throw badInput('role', 'is not a role of this project');
    if (context.principal?.type === 'project_api_key') return [role ?? BuiltInProjectRole.VIEWER];
    const access = await accessOf(context, projectId);
    if (role === undefined) return access.roles;
    if (!access.permissions.has('attributes:manage')) throw new DomainError(ErrorCode.FORBIDDEN, 'Viewing as another role needs the attributes:manage permission', { reason: 'missing permission attributes:manage' });
    return [role];
  }

  @Mutation(() => ProjectPayload, { description: 'Workspace ADMIN. They are its implicit PROJECT_ADMINs.' })
  @Requires('projectCreate')
  async createProject(@Arg('input') input: CreateProjectInput, @Ctx() context: Context): Promise<ProjectPayload> {
    return { project: toProject(await this.projects.create(actorOf(context), input)) };
  }

  @Mutation(() => ProjectPayload, { description: 'Renames or describes the project.' })
  @Requires('projectWrite')
  async updateProject(@Arg('input') input: UpdateProjectInput, @Ctx() context: Context): Promise<ProjectPayload> {
    return { project: toProject(await this.projects.update(actorOf(context), input)) };
  }

  @Mutation(() => ProjectPayload)
  @Requires('projectWrite')
  async archiveProject(@Arg('input') input: ProjectInput, @Ctx() context: Context): Promise<ProjectPayload> {
    return { project: toProject(await this.projects.archive(actorOf(context), input.projectId)) };
  }

  @Mutation(() => DeleteProjectPayload, { description: 'Irreversible: members, roles, rules and the API key go with it.' })
  @Requires('projectWrite')
  async deleteProject(@Arg('input') input: ProjectInput, @Ctx() context: Context): Promise<DeleteProjectPayload> {
    await this.projects.delete(actorOf(context), input.projectId);
    return input;
  }

  @Mutation(() => ProjectMemberPayload, { description: 'The person must be a member of the workspace.' })
  @Requires('projectMembersManage')
  async addProjectMember(@Arg('input') input: ProjectMemberRoleInput, @Ctx() context: Context): Promise<ProjectMemberPayload> {
    return { member: toProjectMember(await this.projects.addMember(actorOf(context), input.projectId, input.userId, input.roleId)) };
  }

  @Mutation(() => ProjectMemberPayload, { description: 'Takes effect on the member’s next request.' })
  @Requires('projectMembersManage')
  async updateProjectMemberRole(@Arg('input') input: ProjectMemberRoleInput, @Ctx() context: Context): Promise<ProjectMemberPayload> {
    return { member: toProjectMember(await this.projects.updateMemberRole(actorOf(context), input.projectId, input.userId, input.roleId)) };
  }

  @Mutation(() => RemoveProjectMemberPayload)
  @Requires('projectMembersManage')
  async removeProjectMember(@Arg('input') input: ProjectMemberInput, @Ctx() context: Context): Promise<RemoveProjectMemberPayload> {
    await this.projects.removeMember(actorOf(context), input.projectId, input.userId);
    return input;
  }

  @Mutation(() => ProjectRolePayload, { description: 'A custom role cannot grant a permission its creator lacks.' })
  @Requires('projectRolesManage')
  async createProjectRole(@Arg('input') input: CreateProjectRoleInput, @Ctx() context: Context): Promise<ProjectRolePayload> {
    return { role: await this.projects.createRole(actorOf(context), await accessOf(context, input.projectId), input) };
  }

  @Mutation(() => ProjectRolePayload, { description: 'Custom roles only; holders get the change on their next request.' })
  @Requires('projectRolesManage')
  async updateProjectRole(@Arg('input') input: UpdateProjectRoleInput, @Ctx() context: Context): Promise<ProjectRolePayload> {
    return { role: await this.projects.updateRole(actorOf(context), await accessOf(context, input.projectId), input) };
  }

  @Mutation(() => DeleteProjectRolePayload, { description: 'Custom roles only; refused (CONFLICT) while anyone holds it.' })
  @Requires('projectRolesManage')
  async deleteProjectRole(@Arg('input') input: ProjectRoleInput, @Ctx() context: Context): Promise<DeleteProjectRolePayload> {
    await this.projects.deleteRole(actorOf(context), input.projectId, input.roleId);
    return input;
  }

  @Mutation(() => AttributeVisibilityPayload, { description: 'Replaces the rule set; audited with before and after.' })
  @Requires('projectAttributesManage')
  async updateAttributeVisibility(@Arg('input') input: UpdateAttributeVisibilityInput, @Ctx() context: Context): Promise<AttributeVisibilityPayload> {
    return { rules: await this.visibility.replace(actorOf(context), input.projectId, input.rules) };
  }

  @Mutation(() => ProjectPayload, { description: 'Never below the compliance floor; lowering needs confirm: true.' })
  @Requires('projectRetentionWrite')
  async updateProjectRetention(@Arg('input') input: UpdateProjectRetentionInput, @Ctx() context: Context): Promise<ProjectPayload> {
    return { project: toProject(await this.projects.updateRetention(actorOf(context), input)) };
  }

  @Mutation(() => ProjectApiKeyPayload, { description: 'CONFLICT when the project has a key. The key is in the payload, this once.' })
  @Requires('projectApiKeyManage')
  async generateProjectApiKey(@Arg('input') input: ProjectInput, @Ctx() context: Context): Promise<ProjectApiKeyPayload> {
    const { key, secret } = await this.projects.generateKey(actorOf(context), input.projectId);
    return { apiKey: toProjectApiKey(key), key: secret };
  }

  @Mutation(() => ProjectApiKeyPayload, { description: 'Replaces the key: the old one fails on its next request, on every API process.' })
  @Requires('projectApiKeyManage')
  async regenerateProjectApiKey(@Arg('input') input: ProjectInput, @Ctx() context: Context): Promise<ProjectApiKeyPayload> {
    const { key, secret } = await this.projects.regenerateKey(actorOf(context), input.projectId);
    return { apiKey: toProjectApiKey(key), key: secret };
  }

  @Mutation(() => RevokeProjectApiKeyPayload)
  @Requires('projectApiKeyManage')
  async revokeProjectApiKey(@Arg('input') input: ProjectInput, @Ctx() context: Context): Promise<RevokeProjectApiKeyPayload> {
    await this.projects.revokeKey(actorOf(context), input.projectId);
    return input;
  }
}
