import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType()
export class DeleteWorkspacePayload {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  organizationId: string;
}
