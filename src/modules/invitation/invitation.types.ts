import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination';
import { InvitationRole, InvitationStatus } from './invitation.entity';

registerEnumType(InvitationRole, { name: 'InvitationRole', description: 'OWNER or MEMBER for an organization; ADMIN, EDITOR or VIEWER for a workspace.' });
registerEnumType(InvitationStatus, { name: 'InvitationStatus', description: 'EXPIRED: still pending when its 7 days ran out; a resend makes it PENDING again.' });

@ObjectType({ description: 'An invitation by email to an organization or to one of its workspaces. The token is never shown.' })
export class Invitation {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  organizationId: string;

  @Field(() => ID, { nullable: true, description: 'Null for an invitation to the organization itself.' })
  workspaceId: string | null;

  @Field()
  email: string;

  @Field(() => InvitationRole)
  role: InvitationRole;

  @Field(() => InvitationStatus)
  status: InvitationStatus;

  @Field()
  expiresAt: Date;

  @Field({ description: 'When the mail was last sent.' })
  sentAt: Date;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  acceptedAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  /** Resolved to `invitedBy` through the user loader. */
  invitedById: string | null;
}

export const InvitationConnection = ConnectionType(Invitation, 'Invitation');

@ObjectType()
export class InvitationPayload {
  @Field(() => Invitation)
  invitation: Invitation;
}
