import type { AccessCheck, AccessRequirement, AccessTarget } from '../graphql/auth-directive';
import type { Context } from '../graphql/context';
import { DomainError, ErrorCode } from '../core/errors';
import { AccessRole, PERMISSIONS, levelOf, orgRoleSatisfies, workspaceRoleSatisfies, type OrgRole, type Permission, type ProjectAccess, type ProjectPermission, type WorkspaceRole } from './permissions';

export class AccessError extends DomainError {}

const notFound = (what: string) => new AccessError(ErrorCode.NOT_FOUND, `${what} not found`);

type Args = Record<string, unknown> & { input?: Record<string, unknown> };

/**
 * The tenant a field belongs to: the parent object when it is that tenant (or carries its id),
 * else the `<tenant>Id` argument or input field, else a root field's `id`/`input.id`.
 */
function tenantId(target: AccessTarget, tenant: 'workspace' | 'organization' | 'project'): string | undefined {
  const { parent, info } = target;
  const args = target.args as Args;
  const typeName = tenant[0].toUpperCase() + tenant.slice(1);
  const key = `${tenant}Id`;
  if (info.parentType.name === typeName) return (parent as { id: string }).id;
  const fromParent = (parent as Record<string, unknown> | undefined)?.[key];
  if (typeof fromParent === 'string') return fromParent;
  const fromArgs = args[key] ?? args.input?.[key];
  if (typeof fromArgs === 'string') return fromArgs;
  const isRoot = info.parentType === info.schema.getQueryType() || info.parentType === info.schema.getMutationType();
  const id = args.id ?? args.input?.id;
  return isRoot && typeof id === 'string' ? id : undefined;
}

function checkWorkspaceRole(role: WorkspaceRole | null, requirement: AccessRequirement): void {
  // A non-member learns nothing, not even that the workspace exists.
  if (!role) throw notFound('Workspace');
  if (!workspaceRoleSatisfies(role, requirement.requires)) {
    // Seed 003's troubleshooting: name both ways in, the role and the key scope.
    const orScope = requirement.scope ? ` (or a workspace API key with the ${requirement.scope} scope)` : '';
    throw new AccessError(ErrorCode.FORBIDDEN, `This needs the ${requirement.requires} role in the workspace${orScope}`, { reason: `missing role ${requirement.requires}` });
  }
}

function checkOrgRole(role: OrgRole | null, requirement: AccessRequirement): void {
  if (!role) throw notFound('Organization');
  if (!orgRoleSatisfies(role, requirement.requires)) throw new AccessError(ErrorCode.FORBIDDEN, 'This needs an owner of the organization');
}

function checkProjectAccess(access: ProjectAccess | null, requirement: AccessRequirement): void {
  // Someone holding no role in the project learns nothing, not even that it exists.
  if (!access || access.roles.length === 0) throw notFound('Project');
  const permission = requirement.permission as ProjectPermission;
  if (!access.permissions.has(permission)) throw new AccessError(ErrorCode.FORBIDDEN, `This needs the ${permission} permission in the project`, { reason: `missing permission ${permission}` });
}

/** A key's view of a project field: its own project (project key) or its workspace's (workspace key), never another's. */
async function checkKeyOnProject(context: Context, requirement: AccessRequirement, projectId: string | undefined): Promise<void> {
  const principal = context.principal!;
  if (principal.type === 'project_api_key') {
    if (projectId !== principal.projectId) throw notFound('Project');
    if (!requirement.projectKey) throw new AccessError(ErrorCode.FORBIDDEN, 'A project API key can only read its project and redact span attributes');
    return;
  }
  const access = projectId ? await context.roles.projectAccess(projectId) : null;
  if (!access || principal.type !== 'workspace_api_key' || access.workspaceId !== principal.workspaceId) throw notFound('Project');
  throw new AccessError(ErrorCode.FORBIDDEN, 'A workspace API key cannot reach project settings; use the project API key');
}

