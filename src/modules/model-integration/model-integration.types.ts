import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ModelProvider } from './model-integration.entity';

registerEnumType(ModelProvider, { name: 'ModelProvider' });

@ObjectType({ description: 'An AI provider registered for the workspace. The credential is stored encrypted and shown masked.' })
export class ModelIntegration {
  @Field(() => ID, { description: 'Stable; what agents and other services reference as modelIntegrationId.' })
  id: string;

  @Field(() => ID)
  workspaceId: string;

  @Field(() => ModelProvider)
  provider: ModelProvider;

  @Field()
  name: string;

  @Field(() => String, { nullable: true, description: 'Azure OpenAI only.' })
  endpointUrl: string | null;

  @Field(() => String, { nullable: true, description: 'Azure OpenAI only.' })
  deploymentName: string | null;

  @Field({ description: 'The credential masked to its last 4 characters, like …a1b2.' })
  maskedCredential: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the credential was last rotated; null if never.' })
  rotatedAt: Date | null;

  createdById: string | null;
  rotatedById: string | null;
}

@ObjectType()
export class ModelIntegrationPayload {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => ModelIntegration)
  modelIntegration: ModelIntegration;
}

@ObjectType()
export class DeleteModelIntegrationPayload {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => ID)
  id: string;
}

@ObjectType()
export class RevealedCredential {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => ID)
  id: string;

  @Field({ description: 'The credential in clear. This call is audited as secret.accessed (HIGH) with its reason.' })
  credential: string;
}
