import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import { inTransaction } from '../../db/transaction';
import type { CredentialStore } from '../api-key/credential-store';
import type { AuditService } from '../audit/audit.service';
import { WorkspaceEntity } from '../workspace/workspace.entity';

/** Audit events are the one large table without a foreign key to the workspace: deleted in batches this big. */
const AUDIT_BATCH = 5000;

export class WorkspaceDeletionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly credentials: CredentialStore,
  ) {}

  /**
   * Removes the workspace and everything of it: its audit events in batches first (so no one
   * transaction holds millions of row locks), then the workspace row, whose foreign keys cascade to every
   * other table. An organization-level `workspace.deleted` event records it, and after the commit every
   * API process drops the workspace's keys from its cache, so they fail on their next request.
   */
  async delete(actor: Actor, id: string, confirmSlug: string): Promise<{ id: string; organizationId: string }> {
    const found = await this.dataSource.manager.findOne(WorkspaceEntity, { where: { id }, select: { id: true, slug: true } });
    if (!found) throw new DomainError(ErrorCode.NOT_FOUND, 'Workspace not found');
    if (confirmSlug !== found.slug) throw badInput('confirmSlug', 'must be the slug of the workspace being deleted');
    let auditEventsDeleted = 0;
    for (;;) {
      const deleted = await this.deleteAuditBatch(this.dataSource, id);
      auditEventsDeleted += deleted;
      if (deleted < AUDIT_BATCH) break;
    }
    const { workspace, keyHashes } = await inTransaction(this.dataSource, async (manager) => {
      const workspace = await manager.findOne(WorkspaceEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!workspace) throw new DomainError(ErrorCode.NOT_FOUND, 'Workspace not found');
      // Read under the lock: a key created while the batches ran is invalidated too.
      const keys: Array<{ key_hash: string }> = await manager.query('SELECT key_hash FROM api_key WHERE workspace_id = $1', [id]);
      // Events written while the batches ran (few): gone with the workspace.
      auditEventsDeleted += await this.deleteAuditBatch(manager, id, null);
      await manager.delete(WorkspaceEntity, { id });
      await this.audit.record(manager, actor, {
        organizationId: workspace.organizationId,
        workspaceId: null,
        action: 'workspace.deleted',
        target: { type: 'workspace', id },
        metadata: { slug: workspace.slug, name: workspace.name, region: workspace.region, auditEventsDeleted, apiKeysRevoked: keys.length },
      });
      return { workspace, keyHashes: keys.map((key) => key.key_hash) };
    });
    if (keyHashes.length > 0) await this.credentials.invalidate(keyHashes);
    return { id, organizationId: workspace.organizationId };
  }

  private async deleteAuditBatch(runner: { query: DataSource['query'] }, workspaceId: string, limit: number | null = AUDIT_BATCH): Promise<number> {
    const [, count] = (await runner.query(
      `DELETE FROM audit_event WHERE id IN (SELECT id FROM audit_event WHERE workspace_id = $1 ${limit === null ? '' : `LIMIT ${limit}`})`,
      [workspaceId],
    )) as [unknown, number];
    return count;
  }
}
