import { ArrayNotEmpty, IsEnum, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { ImportMode, ImportSection } from './settings-import.types';

@InputType()
export class DeleteWorkspaceInput {
  @Field(() => ID)
  @IsUUID('all')
  id: string;

  @Field({ description: "The workspace's slug, typed by the person deleting it, as confirmation." })
  @MaxLength(100)
  confirmSlug: string;
}

@InputType()
export class ImportWorkspaceSettingsInput {
  @Field(() => ID, { description: 'The workspace that receives the settings; needs ADMIN there.' })
  @IsUUID('all')
  targetWorkspaceId: string;

  @Field(() => ID, { description: 'A workspace of the same organization; needs ADMIN there too.' })
  @IsUUID('all')
  sourceWorkspaceId: string;

  @Field(() => [ImportSection])
  @ArrayNotEmpty({ message: 'must name at least one section' })
  @IsEnum(ImportSection, { each: true })
  sections: ImportSection[];

  @Field(() => ImportMode)
  @IsEnum(ImportMode)
  mode: ImportMode;

  @Field(() => Boolean, { nullable: true, description: 'Report what would change without changing anything.', defaultValue: false })
  @IsOptional()
  dryRun?: boolean | null;
}
