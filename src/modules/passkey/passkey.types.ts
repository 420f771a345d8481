import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PasskeyDeviceType } from './passkey.entity';

registerEnumType(PasskeyDeviceType, {
  name: 'PasskeyDeviceType',
  valuesConfig: {
    SINGLE_DEVICE: { description: 'Bound to one authenticator, such as a security key.' },
    MULTI_DEVICE: { description: 'Synced between devices by a passkey provider.' },
  },
});

@ObjectType({ description: 'A passkey the viewer can sign in with. Its public key stays on the server.' })
export class Passkey {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The name the person gave it, like "Work laptop".' })
  name: string;

  @Field({ description: 'When it was added.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'Its last sign-in; null until it is used to sign in.' })
  lastUsedAt: Date | null;

  @Field(() => PasskeyDeviceType)
  deviceType: PasskeyDeviceType;

  @Field({ description: 'True when the passkey provider reports it backed up (synced), so losing one device does not lose it.' })
  backedUp: boolean;
}

@ObjectType()
export class PasskeyRegistrationOptionsPayload {
  @Field(() => GraphQLJSONObject, {
    description:
      'PublicKeyCredentialCreationOptionsJSON: pass it to `PublicKeyCredential.parseCreationOptionsFromJSON()` and `navigator.credentials.create()` (or to @simplewebauthn/browser `startRegistration({ optionsJSON })`). Its challenge works once, within 5 minutes.',
  })
  options: Record<string, unknown>;
}

@ObjectType()
export class PasskeyAuthenticationOptionsPayload {
  @Field(() => GraphQLJSONObject, {
    description:
      'PublicKeyCredentialRequestOptionsJSON: pass it to `PublicKeyCredential.parseRequestOptionsFromJSON()` and `navigator.credentials.get()` (or to @simplewebauthn/browser `startAuthentication({ optionsJSON })`). Its challenge works once, within 5 minutes.',
  })
  options: Record<string, unknown>;
}

@ObjectType()
export class PasskeyPayload {
  @Field(() => Passkey)
  passkey: Passkey;
}

@ObjectType()
export class DeletePasskeyPayload {
  @Field(() => ID)
  passkeyId: string;
}
