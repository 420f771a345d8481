import type { RestRoute } from '../../rest/rest-route';

const DIGEST = 'fragment Digest on AuditDigest { enabled frequency dayOfWeek dayOfMonth hourUTC includeRiskLevels recipients lastSentAt nextDueAt }';

/** Seed 003, "Audit digest". */
export const auditDigestRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: '/workspace/audit-digest',
    tag: 'Audit digest',
    summary: 'The scheduled audit digest',
    operation: `query RestGetAuditDigest($workspaceId: ID!) { workspace(id: $workspaceId) { auditDigest { ...Digest } } } ${DIGEST}`,
    result: ['workspace', 'auditDigest'],
  },
  {
    method: 'PUT',
    path: '/workspace/audit-digest',
    tag: 'Audit digest',
    summary: 'Replace the audit digest schedule',
    operation: `mutation RestPutAuditDigest($input: UpdateAuditDigestInput!) { updateAuditDigest(input: $input) { auditDigest { ...Digest } } } ${DIGEST}`,
    result: ['updateAuditDigest', 'auditDigest'],
  },
];
