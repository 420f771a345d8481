import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { LoaderContext } from '../../module';
import { AuditDigestEntity } from './audit-digest.entity';

export function createAuditDigestLoaders() {
  return {
    /** By workspace id; null when the workspace never configured its digest. */
    auditDigest: ({ dataSource }: LoaderContext) =>
      new DataLoader<string, AuditDigestEntity | null>(async (workspaceIds) => {
        const rows = await dataSource.getRepository(AuditDigestEntity).findBy({ workspaceId: In([...workspaceIds]) });
        const byWorkspace = new Map(rows.map((row) => [row.workspaceId, row]));
        return workspaceIds.map((id) => byWorkspace.get(id) ?? null);
      }),
  };
}
