export enum RiskLevel {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

/** Every audited action and its fixed risk level: the one place a risk is decided. */
export const AUDIT_CATALOG = {
  'organization.created': RiskLevel.LOW,
  'organization.updated': RiskLevel.LOW,
  'org_member.added': RiskLevel.MEDIUM,
  'org_member.updated': RiskLevel.MEDIUM,
  'org_member.removed': RiskLevel.MEDIUM,
  'workspace.created': RiskLevel.LOW,
  'workspace.updated': RiskLevel.MEDIUM,
  'member.added': RiskLevel.MEDIUM,
  'member.updated': RiskLevel.MEDIUM,
  'member.removed': RiskLevel.MEDIUM,
  'passkey.added': RiskLevel.MEDIUM,
  'passkey.renamed': RiskLevel.LOW,
  'passkey.removed': RiskLevel.MEDIUM,
  'member.invited': RiskLevel.MEDIUM,
  'invitation.resent': RiskLevel.LOW,
  'invitation.revoked': RiskLevel.MEDIUM,
  'invitation.accepted': RiskLevel.MEDIUM,
  'member.erased': RiskLevel.CRITICAL,
  // Issuing a secret opens standing access: HIGH. Taking access away: MEDIUM.
  'api_key.created': RiskLevel.HIGH,
  'api_key.rotated': RiskLevel.HIGH,
  'api_key.activated': RiskLevel.HIGH,
  'api_key.deactivated': RiskLevel.MEDIUM,
  'api_key.revoked': RiskLevel.MEDIUM,
  'app_secret.rotated': RiskLevel.HIGH,
  'personal_api_key.created': RiskLevel.HIGH,
  'personal_api_key.deleted': RiskLevel.MEDIUM,
  // Account security (no organization): each can hand the account to someone else, or shows someone trying.
  'account.email_changed': RiskLevel.HIGH,
  'account.password_changed': RiskLevel.HIGH,
  'account.password_reset': RiskLevel.HIGH,
  'account.sessions_revoked': RiskLevel.MEDIUM,
  'account.sign_in_limited': RiskLevel.MEDIUM,
  'audit_digest.updated': RiskLevel.MEDIUM,
  'audit_digest.sent_now': RiskLevel.LOW,
  'notification_settings.updated': RiskLevel.MEDIUM,
  // Webhook and Slack targets receive workspace events: adding or re-pointing one is an exfiltration path.
  'webhook_endpoint.created': RiskLevel.HIGH,
  'webhook_endpoint.updated': RiskLevel.HIGH,
  'webhook_endpoint.deleted': RiskLevel.MEDIUM,
  'webhook_endpoint.secret_rotated': RiskLevel.HIGH,
  'slack_connection.connected': RiskLevel.HIGH,
  'slack_connection.disconnected': RiskLevel.MEDIUM,
  'notification.redelivered': RiskLevel.LOW,
  // Shortening retention destroys history an investigation may need (seed 003, common mistakes).
  'workspace.retention_lowered': RiskLevel.HIGH,
  'project.created': RiskLevel.LOW,
  'project.updated': RiskLevel.LOW,
  'project.archived': RiskLevel.MEDIUM,
  'project.deleted': RiskLevel.HIGH,
  'project_member.added': RiskLevel.MEDIUM,
  'project_member.updated': RiskLevel.MEDIUM,
  'project_member.removed': RiskLevel.MEDIUM,
  // A role's permissions decide what its holders can reach, so changing one is a grant.
  'project_role.created': RiskLevel.MEDIUM,
  'project_role.updated': RiskLevel.HIGH,
  'project_role.deleted': RiskLevel.MEDIUM,
  // Unhiding span attributes exposes data (prompts, outputs) to people who could not see it.
  'attribute_visibility.updated': RiskLevel.HIGH,
  'project_retention.updated': RiskLevel.MEDIUM,
  'project_retention.lowered': RiskLevel.HIGH,
  'project_api_key.generated': RiskLevel.HIGH,
  'project_api_key.regenerated': RiskLevel.HIGH,
  'project_api_key.revoked': RiskLevel.MEDIUM,
  // Workspace administration.
  'workspace.environment_updated': RiskLevel.MEDIUM,
  'model_integration.created': RiskLevel.HIGH,
  'model_integration.updated': RiskLevel.MEDIUM,
  'model_integration.deleted': RiskLevel.MEDIUM,
  // Seed 003: reading a raw secret is always a high-risk event.
  'secret.accessed': RiskLevel.HIGH,
  // Recorded on the organization: the workspace's own events go with it.
  'workspace.deleted': RiskLevel.CRITICAL,
  'billing.portal_session_created': RiskLevel.MEDIUM,
  // Can replace retention, seats, digests and provider credentials in one go.
  'workspace.settings_imported': RiskLevel.HIGH,
} as const satisfies Record<string, RiskLevel>;

export type AuditAction = keyof typeof AUDIT_CATALOG;
