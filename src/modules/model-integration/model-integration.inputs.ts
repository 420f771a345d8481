import { IsEnum, IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { ModelProvider } from './model-integration.entity';

const NAME = { message: 'must be 1 to 100 characters' };
const CREDENTIAL = { message: 'must be 8 to 4096 characters' };

@InputType()
export class CreateModelIntegrationInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field(() => ModelProvider)
  @IsEnum(ModelProvider)
  provider: ModelProvider;

  @Field()
  @Length(1, 100, NAME)
  name: string;

  @Field({ description: 'The provider API key; stored encrypted, never returned except by revealModelIntegrationCredential.' })
  @Length(8, 4096, CREDENTIAL)
  credential: string;

  @Field(() => String, { nullable: true, description: 'AZURE_OPENAI only, required there: https://<resource>.openai.azure.com' })
  @IsOptional()
  @MaxLength(500)
  endpointUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'AZURE_OPENAI only, required there.' })
  @IsOptional()
  @Length(1, 100, NAME)
  deploymentName?: string | null;
}

@InputType()
export class RenameModelIntegrationInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field(() => ID)
  @IsUUID('all')
  id: string;

  @Field()
  @Length(1, 100, NAME)
  name: string;
}

@InputType()
export class RotateModelIntegrationCredentialInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field(() => ID)
  @IsUUID('all')
  id: string;

  @Field()
  @Length(8, 4096, CREDENTIAL)
  credential: string;
}

@InputType({ description: 'Only what is sent changes; null or left out leaves it as it is.' })
export class UpdateModelIntegrationInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field(() => ID)
  @IsUUID('all')
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100, NAME)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Replaces the credential (a rotation: emits secret_rotated).' })
  @IsOptional()
  @Length(8, 4096, CREDENTIAL)
  credential?: string | null;
}

@InputType()
export class ModelIntegrationRefInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;

  @Field(() => ID)
  @IsUUID('all')
  id: string;
}

@InputType()
export class RevealModelIntegrationCredentialInput extends ModelIntegrationRefInput {
  @Field({ description: 'Why the value is needed; kept in the secret.accessed audit event.' })
  @Length(3, 500, { message: 'must be 3 to 500 characters' })
  reason: string;
}
