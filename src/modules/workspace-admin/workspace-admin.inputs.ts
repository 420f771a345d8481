import { IsUUID, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class DeleteWorkspaceInput {
  @Field(() => ID)
  @IsUUID('all')
  id: string;

  @Field({ description: "The workspace's slug, typed by the person deleting it, as confirmation." })
  @MaxLength(100)
  confirmSlug: string;
}
