import { PRODUCTION } from './environment.entity';
import type { Environment } from './environment.types';

export function toEnvironment(row: { id: string; workspaceId: string; name: string; createdAt: Date }): Environment {
  return { id: row.id, workspaceId: row.workspaceId, name: row.name, protected: row.name === PRODUCTION, createdAt: row.createdAt };
}
