import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { LoaderContext } from '../../module';
import type { ChannelsByEvent } from './notification-catalog';
import { NotificationSettingsEntity } from './notification-settings.entity';
import { channelsOf } from './notification-settings.service';
import type { SlackConnectionRow, WebhookEndpointRow } from './notification.mappers';
import { SlackConnectionEntity } from './slack-connection.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/** Reads for the settings pages: only the columns shown, never a sealed secret. */
export function createNotificationLoaders() {
  return {
    /** By workspace id: channels per event type, the defaults where nothing was saved. */
    notificationSettings: ({ dataSource }: LoaderContext) => new DataLoader<string, ChannelsByEvent>(async (workspaceIds) => {
      const rows = await dataSource.getRepository(NotificationSettingsEntity).find({ where: { workspaceId: In([...workspaceIds]) }, select: { workspaceId: true, channels: true } });
      const byWorkspace = new Map(rows.map((row) => [row.workspaceId, row.channels]));
      return workspaceIds.map((id) => channelsOf(byWorkspace.get(id)));
    }),
    /** By workspace id, oldest first. */
    webhookEndpoints: ({ dataSource }: LoaderContext) => new DataLoader<string, WebhookEndpointRow[]>(async (workspaceIds) => {
      const rows = await dataSource.getRepository(WebhookEndpointEntity).find({
        where: { workspaceId: In([...workspaceIds]) },
        select: { id: true, workspaceId: true, url: true, eventTypes: true, description: true, disabledBy: true, disabledAt: true, failingSince: true, previousSecretExpiresAt: true, createdAt: true },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      return workspaceIds.map((id) => rows.filter((row) => row.workspaceId === id));
    }),
    slackConnection: ({ dataSource }: LoaderContext) => new DataLoader<string, SlackConnectionRow | null>(async (workspaceIds) => {
      const rows = await dataSource.getRepository(SlackConnectionEntity).find({
        where: { workspaceId: In([...workspaceIds]) },
        select: { workspaceId: true, kind: true, channel: true, status: true, statusReason: true, updatedAt: true },
      });
      const byWorkspace = new Map(rows.map((row) => [row.workspaceId, row]));
      return workspaceIds.map((id) => byWorkspace.get(id) ?? null);
    }),
  };
}
