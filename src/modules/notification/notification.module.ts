import { SealedBox } from '../../auth/sealed-box';
import type { Mailer } from '../../mail/mailer';
import type { GatehouseModule, LoadersOf } from '../../module';
import { QueueName } from '../../queue/queues';
import { NotificationChannelsService } from './notification-channels.service';
import { NotificationDelivery } from './notification-delivery';
import { NotificationSettingsService } from './notification-settings.service';
import { WEBHOOK_PROBE, createNotificationJobHandlers } from './notification.jobs';
import { createNotificationLoaders } from './notification.loaders';
import { NOTIFICATION_TEMPLATE, WEBHOOK_DISABLED_TEMPLATE, renderNotification, renderWebhookDisabled } from './notification.mail';
import { ViewerNotificationResolver, WorkspaceNotificationChannelsResolver, WorkspaceNotificationResolver } from './notification.resolver';
import { NotificationService } from './notification.service';
import { OutboundHttp } from './outbound-http';
import { WebhookSender } from './webhook-sender';
import { notificationRoutes } from './notification.rest';
import { NOTIFICATION_SEALED_COLUMNS } from './secret-binding';

const loaders = createNotificationLoaders();

declare module '../../module' {
  interface Services {
    notificationSettings: NotificationSettingsService;
    notifications: NotificationService;
    notificationChannels: NotificationChannelsService;
    /** Seals unsubscribe links: its own purpose, so such a token opens nothing else and nothing else opens as one. */
    unsubscribeTokens: SealedBox;
    /** The worker's side: fan-out, attempts and probes, sending mail through the worker's mailer. */
    notificationDelivery: (mailer: Mailer) => NotificationDelivery;
  }
  interface Loaders extends LoadersOf<typeof loaders> {}
}

/** Workspace notification settings and personal toggles, event intake, and fan-out to email, Slack, webhooks and push. */
export const notificationModule: GatehouseModule = {
  name: 'notification',
  services: ({ config, dataSource, clock, queues, logger }, s) => {
    const http = new OutboundHttp(config.notifications.allowPrivateTargets);
    const webhooks = new WebhookSender(s.envelope, clock, http);
    const notificationSettings = new NotificationSettingsService(dataSource, s.audit, s.workspaces);
    const unsubscribeTokens = new SealedBox(config.appSecret, 'notification-unsubscribe');
    const notifications = new NotificationService(dataSource, clock, s.audit, s.workspaces);
    s.retention.retain('notificationEventsDeleted', (workspaceId, cutoff, batch) => notifications.deleteOlderThan(workspaceId, cutoff, batch));
    return {
      notificationSettings,
      notifications,
      notificationChannels: new NotificationChannelsService(dataSource, clock, s.audit, s.workspaces, s.envelope, webhooks),
      unsubscribeTokens,
      notificationDelivery: (mailer: Mailer) =>
        new NotificationDelivery(
          { dataSource, clock, settings: notificationSettings, envelope: s.envelope, sealer: unsubscribeTokens, http, webhooks, queues, config: config.notifications, publicUrl: config.publicUrl, logger },
          mailer,
        ),
    };
  },
  resolvers: [
    [WorkspaceNotificationResolver, (s) => new WorkspaceNotificationResolver(s.notificationSettings, s.notifications)],
    [WorkspaceNotificationChannelsResolver, (s) => new WorkspaceNotificationChannelsResolver(s.notificationChannels)],
    [ViewerNotificationResolver, (s) => new ViewerNotificationResolver(s.notificationSettings, s.unsubscribeTokens, s.config.notifications.vapid?.publicKey)],
  ],
  loaders,
  mailTemplates: { [NOTIFICATION_TEMPLATE]: renderNotification, [WEBHOOK_DISABLED_TEMPLATE]: renderWebhookDisabled },
  jobs: (s, mailer) => ({ [QueueName.Notifications]: createNotificationJobHandlers(s.notificationDelivery, mailer) }),
  recurringJobs: [WEBHOOK_PROBE],
  sealedColumns: NOTIFICATION_SEALED_COLUMNS,
  restRoutes: notificationRoutes,
};
