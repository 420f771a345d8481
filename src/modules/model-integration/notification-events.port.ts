import type { EntityManager } from 'typeorm';

/** An in-product notification event, written in the transaction of the change that causes it. */
export interface InternalNotificationEvent {
  workspaceId: string;
  type: 'secret_rotated';
  title: string;
  body: string;
  url?: string;
  occurredAt: Date;
  idempotencyKey?: string;
}

/** What this module needs of the notification module (issue 15 asks rotation to emit `secret_rotated`). */
export interface NotificationEvents {
  publishInternal(manager: EntityManager, event: InternalNotificationEvent): Promise<void>;
}

/**
 * PLACEHOLDER until the notification module (built on another branch) is merged: it publishes nothing.
 * The merge replaces it with the notification module's implementation in createWorkspaceAdminServices.
 */
export const notificationEventsPlaceholder: NotificationEvents = {
  publishInternal: async () => undefined,
};
