import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsOptional, IsUUID, IsUrl, Length, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../graphql/pagination';
import { DeliveryStatus, NotificationChannel, NotificationEventType } from './notification-catalog';

const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const URL_MESSAGE = 'must be an http or https URL';

/** The workspace an input acts in: the tenant its `@auth` check reads. */
@InputType()
export class WorkspaceScopedInput {
  @Field(() => ID)
  @IsUUID('all')
  workspaceId: string;
}

@InputType()
export class NotificationEventSettingInput {
  @Field(() => NotificationEventType)
  @IsEnum(NotificationEventType)
  eventType: NotificationEventType;

  @Field(() => [NotificationChannel])
  @IsEnum(NotificationChannel, { each: true })
  channels: NotificationChannel[];
}

@InputType({ description: 'The event types listed get exactly these channels; the others keep theirs.' })
export class UpdateNotificationSettingsInput extends WorkspaceScopedInput {
  @Field(() => [NotificationEventSettingInput])
  @ArrayMinSize(1, { message: 'must list at least one event type' })
  @ArrayMaxSize(20)
  events: NotificationEventSettingInput[];
}

@InputType({ description: 'Both toggles, saved together.' })
export class UpdateNotificationPreferencesInput {
  @Field()
  @IsBoolean()
  emailUpdates: boolean;

  @Field()
  @IsBoolean()
  pushAlerts: boolean;
}

@InputType()
export class UnsubscribeFromNotificationEmailsInput {
  @Field({ description: 'The token of the link in a notification mail.' })
  @Length(1, 2000)
  token: string;
}

@InputType()
export class PublishNotificationEventInput extends WorkspaceScopedInput {
  @Field(() => NotificationEventType)
  @IsEnum(NotificationEventType)
  type: NotificationEventType;

  @Field({ description: '1 to 200 characters.' })
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  title: string;

  @Field({ description: 'At most 4,000 characters, so a webhook body stays under 20 KB.' })
  @MaxLength(4000, { message: 'must be at most 4000 characters' })
  body: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl(HTTP_URL, { message: URL_MESSAGE })
  url?: string | null;

  @Field()
  occurredAt: Date;

  @Field(() => String, { nullable: true, description: 'Publishing again with the same key within 24 hours returns the first event; other content with the same key is CONFLICT.' })
  @IsOptional()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  idempotencyKey?: string | null;
}

@ArgsType()
export class NotificationDeliveryArgs extends PageArgs {
  @Field(() => DeliveryStatus, { nullable: true })
  @IsOptional()
  status?: DeliveryStatus | null;

  @Field(() => NotificationChannel, { nullable: true })
  @IsOptional()
  channel?: NotificationChannel | null;

  @Field(() => NotificationEventType, { nullable: true })
  @IsOptional()
  eventType?: NotificationEventType | null;
}

@InputType()
export class RedeliverNotificationInput extends WorkspaceScopedInput {
  @Field(() => ID)
  @IsUUID('all')
  deliveryId: string;
}

@InputType()
export class CreateWebhookEndpointInput extends WorkspaceScopedInput {
  @Field()
  @MaxLength(2000)
  @IsUrl(HTTP_URL, { message: URL_MESSAGE })
  url: string;

  @Field(() => [NotificationEventType])
  @ArrayMinSize(1, { message: 'must list at least one event type' })
  eventTypes: NotificationEventType[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;
}

@InputType()
export class WebhookEndpointInput extends WorkspaceScopedInput {
  @Field(() => ID)
  @IsUUID('all')
  id: string;
}

@InputType({ description: 'Fields left out (or null) stay as they are.' })
export class UpdateWebhookEndpointInput extends WebhookEndpointInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl(HTTP_URL, { message: URL_MESSAGE })
  url?: string | null;

  @Field(() => [NotificationEventType], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'must list at least one event type' })
  eventTypes?: NotificationEventType[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true re-enables a disabled endpoint (whatever disabled it); false disables it.' })
  @IsOptional()
  enabled?: boolean | null;
}

@InputType({ description: 'Either webhookUrl (an incoming webhook), or botToken with channel.' })
export class ConnectSlackInput extends WorkspaceScopedInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  @IsUrl(HTTP_URL, { message: URL_MESSAGE })
  webhookUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 500)
  botToken?: string | null;

  @Field(() => String, { nullable: true, description: 'Channel name or id, for botToken.' })
  @IsOptional()
  @Length(1, 80)
  channel?: string | null;
}

@InputType()
export class DisconnectSlackInput extends WorkspaceScopedInput {}

@InputType({ description: "A browser's PushSubscription, as `subscription.toJSON()` gives it (endpoint and keys)." })
export class RegisterPushSubscriptionInput {
  @Field()
  @MaxLength(2000)
  @IsUrl(HTTP_URL, { message: URL_MESSAGE })
  endpoint: string;

  @Field({ description: 'keys.p256dh (base64url).' })
  @Length(80, 100, { message: 'must be the base64url P-256 public key (keys.p256dh)' })
  p256dh: string;

  @Field({ description: 'keys.auth (base64url).' })
  @Length(16, 30, { message: 'must be the base64url auth secret (keys.auth)' })
  auth: string;
}

@InputType()
export class RemovePushSubscriptionInput {
  @Field(() => ID)
  @IsUUID('all')
  id: string;
}
