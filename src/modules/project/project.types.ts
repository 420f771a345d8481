import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination';

@ObjectType({ description: 'A project of a workspace: its members, roles, attribute visibility, retention, audit log and API key.' })
export class Project {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  workspaceId: string;

  @Field()
  name: string;

  @Field()
  description: string;

  @Field(() => Date, { nullable: true, description: 'Set once archived; archived projects stay readable.' })
  archivedAt: Date | null;

  @Field()
  createdAt: Date;

  /** The project's own value; null when it inherits the workspace's (resolved by the field resolvers). */
  ownDataRetentionDays: number | null;
}

export const ProjectConnection = ConnectionType(Project, 'Project');

@ObjectType()
export class ProjectRetention {
  @Field(() => Int, { description: 'Days the project keeps its data: its own value, or the workspace’s when it inherits.' })
  dataRetentionDays: number;

  @Field({ description: 'True while the project follows the workspace’s value.' })
  inherited: boolean;

  @Field(() => Int)
  workspaceDataRetentionDays: number;
}

@ObjectType()
export class ProjectMember {
  @Field(() => ID)
  projectId: string;

  @Field(() => ID)
  userId: string;

  @Field({ description: 'PROJECT_ADMIN, MEMBER, VIEWER or a custom role’s id.' })
  roleId: string;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class ProjectRole {
  @Field({ description: 'The name for a built-in role, else the custom role’s id.' })
  id: string;

  @Field()
  name: string;

  @Field({ description: 'Built-in roles cannot be changed or deleted.' })
  builtIn: boolean;

  @Field(() => [String], { description: 'From the one catalog: project:read, project:write, members:manage, roles:manage, api_key:manage, audit:read, retention:write, attributes:manage, spans:read.' })
  permissions: string[];
}

@ObjectType()
export class AttributeVisibilityRule {
  @Field({ description: 'A glob over dotted attribute paths: `llm.input.*` one segment, `llm.**` any depth, or an exact key.' })
  pattern: string;

  @Field(() => [String], { description: 'Role ids it hides the attributes from.' })
  roles: string[];
}

@ObjectType()
export class SpanAttributeRedaction {
  @Field(() => GraphQLJSONObject, { description: 'The attributes without the hidden keys.' })
  attributes: Record<string, unknown>;

  @Field(() => [String], { description: 'Dotted paths removed.' })
  removed: string[];
}

@ObjectType()
export class AttributeVisibilityExplanation {
  @Field()
  path: string;

  @Field()
  hidden: boolean;

  @Field(() => [AttributeVisibilityRule], { description: 'The rules hiding it; a hide wins when several roles are held.' })
  hiddenBy: AttributeVisibilityRule[];
}

@ObjectType({ description: 'The project’s API key as the API Keys tab shows it; the key itself is shown once, when issued.' })
export class ProjectApiKey {
  @Field(() => ID)
  id: string;

  @Field({ description: 'e.g. gtp_AbC1…' })
  maskedKey: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'Recorded at most once a minute.' })
  lastUsedAt: Date | null;
}

@ObjectType()
export class ProjectPayload {
  @Field(() => Project)
  project: Project;
}

@ObjectType()
export class DeleteProjectPayload {
  @Field(() => ID)
  projectId: string;
}

@ObjectType()
export class ProjectMemberPayload {
  @Field(() => ProjectMember)
  member: ProjectMember;
}

@ObjectType()
export class RemoveProjectMemberPayload {
  @Field(() => ID)
  projectId: string;

  @Field(() => ID)
  userId: string;
}

@ObjectType()
export class ProjectRolePayload {
  @Field(() => ProjectRole)
  role: ProjectRole;
}

@ObjectType()
export class DeleteProjectRolePayload {
  @Field(() => ID)
  projectId: string;

  @Field()
  roleId: string;
}

@ObjectType()
export class AttributeVisibilityPayload {
  @Field(() => [AttributeVisibilityRule])
  rules: AttributeVisibilityRule[];
}

@ObjectType()
export class ProjectApiKeyPayload {
  @Field(() => ProjectApiKey)
  apiKey: ProjectApiKey;

  @Field({ description: 'The key, shown this once: send it as HTTP Basic with the username `api-key`.' })
  key: string;
}

@ObjectType()
export class RevokeProjectApiKeyPayload {
  @Field(() => ID)
  projectId: string;
}
