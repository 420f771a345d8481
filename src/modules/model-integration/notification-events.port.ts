import type { EntityManager } from 'typeorm';

/** A rotation's notification event, written in the rotation's transaction. */
export interface InternalNotificationEvent {
  workspaceId: string;
  title: string;
  body: string;
  url?: string;
  occurredAt: Date;
  idempotencyKey?: string;
}

/** What this module needs of the notification module: announcing `secret_rotated` (wired in the manifest). */
export interface NotificationEvents {
  publishInternal(manager: EntityManager, event: InternalNotificationEvent): Promise<void>;
}
