import { NOTIFICATION_EVENT_TYPES, type ChannelsByEvent } from './notification-catalog';
import type { NotificationEventEntity } from './notification-event.entity';
import type { DeliveryRow } from './notification.service';
import type { NotificationDelivery, NotificationEvent, NotificationSettings, PushSubscription, SlackConnection, WebhookEndpoint } from './notification.types';
import type { PushSubscriptionEntity } from './push-subscription.entity';
import type { SlackConnectionEntity } from './slack-connection.entity';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';

export const toNotificationSettings = (channels: ChannelsByEvent): NotificationSettings => ({
  events: NOTIFICATION_EVENT_TYPES.map((eventType) => ({ eventType, channels: [...channels[eventType]] })),
});

export const toNotificationEvent = (event: NotificationEventEntity): NotificationEvent => ({
  id: event.id,
  workspaceId: event.workspaceId,
  type: event.type,
  title: event.title,
  body: event.body,
  url: event.url,
  occurredAt: event.occurredAt,
  createdAt: event.createdAt,
});

export const toNotificationDelivery = (row: DeliveryRow): NotificationDelivery => ({
  id: row.id,
  eventId: row.eventId,
  eventType: row.eventType,
  channel: row.channel,
  target: row.targetLabel,
  status: row.status,
  reason: row.reason,
  attempts: row.attempts,
  lastResponseCode: row.lastResponseCode,
  lastDurationMs: row.lastDurationMs,
  nextAttemptAt: row.nextAttemptAt,
  deliveredAt: row.deliveredAt,
  createdAt: row.createdAt,
});

export type WebhookEndpointRow = Pick<
  WebhookEndpointEntity,
  'id' | 'workspaceId' | 'url' | 'eventTypes' | 'description' | 'disabledBy' | 'disabledAt' | 'failingSince' | 'previousSecretExpiresAt' | 'createdAt'
>;

export const toWebhookEndpoint = (endpoint: WebhookEndpointRow): WebhookEndpoint => ({
  id: endpoint.id,
  workspaceId: endpoint.workspaceId,
  url: endpoint.url,
  eventTypes: endpoint.eventTypes,
  description: endpoint.description,
  enabled: !endpoint.disabledBy,
  disabledBy: endpoint.disabledBy,
  disabledAt: endpoint.disabledAt,
  failingSince: endpoint.failingSince,
  previousSecretExpiresAt: endpoint.previousSecretExpiresAt,
  createdAt: endpoint.createdAt,
});

export type SlackConnectionRow = Pick<SlackConnectionEntity, 'kind' | 'channel' | 'status' | 'statusReason' | 'updatedAt'>;

export const toSlackConnection = (connection: SlackConnectionRow): SlackConnection => ({
  kind: connection.kind,
  channel: connection.channel,
  status: connection.status,
  statusReason: connection.statusReason,
  updatedAt: connection.updatedAt,
});

export const toPushSubscription = (subscription: Pick<PushSubscriptionEntity, 'id' | 'endpoint' | 'createdAt'>): PushSubscription => ({
  id: subscription.id,
  endpoint: new URL(subscription.endpoint).origin,
  createdAt: subscription.createdAt,
});
