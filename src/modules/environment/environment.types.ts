import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A scoping dimension for workflows and agents. `production` always exists and is protected.' })
export class Environment {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  workspaceId: string;

  @Field({ description: 'Lowercase, URL-safe, 1–32 characters, unique in the workspace.' })
  name: string;

  @Field({ description: 'True for production, which can be neither renamed nor deleted.' })
  protected: boolean;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class EnvironmentPayload {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => Environment)
  environment: Environment;
}

@ObjectType()
export class DeleteEnvironmentPayload {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => ID)
  id: string;
}

@ObjectType()
export class ReplaceEnvironmentsPayload {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => [Environment], { description: 'production first, then by name.' })
  environments: Environment[];
}
