import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerType, type NonEmptyArray } from 'type-graphql';
import { OrganizationAuditResolver, WorkspaceAuditResolver } from '../modules/audit/audit.resolver';
import { IdentityResolver } from '../modules/identity/identity.resolver';
import { OrganizationMemberResolver, OrganizationResolver, ViewerOrganizationsResolver } from '../modules/organization/organization.resolver';
import { OrganizationWorkspacesResolver, WorkspaceMemberResolver, WorkspaceResolver } from '../modules/workspace/workspace.resolver';
import { PasskeyResolver } from '../modules/passkey/passkey.resolver';
import { InvitationResolver, OrganizationInvitationsResolver, WorkspaceInvitationsResolver } from '../modules/invitation/invitation.resolver';
import { MemberErasureResolver } from '../modules/workspace/member-erasure.resolver';
import { ViewerApiKeysResolver, WorkspaceApiKeyResolver, WorkspaceApiKeysResolver } from '../modules/api-key/api-key.resolver';
import { AuditDigestResolver } from '../modules/audit-digest/audit-digest.resolver';
import { authDirective } from './auth-directive';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RESOLVERS: NonEmptyArray<Function> = [
  IdentityResolver,
  OrganizationResolver,
  OrganizationMemberResolver,
  ViewerOrganizationsResolver,
  WorkspaceResolver,
  WorkspaceMemberResolver,
  OrganizationWorkspacesResolver,
  WorkspaceAuditResolver,
  OrganizationAuditResolver,
  PasskeyResolver,
  InvitationResolver,
  WorkspaceInvitationsResolver,
  OrganizationInvitationsResolver,
  MemberErasureResolver,
  WorkspaceApiKeysResolver,
  WorkspaceApiKeyResolver,
  ViewerApiKeysResolver,
  AuditDigestResolver,
];

/** The code-first schema. `container` supplies resolver instances at run time; printing needs none. */
export function buildGatehouseSchema(container?: ContainerType): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    directives: [authDirective],
    container,
    // class-validator runs on every input; unknown properties cannot reach it through GraphQL anyway.
    validate: { forbidUnknownValues: false, stopAtFirstError: false },
  });
}

/** What `npm run schema` writes to schema.graphql: sorted, with directives. */
export function printGatehouseSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema)).trim()}\n`;
}
