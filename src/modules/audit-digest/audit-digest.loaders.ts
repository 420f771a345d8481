import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { AuditDigestEntity } from './audit-digest.entity';

export function createAuditDigestLoaders(dataSource: DataSource) {
  return {
    /** By workspace id; null when the workspace never configured its digest. */
    auditDigest: new DataLoader<string, AuditDigestEntity | null>(async (workspaceIds) => {
      const rows = await dataSource.getRepository(AuditDigestEntity).findBy({ workspaceId: In([...workspaceIds]) });
      const byWorkspace = new Map(rows.map((row) => [row.workspaceId, row]));
      return workspaceIds.map((id) => byWorkspace.get(id) ?? null);
    }),
  };
}