/** Why a request without a valid credential is refused: what was wrong with the one it sent, if any. */
export function callerMissing(context: Pick<Context, 'authFailure'>): AccessError {
  const failure = context.authFailure;
  // Refused before the credential was even looked up: say so, with when to retry.
  if (failure?.retryAfterSeconds !== undefined) return new AccessError(ErrorCode.RATE_LIMITED, failure.message, { retryAfterSeconds: failure.retryAfterSeconds });
  return new AccessError(ErrorCode.UNAUTHENTICATED, failure?.message ?? 'Sign in to do this', { reason: failure?.reason });
}

/** The check behind `@auth`: synchronous whenever the caller's role is already known for this request. */
export function createAccessCheck(): AccessCheck {
  return (context: Context, requirement: AccessRequirement, target: AccessTarget) => {
    const principal = context.principal;
    if (!principal) throw callerMissing(context);
    const level = levelOf(requirement.requires);
    if (level === 'any') return;
    if (level === 'project' && principal.type !== 'user') return checkKeyOnProject(context, requirement, tenantId(target, 'project'));
    if (principal.type === 'project_api_key') throw new AccessError(ErrorCode.FORBIDDEN, 'A project API key can only read its project and redact span attributes');
    if (level === 'session') {
      if (principal.type !== 'user' || principal.via !== 'session') {
        throw new AccessError(ErrorCode.FORBIDDEN, 'Only a signed-in session can do this, not an API key or app credential', { reason: 'SESSION_REQUIRED' });
      }
      if (requirement.requires === AccessRole.RECENT_SESSION && !principal.recentlyAuthenticated) {
        throw new AccessError(ErrorCode.FORBIDDEN, 'Confirm it is you: reauthenticate with your password or a passkey, then try again', { reason: 'REAUTH_REQUIRED' });
      }
      return;
    }

    if (principal.type === 'workspace_api_key') {
      if (level !== 'workspace') throw new AccessError(ErrorCode.FORBIDDEN, 'A workspace API key cannot do this; sign in as a person');
      if (tenantId(target, 'workspace') !== principal.workspaceId) throw notFound('Workspace');
      if (!requirement.scope) throw new AccessError(ErrorCode.FORBIDDEN, 'A workspace API key cannot do this, whatever its scopes');
      if (!principal.scopes.includes(requirement.scope)) {
        throw new AccessError(ErrorCode.FORBIDDEN, `This API key lacks the ${requirement.scope} scope`, { reason: `missing scope ${requirement.scope}` });
      }
      return;
    }
    if (principal.type !== 'user') throw new AccessError(ErrorCode.FORBIDDEN, 'This key cannot do this');
    if (level === 'user') return;

    const roles = context.roles;
    if (level === 'project') {
      const projectId = tenantId(target, 'project');
      if (!projectId) throw notFound('Project');
      return roles.projectAccess(projectId).then((access) => checkProjectAccess(access, requirement));
    }
    if (level === 'organization') {
      const organizationId = tenantId(target, 'organization');
      if (!organizationId) throw notFound('Organization');
      const known = roles.knownOrgRole(organizationId);
      if (known !== undefined) return checkOrgRole(known, requirement);
      return roles.orgRole(organizationId).then((role) => checkOrgRole(role, requirement));
    }
    const workspaceId = tenantId(target, 'workspace');
    if (!workspaceId) throw notFound('Workspace');
    const known = roles.knownWorkspaceRole(workspaceId);
    if (known !== undefined) return checkWorkspaceRole(known, requirement);
    return roles.workspaceRole(workspaceId).then((role) => checkWorkspaceRole(role, requirement));
  };
}

/** Stands in for a resolver's `info` when the tenant is carried by the object itself (see assertPermission). */
const TENANT_CARRIER_INFO = { parentType: { name: 'TenantCarrier' } } as unknown as AccessTarget['info'];

/**
 * The same check, for a field whose tenant is only known from its input or a loaded object: an
 * invitation leads to an organization (organizationManage) or a workspace (membersManage), and one
 * `@auth` directive cannot say both. `owner` carries the tenant id the permission's level needs.
 */
export async function assertPermission(context: Context, permission: Permission, owner: { workspaceId?: string | null; organizationId?: string; projectId?: string }): Promise<void> {
  await createAccessCheck()(context, PERMISSIONS[permission], { parent: owner, args: {}, info: TENANT_CARRIER_INFO });
}
