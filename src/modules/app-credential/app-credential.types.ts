import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The viewer’s App ID and App Secret: sent as HTTP Basic `appId:appSecret`, acting as the viewer.' })
export class AppCredential {
  @Field({ description: 'Public and stable: rotation keeps it.' })
  appId: string;

  @Field({ description: 'Prefix and first characters of the current secret, like `gta_AbC1…`.' })
  maskedSecret: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the secret was last rotated; null while the first one is in use.' })
  rotatedAt: Date | null;
}

@ObjectType()
export class RotateAppSecretPayload {
  @Field(() => AppCredential)
  appCredential: AppCredential;

  @Field({ description: 'The new App Secret, shown this once; the previous one stopped working.' })
  appSecret: string;
}
