import { Field, ID, ObjectType } from 'type-graphql';
import { WorkspaceRole } from '../../auth/permissions';

@ObjectType()
export class DeleteWorkspacePayload {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  organizationId: string;
}

@ObjectType({ description: 'A person with access to the workspace and their effective role: explicit members and organization owners.' })
export class WorkspaceAccess {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => ID)
  userId: string;

  @Field(() => WorkspaceRole)
  role: WorkspaceRole;

  @Field({ description: 'True for organization owners: ADMIN through the organization, not a workspace membership.' })
  implicit: boolean;

  @Field(() => String, { nullable: true, description: 'Why an implicit entry has access.' })
  reason: string | null;
}
