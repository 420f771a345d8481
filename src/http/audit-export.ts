import { Router, type Response } from 'express';
import { AUDIT_EXPORT_PATH, AuditExportFormat } from '../modules/audit/audit-export';
import type { Services } from '../services';

/**
 * The downloads `exportAuditEvents` links to: streamed a batch at a time, waiting for the client to
 * take each one, so an export of millions of events holds one batch in memory. An altered or expired
 * link is 404.
 */
export function auditExportDownloads(services: Services): Router {
  const router = Router();
  router.get(`${AUDIT_EXPORT_PATH}/:token`, async (req, res, next) => {
    const request = services.auditExporter.open(req.params.token);
    if (!request) {
      res.status(404).type('text').send('This download link is invalid or has expired');
      return;
    }
    const csv = request.format === AuditExportFormat.CSV;
    res.set({
      'Content-Type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-events-${request.workspaceId}.${csv ? 'csv' : 'jsonl'}"`,
      'Cache-Control': 'no-store',
    });
    try {
      for await (const chunk of services.auditExporter.lines(request)) {
        if (chunk && !res.write(chunk) && !res.destroyed) await drainedOrClosed(res);
        if (res.destroyed) return;
      }
      res.end();
    } catch (error) {
      // Headers are sent: the client sees a truncated download, and the log says why.
      if (res.headersSent) res.destroy(error as Error);
      else next(error);
    }
  });
  return router;
}

/** When the client has taken what was written, or has gone: then 'drain' never comes, and waiting for it would hold the export forever. */
function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}
