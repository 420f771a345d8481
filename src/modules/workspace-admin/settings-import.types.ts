import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum ImportMode {
  /** Add what the target lacks; keep every value the target already has. */
  MERGE = 'MERGE',
  /** Make the target's sections equal to the source's: replace values, add, update and remove items. */
  OVERWRITE = 'OVERWRITE',
}

export enum ImportSection {
  ENVIRONMENTS = 'ENVIRONMENTS',
  DATA_RETENTION = 'DATA_RETENTION',
  SEAT_LIMIT = 'SEAT_LIMIT',
  AUDIT_DIGEST = 'AUDIT_DIGEST',
  MODEL_INTEGRATIONS = 'MODEL_INTEGRATIONS',
  NOTIFICATION_SETTINGS = 'NOTIFICATION_SETTINGS',
}

registerEnumType(ImportMode, { name: 'ImportMode' });
registerEnumType(ImportSection, { name: 'ImportSection' });

@ObjectType()
export class ImportedSetting {
  @Field(() => ImportSection)
  section: ImportSection;

  @Field({ description: 'The setting or item, e.g. dataRetentionDays or environment "staging".' })
  setting: string;

  @Field(() => GraphQLJSON, { nullable: true, description: "The target's value before; null for an item added." })
  before: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The value after; null for an item removed.' })
  after: unknown;
}

@ObjectType()
export class SkippedSetting {
  @Field(() => ImportSection)
  section: ImportSection;

  @Field()
  setting: string;

  @Field()
  reason: string;
}

@ObjectType()
export class ImportWorkspaceSettingsPayload {
  @Field(() => ID)
  targetWorkspaceId: string;

  @Field(() => ID)
  sourceWorkspaceId: string;

  @Field(() => ImportMode)
  mode: ImportMode;

  @Field({ description: 'True: nothing was changed; `changes` is what the import would do.' })
  dryRun: boolean;

  @Field(() => [ImportedSetting])
  changes: ImportedSetting[];

  @Field(() => [SkippedSetting])
  skipped: SkippedSetting[];
}
