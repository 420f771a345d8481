import type { Permission } from '../../auth/permissions';

/** The events other services (and Gatehouse itself) publish (seed 003). */
export enum NotificationEventType {
  RUN_FAILED = 'run_failed',
  APPROVAL_REQUESTED = 'approval_requested',
  WORKFLOW_DEPLOYED = 'workflow_deployed',
  MCP_SERVER_DEGRADED = 'mcp_server_degraded',
  SECRET_ROTATED = 'secret_rotated',
}

export enum NotificationChannel {
  EMAIL = 'EMAIL',
  SLACK = 'SLACK',
  WEBHOOK = 'WEBHOOK',
  PUSH = 'PUSH',
}

export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
}

export const NOTIFICATION_EVENT_TYPES = Object.values(NotificationEventType);

/**
 * Who may publish each event type: a person with EDITOR, or a workspace key with the scope of the
 * service that raises it (a run service holds runs:write, and so on). One row each in the permission table.
 */
export const PUBLISH_PERMISSION: Record<NotificationEventType, Permission> = {
  [NotificationEventType.RUN_FAILED]: 'notificationPublishRunFailed',
  [NotificationEventType.APPROVAL_REQUESTED]: 'notificationPublishApprovalRequested',
  [NotificationEventType.WORKFLOW_DEPLOYED]: 'notificationPublishWorkflowDeployed',
  [NotificationEventType.MCP_SERVER_DEGRADED]: 'notificationPublishMcpServerDegraded',
  [NotificationEventType.SECRET_ROTATED]: 'notificationPublishSecretRotated',
};

/** What a workspace that never saved its settings gets: every event by email. */
export const DEFAULT_CHANNELS: readonly NotificationChannel[] = [NotificationChannel.EMAIL];

export type ChannelsByEvent = Record<NotificationEventType, NotificationChannel[]>;

export const defaultChannelsByEvent = (): ChannelsByEvent =>
  Object.fromEntries(NOTIFICATION_EVENT_TYPES.map((type) => [type, [...DEFAULT_CHANNELS]])) as ChannelsByEvent;
