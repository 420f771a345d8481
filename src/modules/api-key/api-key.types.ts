import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ApiKeyKind } from './api-key.entity';
import { CredentialStatus } from './credential-store';

registerEnumType(ApiKeyKind, {
  name: 'ApiKeyKind',
  valuesConfig: {
    PERSONAL: { description: 'A personal API key (dlt_…): acts as the person who created it.' },
    WORKSPACE: { description: 'A workspace API key (gtw_…): acts in one workspace through its scopes.' },
    APP_SECRET: { description: 'An App Secret (gta_…), sent with its App ID as HTTP Basic: acts as its person.' },
  },
});

registerEnumType(CredentialStatus, {
  name: 'ApiKeyVerificationCode',
  description: 'The first check a key fails, in this order: MALFORMED, NOT_FOUND, INACTIVE, REVOKED, EXPIRED, MISSING_SCOPE; else VALID.',
  valuesConfig: {
    VALID: { description: 'Exists, active, not revoked, not expired and holds the required scopes.' },
    MALFORMED: { description: 'Not a Gatehouse key: unknown prefix, wrong shape or bad checksum (decided without any lookup).' },
    NOT_FOUND: { description: 'No such key, or one the caller may not know about.' },
    INACTIVE: { description: 'Deactivated by an admin; it works again once activated.' },
    REVOKED: { description: 'Revoked (or replaced by a rotation whose grace period has ended): gone for good.' },
    EXPIRED: { description: 'Past its expiry.' },
    MISSING_SCOPE: { description: 'Valid, but without every scope in requiredScopes.' },
  },
});

export enum WorkspaceApiKeyStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
}

registerEnumType(WorkspaceApiKeyStatus, {
  name: 'WorkspaceApiKeyStatus',
  valuesConfig: { ACTIVE: { description: 'Works (until it expires).' }, INACTIVE: { description: 'Suspended: refused until activated again.' } },
});

@ObjectType({ description: 'A personal API key: authenticates as its owner with `Authorization: Bearer dlt_…`.' })
export class PersonalApiKey {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field({ description: 'Prefix and first characters only, like `dlt_AbC1…`; the key itself is shown once, at creation.' })
  maskedKey: string;

  @Field()
  createdAt: Date;

  @Field()
  expiresAt: Date;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt: Date | null;
}

@ObjectType({ description: 'A workspace API key: sent as `x-api-key`, acts only in its workspace and only through its scopes.' })
export class WorkspaceApiKey {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  workspaceId: string;

  @Field()
  name: string;

  @Field({ description: 'Prefix and first characters only, like `gtw_AbC1…`; the key itself is shown once, at creation.' })
  maskedKey: string;

  @Field(() => [String])
  scopes: string[];

  @Field(() => WorkspaceApiKeyStatus)
  status: WorkspaceApiKeyStatus;

  @Field()
  createdAt: Date;

  createdById: string | null;

  @Field({ description: 'False once the person who created it is no longer a member (or owner) here: the key still works; review it when offboarding.' })
  creatorIsMember: boolean;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Null: the key does not expire.' })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Set while a rotation’s grace period runs: when this key stops working.' })
  revokesAt: Date | null;
}

@ObjectType({ description: 'What an offboarding review needs: keys keep working after their creator leaves.' })
export class WorkspaceOffboardingReport {
  @Field(() => [WorkspaceApiKey], { description: 'Keys whose creator is no longer a member of the workspace (or was deleted), oldest first.' })
  apiKeysOfFormerMembers: WorkspaceApiKey[];
}

@ObjectType()
export class CreatePersonalApiKeyPayload {
  @Field(() => PersonalApiKey)
  apiKey: PersonalApiKey;

  @Field({ description: 'The key, shown this once: send it as `Authorization: Bearer <key>`.' })
  key: string;
}

@ObjectType()
export class DeletePersonalApiKeyPayload {
  @Field(() => ID)
  apiKeyId: string;
}

@ObjectType()
export class CreateWorkspaceApiKeyPayload {
  @Field(() => WorkspaceApiKey)
  apiKey: WorkspaceApiKey;

  @Field({ description: 'The key, shown this once: send it as the `x-api-key` header.' })
  key: string;
}

@ObjectType()
export class WorkspaceApiKeyPayload {
  @Field(() => WorkspaceApiKey)
  apiKey: WorkspaceApiKey;
}

@ObjectType()
export class RevokeWorkspaceApiKeyPayload {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => ID)
  apiKeyId: string;
}

@ObjectType()
export class RotateWorkspaceApiKeyPayload {
  @Field(() => WorkspaceApiKey, { description: 'The new key: same name and scopes.' })
  apiKey: WorkspaceApiKey;

  @Field({ description: 'The new key, shown this once.' })
  key: string;

  @Field(() => WorkspaceApiKey, { description: 'The old key; `revokesAt` says when it stops working.' })
  previous: WorkspaceApiKey;
}

@ObjectType({ description: 'The answer of verifyApiKey. Everything but `valid` and `code` is null unless the caller may see the key.' })
export class ApiKeyVerification {
  @Field({ description: 'True exactly when code is VALID.' })
  valid: boolean;

  @Field(() => CredentialStatus)
  code: CredentialStatus;

  @Field(() => ApiKeyKind, { nullable: true })
  kind: ApiKeyKind | null;

  @Field(() => ID, { nullable: true })
  workspaceId: string | null;

  @Field(() => [String], { nullable: true, description: 'A workspace key’s scopes.' })
  scopes: string[] | null;

  @Field(() => ID, { nullable: true })
  keyId: string | null;
}
