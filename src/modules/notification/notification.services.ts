import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { SealedBox } from '../../auth/sealed-box';
import type { SecretEnvelope } from '../../auth/secret-envelope';
import type { Clock } from '../../clock';
import type { Config } from '../../config';
import type { Mailer } from '../../mail/mailer';
import type { Queues } from '../../queue/queues';
import type { AuditService } from '../audit/audit.service';
import type { WorkspaceService } from '../workspace/workspace.service';
import { NotificationChannelsService } from './notification-channels.service';
import { NotificationDelivery } from './notification-delivery';
import { NotificationSettingsService } from './notification-settings.service';
import { NotificationService } from './notification.service';
import { OutboundHttp } from './outbound-http';
import { WebhookSender } from './webhook-sender';

export interface NotificationModuleDeps {
  config: Config;
  dataSource: DataSource;
  clock: Clock;
  queues: Queues;
  logger: Logger;
  audit: AuditService;
  workspaces: WorkspaceService;
  envelope: SecretEnvelope;
}

/** The notification module's services, built once per process. */
export function createNotificationServices(deps: NotificationModuleDeps) {
  const { config, dataSource, clock, audit, workspaces, envelope } = deps;
  const http = new OutboundHttp(config.notifications.allowPrivateTargets);
  const webhooks = new WebhookSender(envelope, clock, http);
  const notificationSettings = new NotificationSettingsService(dataSource, audit, workspaces);
  // Its own purpose, so an unsubscribe token opens nothing else and nothing else opens as one.
  const unsubscribeTokens = new SealedBox(config.appSecret, 'notification-unsubscribe');
  return {
    notificationSettings,
    notifications: new NotificationService(dataSource, clock, audit, workspaces),
    notificationChannels: new NotificationChannelsService(dataSource, clock, audit, workspaces, envelope, webhooks),
    unsubscribeTokens,
    /** The worker's side: fan-out, attempts and probes, sending mail through the worker's mailer. */
    notificationDelivery: (mailer: Mailer) =>
      new NotificationDelivery(
        { dataSource, clock, settings: notificationSettings, envelope, sealer: unsubscribeTokens, http, webhooks, queues: deps.queues, config: config.notifications, publicUrl: config.publicUrl, logger: deps.logger },
        mailer,
      ),
  };
}
