import { IsUUID, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class CreateBillingPortalSessionInput {
  @Field(() => ID)
  @IsUUID('all')
  organizationId: string;

  @Field({ description: 'Where the portal sends the person back; must be on one of BILLING_RETURN_ORIGINS.' })
  @MaxLength(2000)
  returnUrl: string;
}
