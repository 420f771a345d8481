import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class EraseMemberPayload {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => Int, { description: "This workspace's audit events rewritten by this call; 0 when the person was already erased." })
  erasedEvents: number;

  @Field({ description: 'False when the person was no longer a member (removed earlier, or erased already).' })
  membershipRemoved: boolean;
}
