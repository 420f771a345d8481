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
} as const satisfies Record<string, RiskLevel>;

export type AuditAction = keyof typeof AUDIT_CATALOG;
