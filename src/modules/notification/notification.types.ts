import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination';
import { DeliveryStatus, NotificationChannel, NotificationEventType } from './notification-catalog';
import { SlackConnectionKind, SlackConnectionStatus } from './slack-connection.entity';
import { WebhookDisabledBy } from './webhook-endpoint.entity';

registerEnumType(NotificationEventType, { name: 'NotificationEventType', description: 'What happened: the kinds of event other services (and Gatehouse itself) publish.' });
registerEnumType(NotificationChannel, { name: 'NotificationChannel' });
registerEnumType(DeliveryStatus, { name: 'NotificationDeliveryStatus' });
registerEnumType(WebhookDisabledBy, { name: 'WebhookDisabledBy' });
registerEnumType(SlackConnectionKind, { name: 'SlackConnectionKind' });
registerEnumType(SlackConnectionStatus, { name: 'SlackConnectionStatus' });

@ObjectType()
export class NotificationEventSetting {
  @Field(() => NotificationEventType)
  eventType: NotificationEventType;

  @Field(() => [NotificationChannel], { description: 'Empty: the event notifies nobody.' })
  channels: NotificationChannel[];
}

@ObjectType({ description: 'Which channels each event type goes to. Never saved: every event by EMAIL.' })
export class NotificationSettings {
  @Field(() => [NotificationEventSetting], { description: 'Every event type, in a fixed order.' })
  events: NotificationEventSetting[];
}

@ObjectType()
export class UpdateNotificationSettingsPayload {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => NotificationSettings)
  notificationSettings: NotificationSettings;
}

@ObjectType({ description: "The signed-in person's own notification toggles." })
export class NotificationPreferences {
  @Field({ description: 'Receive notification mail. On until turned off (or unsubscribed from a mail).' })
  emailUpdates: boolean;

  @Field({ description: 'Receive push notifications. Off until turned on.' })
  pushAlerts: boolean;
}

@ObjectType()
export class UpdateNotificationPreferencesPayload {
  @Field(() => NotificationPreferences)
  notificationPreferences: NotificationPreferences;
}

@ObjectType()
export class UnsubscribeFromNotificationEmailsPayload {
  @Field({ description: 'Always true once the link was valid: emailUpdates is now off.' })
  unsubscribed: boolean;
}

@ObjectType()
export class NotificationEvent {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  workspaceId: string;

  @Field(() => NotificationEventType)
  type: NotificationEventType;

  @Field()
  title: string;

  @Field()
  body: string;

  @Field(() => String, { nullable: true })
  url: string | null;

  @Field()
  occurredAt: Date;

  @Field({ description: 'When Gatehouse accepted it.' })
  createdAt: Date;
}

@ObjectType()
export class PublishNotificationEventPayload {
  @Field(() => NotificationEvent)
  event: NotificationEvent;

  @Field({ description: 'True when the idempotencyKey named an event published in the last 24 hours: that event is returned and nothing is sent again.' })
  duplicate: boolean;
}

@ObjectType({ description: 'One event to one target on one channel.' })
export class NotificationDelivery {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  eventId: string;

  @Field(() => NotificationEventType)
  eventType: NotificationEventType;

  @Field(() => NotificationChannel)
  channel: NotificationChannel;

  @Field({ description: 'Masked: an address like a***@example.com, an endpoint origin, a Slack channel.' })
  target: string;

  @Field(() => DeliveryStatus)
  status: DeliveryStatus;

  @Field(() => String, { nullable: true, description: 'Why it was SKIPPED or FAILED, or why the last attempt failed.' })
  reason: string | null;

  @Field(() => Int)
  attempts: number;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last attempt (Slack, webhooks).' })
  lastResponseCode: number | null;

  @Field(() => Int, { nullable: true })
  lastDurationMs: number | null;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due; null unless PENDING (and null while its endpoint is disabled).' })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt: Date | null;

  @Field()
  createdAt: Date;
}

export const NotificationDeliveryConnection = ConnectionType(NotificationDelivery, 'NotificationDelivery');

@ObjectType()
export class RedeliverNotificationPayload {
  @Field(() => NotificationDelivery)
  delivery: NotificationDelivery;
}

@ObjectType({ description: 'A receiver of signed webhooks (Standard Webhooks). Its secret is shown only when created or rotated.' })
export class WebhookEndpoint {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  workspaceId: string;

  @Field()
  url: string;

  @Field(() => [NotificationEventType])
  eventTypes: NotificationEventType[];

  @Field()
  description: string;

  @Field()
  enabled: boolean;

  @Field(() => WebhookDisabledBy, { nullable: true, description: 'FAILING endpoints are probed hourly and re-enabled by themselves; GONE (it answered 410) and ADMIN wait for an admin.' })
  disabledBy: WebhookDisabledBy | null;

  @Field(() => Date, { nullable: true })
  disabledAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Since when every attempt has failed.' })
  failingSince: Date | null;

  @Field(() => Date, { nullable: true, description: 'Until then deliveries are signed with the previous secret too.' })
  previousSecretExpiresAt: Date | null;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class WebhookEndpointSecretPayload {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field({ description: 'The signing secret (`whsec_…`), shown this once.' })
  secret: string;
}

@ObjectType()
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;
}

@ObjectType()
export class DeleteWebhookEndpointPayload {
  @Field(() => ID)
  workspaceId: string;

  @Field(() => ID)
  endpointId: string;
}

@ObjectType()
export class SendTestWebhookPayload {
  @Field({ description: 'The endpoint answered 2xx.' })
  delivered: boolean;

  @Field(() => Int, { nullable: true })
  responseCode: number | null;

  @Field(() => Int)
  durationMs: number;

  @Field(() => String, { nullable: true, description: 'Why no response came (refused address, timeout, …).' })
  error: string | null;
}

@ObjectType({ description: "The workspace's Slack connection. The webhook URL or token is never shown again." })
export class SlackConnection {
  @Field(() => SlackConnectionKind)
  kind: SlackConnectionKind;

  @Field(() => String, { nullable: true, description: 'The channel a bot posts to; null for an incoming webhook.' })
  channel: string | null;

  @Field(() => SlackConnectionStatus, { description: 'ERROR after Slack refused it (401/403/404, revoked token, unknown channel): reconnect to resume.' })
  status: SlackConnectionStatus;

  @Field(() => String, { nullable: true })
  statusReason: string | null;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class ConnectSlackPayload {
  @Field(() => SlackConnection)
  slackConnection: SlackConnection;
}

@ObjectType()
export class DisconnectSlackPayload {
  @Field(() => ID)
  workspaceId: string;
}

@ObjectType({ description: 'A browser subscribed to push alerts.' })
export class PushSubscription {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The push service origin only.' })
  endpoint: string;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class RegisterPushSubscriptionPayload {
  @Field(() => PushSubscription)
  subscription: PushSubscription;
}

@ObjectType()
export class RemovePushSubscriptionPayload {
  @Field(() => ID)
  id: string;
}
