/**
 * Who may reach what: the one table that the GraphQL `@auth` directive, the API-key scope check and
 * the authorization tests all read. Resolvers declare a permission with `@Requires(Permission.X)`,
 * which prints `@auth(requires: ROLE, scope: "…")` into schema.graphql from this table.
 */
export enum AccessRole {
  /** Any caller with a valid credential: a person, or a workspace or project key. */
  AUTHENTICATED = 'AUTHENTICATED',
  /** Any signed-in person (session, personal API key or app credential), never a workspace/project key. */
  USER = 'USER',
  /** A person at a session: never a personal API key or app credential, which cannot mint or change credentials. */
  SESSION = 'SESSION',
  /** A session that signed in or reauthenticated within REAUTH_WINDOW_MINUTES. */
  RECENT_SESSION = 'RECENT_SESSION',
  ORG_MEMBER = 'ORG_MEMBER',
  ORG_OWNER = 'ORG_OWNER',
  VIEWER = 'VIEWER',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
  /** Holds the rule's project permission in the project: through a project role, or as a workspace ADMIN. */
  PROJECT = 'PROJECT',
}

export const ACCESS_ROLE_DESCRIPTIONS: Record<AccessRole, string> = {
  [AccessRole.AUTHENTICATED]: 'Any caller with a valid credential: a person or an API key.',
  [AccessRole.USER]: 'A signed-in person: session, personal API key or app credential.',
  [AccessRole.SESSION]: 'A signed-in person at a session; a personal API key or app credential is refused (SESSION_REQUIRED).',
  [AccessRole.RECENT_SESSION]: 'A session that signed in or reauthenticated recently (REAUTH_WINDOW_MINUTES), else REAUTH_REQUIRED.',
  [AccessRole.ORG_MEMBER]: 'A member (or owner) of the organization.',
  [AccessRole.ORG_OWNER]: 'An owner of the organization.',
  [AccessRole.VIEWER]: 'Any role in the workspace.',
  [AccessRole.EDITOR]: 'EDITOR or ADMIN in the workspace.',
  [AccessRole.ADMIN]: 'ADMIN in the workspace; organization owners are ADMIN of every workspace of their organization.',
  [AccessRole.PROJECT]: 'Holds `permission` in the project through a project role; workspace ADMINs are implicit PROJECT_ADMINs.',
};

export enum OrgRole {
  OWNER = 'OWNER',
  MEMBER = 'MEMBER',
}

export enum WorkspaceRole {
  ADMIN = 'ADMIN',
  EDITOR = 'EDITOR',
  VIEWER = 'VIEWER',
}

/** The 16 scopes a workspace API key can carry (DESIGN.md, seed 003). */
export const API_KEY_SCOPES = [
  'workflows:read',
  'workflows:write',
  'runs:read',
  'runs:write',
  'approvals:read',
  'approvals:write',
  'agents:read',
  'agents:write',
  'skills:read',
  'skills:write',
  'connections:read',
  'connections:write',
  'audit:read',
  'workspace:read',
  'workspace:write',
  'secrets:read',
] as const;

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The one catalog of project permissions: built-in roles and custom roles are sets of these (seed 004). */
export const PROJECT_PERMISSIONS = [
  'project:read',
  'project:write',
  'members:manage',
  'roles:manage',
  'api_key:manage',
  'audit:read',
  'retention:write',
  'attributes:manage',
  'spans:read',
] as const;

export type ProjectPermission = (typeof PROJECT_PERMISSIONS)[number];

export enum BuiltInProjectRole {
  PROJECT_ADMIN = 'PROJECT_ADMIN',
  MEMBER = 'MEMBER',
  VIEWER = 'VIEWER',
}

/** Built-in roles are fixed here, not stored: they cannot be changed or deleted. */
export const BUILT_IN_PROJECT_ROLE_PERMISSIONS: Record<BuiltInProjectRole, readonly ProjectPermission[]> = {
  [BuiltInProjectRole.PROJECT_ADMIN]: PROJECT_PERMISSIONS,
  [BuiltInProjectRole.MEMBER]: ['project:read', 'spans:read', 'audit:read'],
  [BuiltInProjectRole.VIEWER]: ['project:read', 'spans:read'],
};

