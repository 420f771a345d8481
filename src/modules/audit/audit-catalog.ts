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
  // Shortening retention destroys history an investigation may need (seed 003, common mistakes).
  'workspace.retention_lowered': RiskLevel.HIGH,
} as const satisfies Record<string, RiskLevel>;

export type AuditAction = keyof typeof AUDIT_CATALOG;
