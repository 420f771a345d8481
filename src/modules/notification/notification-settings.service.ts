import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import type { Actor } from '../../auth/actor';
import { inTransaction } from '../../db/transaction';
import type { AuditService } from '../audit/audit.service';
import type { WorkspaceService } from '../workspace/workspace.service';
import { NOTIFICATION_EVENT_TYPES, NotificationChannel, defaultChannelsByEvent, type ChannelsByEvent, type NotificationEventType } from './notification-catalog';
import { NotificationPreferenceEntity } from './notification-preference.entity';
import { NotificationSettingsEntity } from './notification-settings.entity';
import { PushSubscriptionEntity } from './push-subscription.entity';

export interface NotificationPreferences {
  emailUpdates: boolean;
  pushAlerts: boolean;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = { emailUpdates: true, pushAlerts: false };

const CHANNEL_ORDER = Object.values(NotificationChannel);

/** Channels deduplicated, in one order, so equal settings compare equal. */
const normalized = (channels: NotificationChannel[]) => CHANNEL_ORDER.filter((channel) => channels.includes(channel));

/** Stored settings over the defaults: an event type added to the catalog later starts with the defaults. */
export function channelsOf(stored: ChannelsByEvent | null | undefined): ChannelsByEvent {
  return { ...defaultChannelsByEvent(), ...(stored ?? {}) };
}

/** Workspace notification settings (seed 003) and each person's toggles (seed 001). */
export class NotificationSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly workspaces: WorkspaceService,
  ) {}

  async channels(manager: EntityManager, workspaceId: string): Promise<ChannelsByEvent> {
    const row = await manager.findOne(NotificationSettingsEntity, { where: { workspaceId }, select: { workspaceId: true, channels: true } });
    return channelsOf(row?.channels);
  }

  /** Replaces the channels of the event types given; the others keep theirs. Audited with before and after. */
  async update(actor: Actor, workspaceId: string, events: Array<{ eventType: NotificationEventType; channels: NotificationChannel[] }>): Promise<ChannelsByEvent> {
    return inTransaction(this.dataSource, async (manager) => {
      const workspace = await this.workspaces.lock(manager, workspaceId);
      const before = await this.channels(manager, workspaceId);
      const after = { ...before };
      for (const { eventType, channels } of events) after[eventType] = normalized(channels);
      const ordered = Object.fromEntries(NOTIFICATION_EVENT_TYPES.map((type) => [type, after[type]])) as ChannelsByEvent;
      if (JSON.stringify(ordered) === JSON.stringify(before)) return before;
      await manager.upsert(NotificationSettingsEntity, { workspaceId, channels: ordered }, ['workspaceId']);
      await this.audit.recordForWorkspace(manager, actor, workspace, {
        action: 'notification_settings.updated',
        target: { type: 'notification_settings', id: workspaceId },
        metadata: { before, after: ordered },
      });
      return ordered;
    });
  }

  async preferences(userId: string): Promise<NotificationPreferences> {
    const row = await this.dataSource.getRepository(NotificationPreferenceEntity).findOne({ where: { userId }, select: { userId: true, emailUpdates: true, pushAlerts: true } });
    return row ? { emailUpdates: row.emailUpdates, pushAlerts: row.pushAlerts } : { ...DEFAULT_PREFERENCES };
  }

  /** Saves both toggles together, as the settings form does. */
  async savePreferences(userId: string, preferences: NotificationPreferences): Promise<NotificationPreferences> {
    await this.dataSource.getRepository(NotificationPreferenceEntity).upsert({ userId, ...preferences }, ['userId']);
    return { ...preferences };
  }

  /** The unsubscribe link in a notification mail: email off, push as it was. */
  async turnEmailOff(userId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notification_preference (user_id, email_updates, push_alerts) VALUES ($1, false, $2)
       ON CONFLICT (user_id) DO UPDATE SET email_updates = false, updated_at = now()`,
      [userId, DEFAULT_PREFERENCES.pushAlerts],
    );
  }

  /**
   * Saves a browser's subscription for this person. The endpoint identifies the browser: registering
   * it again (after a key change, or by another person signing in there) replaces the row.
   */
  async registerPushSubscription(userId: string, subscription: { endpoint: string; p256dh: string; auth: string }): Promise<PushSubscriptionEntity> {
    if (Buffer.from(subscription.p256dh, 'base64url').length !== 65) throw badInput('p256dh', 'must be the base64url uncompressed P-256 public key of the subscription (65 bytes)');
    if (Buffer.from(subscription.auth, 'base64url').length !== 16) throw badInput('auth', 'must be the base64url auth secret of the subscription (16 bytes)');
    const [row]: PushSubscriptionEntity[] = await this.dataSource.query(
      `INSERT INTO push_subscription (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)
       ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth
       RETURNING id, user_id AS "userId", endpoint, created_at AS "createdAt"`,
      [userId, subscription.endpoint, subscription.p256dh, subscription.auth],
    );
    return row;
  }

  async removePushSubscription(userId: string, id: string): Promise<void> {
    const { affected } = await this.dataSource.getRepository(PushSubscriptionEntity).delete({ id, userId });
    if (!affected) throw new DomainError(ErrorCode.NOT_FOUND, 'Push subscription not found');
  }

  pushSubscriptions(userId: string): Promise<Array<Pick<PushSubscriptionEntity, 'id' | 'endpoint' | 'createdAt'>>> {
    return this.dataSource.getRepository(PushSubscriptionEntity).find({ where: { userId }, select: { id: true, endpoint: true, createdAt: true }, order: { createdAt: 'ASC' } });
  }
}
