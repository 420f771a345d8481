import type { ContainerType } from 'type-graphql';
import { AuditDigestResolver } from '../modules/audit-digest/audit-digest.resolver';
import { OrganizationAuditResolver, WorkspaceAuditResolver } from '../modules/audit/audit.resolver';
import { ViewerApiKeysResolver, WorkspaceApiKeyResolver, WorkspaceApiKeysResolver } from '../modules/api-key/api-key.resolver';
import { IdentityResolver } from '../modules/identity/identity.resolver';
import { InvitationResolver, OrganizationInvitationsResolver, WorkspaceInvitationsResolver } from '../modules/invitation/invitation.resolver';
import { OrganizationMemberResolver, OrganizationResolver, ViewerOrganizationsResolver } from '../modules/organization/organization.resolver';
import { PasskeyResolver } from '../modules/passkey/passkey.resolver';
import { MemberErasureResolver } from '../modules/workspace/member-erasure.resolver';
import { OrganizationWorkspacesResolver, WorkspaceMemberResolver, WorkspaceResolver } from '../modules/workspace/workspace.resolver';
import type { Services } from '../services';
import { WORKSPACE_ADMIN_RESOLVERS } from '../modules/workspace-admin/workspace-admin.resolvers';

/**
 * Every resolver class and how it is built from the services: the one list the schema is built from
 * and the container hands instances out of, so neither can miss a resolver the other has.
 */
export const RESOLVERS = [
  [IdentityResolver, (s: Services) => new IdentityResolver(s.identity, s.sessions)],
  [OrganizationResolver, (s: Services) => new OrganizationResolver(s.organizations)],
  [OrganizationMemberResolver, () => new OrganizationMemberResolver()],
  [ViewerOrganizationsResolver, (s: Services) => new ViewerOrganizationsResolver(s.organizations)],
  [WorkspaceResolver, (s: Services) => new WorkspaceResolver(s.workspaces, s.config.publicUrl)],
  [WorkspaceMemberResolver, () => new WorkspaceMemberResolver()],
  [OrganizationWorkspacesResolver, () => new OrganizationWorkspacesResolver()],
  [WorkspaceAuditResolver, (s: Services) => new WorkspaceAuditResolver(s.audit)],
  [OrganizationAuditResolver, (s: Services) => new OrganizationAuditResolver(s.audit)],
  [PasskeyResolver, (s: Services) => new PasskeyResolver(s.passkeys)],
  [InvitationResolver, (s: Services) => new InvitationResolver(s.invitations)],
  [WorkspaceInvitationsResolver, (s: Services) => new WorkspaceInvitationsResolver(s.invitations)],
  [OrganizationInvitationsResolver, (s: Services) => new OrganizationInvitationsResolver(s.invitations)],
  [MemberErasureResolver, (s: Services) => new MemberErasureResolver(s.memberErasure)],
  [WorkspaceApiKeysResolver, (s: Services) => new WorkspaceApiKeysResolver(s.apiKeys)],
  [WorkspaceApiKeyResolver, () => new WorkspaceApiKeyResolver()],
  [ViewerApiKeysResolver, (s: Services) => new ViewerApiKeysResolver(s.apiKeys, s.appCredentials)],
  [AuditDigestResolver, (s: Services) => new AuditDigestResolver(s.auditDigest)],
  // Workspace administration (issue 15).
  ...WORKSPACE_ADMIN_RESOLVERS,
] as const;

/** Resolver instances with their services, handed to type-graphql. */
export function createResolverContainer(services: Services): ContainerType {
  const instances = new Map<unknown, object>(RESOLVERS.map(([resolverClass, build]) => [resolverClass, build(services)]));
  return { get: (resolverClass) => instances.get(resolverClass) };
}
