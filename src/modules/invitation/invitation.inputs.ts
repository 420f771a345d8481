import { IsEmail, IsEnum, IsOptional, IsUUID, Length, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { InvitationRole } from './invitation.entity';

@InputType({ description: 'Exactly one of organizationId and workspaceId: where the person is invited to.' })
export class InviteMemberInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all')
  organizationId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all')
  workspaceId?: string;

  @Field()
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email: string;

  @Field(() => InvitationRole)
  @IsEnum(InvitationRole)
  role: InvitationRole;
}

@InputType()
export class InvitationInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an invitation id' })
  id: string;
}

@InputType()
export class AcceptInvitationInput {
  @Field({ description: 'The token from the invitation link.' })
  @Length(1, 200)
  token: string;
}
