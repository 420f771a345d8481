import { escapeHtml, layout, type RenderedMail } from '../../mail/templates';
import type { RiskLevel } from '../audit/audit-catalog';
import type { DigestReport } from './digest-report';

export const AUDIT_DIGEST_TEMPLATE = 'audit_digest';

export interface AuditDigestMailData {
  workspaceName: string;
  /** ISO instants; the window is [from, to). */
  from: string;
  to: string;
  riskLevels: RiskLevel[];
  report: DigestReport;
  auditLogUrl: string;
  /** Sent by sendAuditDigestNow rather than on schedule. */
  onRequest: boolean;
}

const utc = (instant: string) => instant.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');

export function renderAuditDigest(data: Record<string, unknown>): RenderedMail {
  const { workspaceName, from, to, riskLevels, report, auditLogUrl, onRequest } = data as unknown as AuditDigestMailData;
  const window = `${utc(from)} – ${utc(to)}`;
  const levels = riskLevels.join(', ');
  const subject = `${onRequest ? '[on request] ' : ''}Audit digest for ${workspaceName}: ${report.total === 0 ? 'nothing matched' : `${report.total} event${report.total === 1 ? '' : 's'}`}`;
  const intro = `Audit events of ${workspaceName} at risk levels ${levels}, ${window}.`;

  if (report.total === 0) {
    const nothing = 'Nothing matched: no audit events at these risk levels in this period.';
    return {
      subject,
      text: `${intro}\n\n${nothing}\n\nAudit log: ${auditLogUrl}\n`,
      html: layout({ title: `Audit digest: ${workspaceName}`, paragraphs: [escapeHtml(intro), escapeHtml(nothing)], action: { label: 'Open the audit log', url: auditLogUrl } }),
    };
  }

  const byRisk = report.byRisk.map((row) => `${row.riskLevel}: ${row.count}`);
  const byAction = report.byAction.map((row) => `${row.action} (${row.riskLevel}): ${row.count}`);
  const listed = report.highlighted.map((event) => `${utc(event.occurredAt)}  ${event.riskLevel}  ${event.action}  by ${event.actor}  on ${event.target}`);
  const unlisted = report.highlightedTotal - report.highlighted.length;
  const more = unlisted > 0 ? `…and ${unlisted} more in the audit log.` : '';

  const text = [
    intro,
    '',
    `${report.total} events matched.`,
    '',
    'By risk level:',
    ...byRisk.map((line) => `  ${line}`),
    '',
    'By action:',
    ...byAction.map((line) => `  ${line}`),
    ...(listed.length ? ['', 'Critical and high-risk events:', ...listed.map((line) => `  ${line}`), ...(more ? [`  ${more}`] : [])] : []),
    '',
    `Audit log: ${auditLogUrl}`,
    '',
  ].join('\n');

  const lines = (title: string, items: string[]) => `<strong>${escapeHtml(title)}</strong><br>${items.map(escapeHtml).join('<br>')}`;
  const paragraphs = [escapeHtml(intro), escapeHtml(`${report.total} events matched.`), lines('By risk level', byRisk), lines('By action', byAction)];
  if (listed.length) paragraphs.push(lines('Critical and high-risk events', more ? [...listed, more] : listed));
  return { subject, text, html: layout({ title: `Audit digest: ${workspaceName}`, paragraphs, action: { label: 'Open the audit log', url: auditLogUrl } }) };
}
