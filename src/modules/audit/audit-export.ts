import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../clock';
import type { AuditService } from './audit.service';
import type { AuditEvent } from './audit.types';

export enum AuditExportFormat {
  JSONL = 'JSONL',
  CSV = 'CSV',
}

export interface AuditExportRequest {
  workspaceId: string;
  from: Date;
  to: Date;
  format: AuditExportFormat;
}

/** Where Gatehouse serves the downloads (src/http/audit-export.ts). */
export const AUDIT_EXPORT_PATH = '/exports/audit-events';

/** How long a download link works: long enough to start the download, short enough not to be shared. */
export const EXPORT_LINK_SECONDS = 300;
/**
 * Rows per statement while streaming: memory holds one batch, whatever the export's size. Smaller
 * batches do not lower the peak RSS (`npm run bench -- audit-export`): V8 lets the garbage of any
 * batch size pile up in the old generation until its next full GC, see README "Benchmarks".
 */
export const EXPORT_BATCH = 5000;
const CSV_COLUMNS = ['id', 'occurredAt', 'action', 'riskLevel', 'actorType', 'actorId', 'actorName', 'actorEmail', 'targetType', 'targetId', 'ip', 'userAgent', 'metadata'] as const;

/**
 * Signed, short-lived download links for a workspace's audit log (`<payload>.<HMAC>`, base64url),
 * and the streamed file itself. The link is the authorization: it is made only for callers allowed
 * to read the log, and names exactly one workspace, period and format.
 */
export class AuditExporter {
  constructor(
    private readonly audit: AuditService,
    private readonly secret: string,
    private readonly clock: Clock,
  ) {}

  sign(request: AuditExportRequest): { token: string; expiresAt: Date } {
    const expiresAt = new Date(this.clock.now().getTime() + EXPORT_LINK_SECONDS * 1000);
    const payload = Buffer.from(JSON.stringify({ ...request, from: request.from.toISOString(), to: request.to.toISOString(), exp: expiresAt.getTime() })).toString('base64url');
    return { token: `${payload}.${this.mac(payload)}`, expiresAt };
  }

  /** The request a link stands for, or undefined when it was altered or has expired. */
  open(token: string): AuditExportRequest | undefined {
    const [payload, mac] = token.split('.');
    if (!payload || !mac) return undefined;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { workspaceId: string; from: string; to: string; format: AuditExportFormat; exp: number };
    if (parsed.exp <= this.clock.now().getTime()) return undefined;
    return { workspaceId: parsed.workspaceId, from: new Date(parsed.from), to: new Date(parsed.to), format: parsed.format };
  }

  /** The file, a batch of lines at a time (a header first for CSV), newest event first. */
  async *lines(request: AuditExportRequest): AsyncGenerator<string> {
    if (request.format === AuditExportFormat.CSV) yield `${CSV_COLUMNS.join(',')}\n`;
    let after: string | null = null;
    do {
      const batch = await this.batch(request, after);
      yield batch.text;
      after = batch.after;
    } while (after);
  }

  /** One batch as text: its rows are garbage once this returns, not held while the text waits for the client. */
  private async batch(request: AuditExportRequest, after: string | null): Promise<{ text: string; after: string | null }> {
    const page = await this.audit.list({ workspaceId: request.workspaceId }, { from: request.from, to: request.to }, EXPORT_BATCH, after);
    const text = page.edges.map(({ node }) => (request.format === AuditExportFormat.CSV ? csvLine(node) : `${JSON.stringify(node)}\n`)).join('');
    return { text, after: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(`audit-export:${payload}`).digest('base64url');
  }
}

function csvLine(event: AuditEvent): string {
  const values: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    id: event.id,
    occurredAt: event.occurredAt.toISOString(),
    action: event.action,
    riskLevel: event.riskLevel,
    actorType: event.actor.type,
    actorId: event.actor.id,
    actorName: event.actor.name,
    actorEmail: event.actor.email,
    targetType: event.target.type,
    targetId: event.target.id,
    ip: event.ip,
    userAgent: event.userAgent,
    metadata: JSON.stringify(event.metadata),
  };
  return `${CSV_COLUMNS.map((column) => csvField(values[column])).join(',')}\n`;
}

/** RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet does not run it as a formula. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
