import type { RestRoute } from '../../rest/rest-route';

/** Seed 003, "Notifications": the channels of each event type. */
export const notificationRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: '/workspace/notifications',
    tag: 'Notifications',
    summary: 'The channels each event type is delivered to',
    operation: 'query RestGetNotifications($workspaceId: ID!) { workspace(id: $workspaceId) { notificationSettings { events { eventType channels } } } }',
    result: ['workspace', 'notificationSettings'],
  },
  {
    method: 'PUT',
    path: '/workspace/notifications',
    tag: 'Notifications',
    summary: 'Replace the channels of every event type',
    operation: 'mutation RestPutNotifications($input: UpdateNotificationSettingsInput!) { updateNotificationSettings(input: $input) { notificationSettings { events { eventType channels } } } }',
    result: ['updateNotificationSettings', 'notificationSettings'],
  },
];