export interface PermissionRule {
  requires: AccessRole;
  /** The workspace API-key scope that grants it too; none means keys can never reach it. */
  scope?: ApiKeyScope;
  /** For `requires: PROJECT`: the project permission the caller must hold. */
  permission?: ProjectPermission;
  /** The project's own API key may reach it too (read access to the project's settings, redaction). */
  projectKey?: boolean;
}

/** Rows of DESIGN.md's workspace matrix and the organization rules, by name. */
export const PERMISSIONS = {
  authenticated: { requires: AccessRole.AUTHENTICATED },
  signedIn: { requires: AccessRole.USER },
  /** Minting credentials and signing everyone out: a credential never mints one that outlives or outranks it. */
  accountCredentials: { requires: AccessRole.SESSION },
  /** Changing how the account authenticates (email, password, passkeys, app secret) needs a person who just proved it. */
  accountSecurity: { requires: AccessRole.RECENT_SESSION },
  organizationRead: { requires: AccessRole.ORG_MEMBER },
  organizationManage: { requires: AccessRole.ORG_OWNER },
  organizationAuditRead: { requires: AccessRole.ORG_OWNER },
  /** Billing (the plan) is for the organization's owners, never a workspace key. */
  billingRead: { requires: AccessRole.ORG_OWNER },
  workspaceCreate: { requires: AccessRole.ORG_OWNER },
  workspaceSettingsRead: { requires: AccessRole.VIEWER, scope: 'workspace:read' },
  workspaceSettingsWrite: { requires: AccessRole.ADMIN, scope: 'workspace:write' },
  membersRead: { requires: AccessRole.VIEWER, scope: 'workspace:read' },
  membersManage: { requires: AccessRole.ADMIN },
  membersErase: { requires: AccessRole.ADMIN },
  apiKeysManage: { requires: AccessRole.ADMIN },
  auditLogRead: { requires: AccessRole.ADMIN, scope: 'audit:read' },
  auditDigestManage: { requires: AccessRole.ADMIN },
  projectsList: { requires: AccessRole.VIEWER, scope: 'workspace:read' },
  projectCreate: { requires: AccessRole.ADMIN },
  projectRead: { requires: AccessRole.PROJECT, permission: 'project:read', projectKey: true },
  projectMembersRead: { requires: AccessRole.PROJECT, permission: 'project:read' },
  projectWrite: { requires: AccessRole.PROJECT, permission: 'project:write' },
  projectMembersManage: { requires: AccessRole.PROJECT, permission: 'members:manage' },
  projectRolesManage: { requires: AccessRole.PROJECT, permission: 'roles:manage' },
  projectApiKeyManage: { requires: AccessRole.PROJECT, permission: 'api_key:manage' },
  projectAuditRead: { requires: AccessRole.PROJECT, permission: 'audit:read' },
  projectRetentionWrite: { requires: AccessRole.PROJECT, permission: 'retention:write' },
  projectAttributesManage: { requires: AccessRole.PROJECT, permission: 'attributes:manage' },
  projectSpansRead: { requires: AccessRole.PROJECT, permission: 'spans:read', projectKey: true },
  // Notifications: settings read by EDITOR, written by ADMIN; channels (Slack, webhooks) are ADMIN's.
  notificationSettingsRead: { requires: AccessRole.EDITOR, scope: 'workspace:read' },
  notificationSettingsWrite: { requires: AccessRole.ADMIN, scope: 'workspace:write' },
  notificationChannelsManage: { requires: AccessRole.ADMIN },
  notificationPublishRunFailed: { requires: AccessRole.EDITOR, scope: 'runs:write' },
  notificationPublishApprovalRequested: { requires: AccessRole.EDITOR, scope: 'approvals:write' },
  notificationPublishWorkflowDeployed: { requires: AccessRole.EDITOR, scope: 'workflows:write' },
  notificationPublishMcpServerDegraded: { requires: AccessRole.EDITOR, scope: 'connections:write' },
  notificationPublishSecretRotated: { requires: AccessRole.EDITOR, scope: 'workspace:write' },
  // Workspace administration.
  environmentsRead: { requires: AccessRole.VIEWER, scope: 'workspace:read' },
  environmentsManage: { requires: AccessRole.ADMIN, scope: 'workspace:write' },
  modelIntegrationsManage: { requires: AccessRole.ADMIN },
  // Seed 003: only a key that genuinely needs raw secrets gets secrets:read; every use is audited.
  workspaceDelete: { requires: AccessRole.ADMIN },
  usageRead: { requires: AccessRole.ADMIN },
  organizationUsageRead: { requires: AccessRole.ORG_OWNER },
  usageRecord: { requires: AccessRole.ADMIN, scope: 'runs:write' },
  // Seed 003 says admin; billing belongs to the organization, so its owners (implicit ADMINs of every workspace).
  billingManage: { requires: AccessRole.ORG_OWNER },
  // Checked on both workspaces by the resolver (the source and the target).
  settingsImport: { requires: AccessRole.ADMIN },
  secretsReveal: { requires: AccessRole.ADMIN, scope: 'secrets:read' },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;

const WORKSPACE_RANK: Record<WorkspaceRole, number> = { [WorkspaceRole.VIEWER]: 1, [WorkspaceRole.EDITOR]: 2, [WorkspaceRole.ADMIN]: 3 };
const REQUIRED_WORKSPACE_ROLE: Partial<Record<AccessRole, WorkspaceRole>> = {
  [AccessRole.VIEWER]: WorkspaceRole.VIEWER,
  [AccessRole.EDITOR]: WorkspaceRole.EDITOR,
  [AccessRole.ADMIN]: WorkspaceRole.ADMIN,
};

export type AccessLevel = 'any' | 'user' | 'session' | 'organization' | 'workspace' | 'project';

export function levelOf(role: AccessRole): AccessLevel {
  if (role === AccessRole.AUTHENTICATED) return 'any';
  if (role === AccessRole.PROJECT) return 'project';
  if (role === AccessRole.USER) return 'user';
  if (role === AccessRole.SESSION || role === AccessRole.RECENT_SESSION) return 'session';
  if (role === AccessRole.ORG_MEMBER || role === AccessRole.ORG_OWNER) return 'organization';
  return 'workspace';
}

export function workspaceRoleSatisfies(held: WorkspaceRole, required: AccessRole): boolean {
  const needed = REQUIRED_WORKSPACE_ROLE[required];
  return needed !== undefined && WORKSPACE_RANK[held] >= WORKSPACE_RANK[needed];
}

export function orgRoleSatisfies(held: OrgRole, required: AccessRole): boolean {
  return required === AccessRole.ORG_MEMBER || (required === AccessRole.ORG_OWNER && held === OrgRole.OWNER);
}

/** Org owners are implicit ADMINs of every workspace in their organization. */
export function effectiveWorkspaceRole(explicit: WorkspaceRole | null, orgRole: OrgRole | null): WorkspaceRole | null {
  return orgRole === OrgRole.OWNER ? WorkspaceRole.ADMIN : explicit;
}

/** What a caller may do in one project, worked out afresh for each request (no role is cached across requests). */
export interface ProjectAccess {
  projectId: string;
  workspaceId: string;
  /** Every role the caller holds here: built-in names and custom role ids. Attribute visibility uses all of them. */
  roles: readonly string[];
  permissions: ReadonlySet<ProjectPermission>;
}

/** Workspace ADMINs (and so organization owners) are implicit PROJECT_ADMINs, on top of any explicit project role. */
export function projectAccessOf(
  project: { projectId: string; workspaceId: string },
  workspaceRole: WorkspaceRole | null,
  explicit: { roleId: string; permissions: readonly string[] } | null,
): ProjectAccess {
  const roles = new Set<string>();
  const permissions = new Set<ProjectPermission>();
  if (workspaceRole === WorkspaceRole.ADMIN) {
    roles.add(BuiltInProjectRole.PROJECT_ADMIN);
    for (const permission of PROJECT_PERMISSIONS) permissions.add(permission);
  }
  if (explicit) {
    roles.add(explicit.roleId);
    for (const permission of explicit.permissions) if ((PROJECT_PERMISSIONS as readonly string[]).includes(permission)) permissions.add(permission as ProjectPermission);
  }
  return { ...project, roles: [...roles], permissions };
}

export const isBuiltInProjectRole = (roleId: string): roleId is BuiltInProjectRole => roleId in BUILT_IN_PROJECT_ROLE_PERMISSIONS;
