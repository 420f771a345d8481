import { RiskLevel } from '../audit/audit-catalog';
import type { AuditDigestEntity } from './audit-digest.entity';
import type { AuditDigest } from './audit-digest.types';
import { DigestFrequency } from './digest-schedule';

/** What an unconfigured workspace shows; nothing is stored until an admin saves. */
export const DIGEST_DEFAULTS = {
  enabled: false,
  frequency: DigestFrequency.WEEKLY,
  dayOfWeek: 1,
  dayOfMonth: null,
  hourUtc: 8,
  includeRiskLevels: [RiskLevel.HIGH, RiskLevel.CRITICAL],
  recipients: [],
  lastSentAt: null,
  nextDueAt: null,
} as const;

export const toAuditDigest = (entity: AuditDigestEntity | null): AuditDigest => {
  const source = entity ?? DIGEST_DEFAULTS;
  return {
    enabled: source.enabled,
    frequency: source.frequency,
    dayOfWeek: source.dayOfWeek,
    dayOfMonth: source.dayOfMonth,
    hourUTC: source.hourUtc,
    includeRiskLevels: [...source.includeRiskLevels],
    recipients: [...source.recipients],
    lastSentAt: source.lastSentAt,
    nextDueAt: source.nextDueAt,
  };
};
