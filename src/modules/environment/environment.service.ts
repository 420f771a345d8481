import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { DomainError, ErrorCode } from '../../core/errors';
import { isUniqueViolation } from '../../db/postgres-errors';
import { inTransaction } from '../../db/transaction';
import type { AuditService } from '../audit/audit.service';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { EnvironmentEntity, PRODUCTION } from './environment.entity';

const nameTaken = (name: string) => new DomainError(ErrorCode.CONFLICT, `name: the workspace already has an environment called "${name}"`, { fields: [{ field: 'name', message: 'is taken' }] });
const productionProtected = (what: string) =>
  new DomainError(ErrorCode.CONFLICT, `The production environment cannot be ${what}: every workspace keeps exactly one`, { reason: 'PRODUCTION_PROTECTED' });

/** Called in the transaction that creates a workspace: production exists from its first instant. */
export async function createProductionEnvironment(manager: EntityManager, workspaceId: string): Promise<void> {
  await manager.insert(EnvironmentEntity, { workspaceId, name: PRODUCTION });
}

export class EnvironmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, workspaceId: string, name: string): Promise<EnvironmentEntity> {
    return this.write(name, async (manager, workspace) => {
      const environment = await manager.save(manager.create(EnvironmentEntity, { workspaceId, name }));
      await this.record(manager, actor, workspace, environment.id, null, { name });
      return environment;
    }, workspaceId);
  }

  async rename(actor: Actor, workspaceId: string, id: string, name: string): Promise<EnvironmentEntity> {
    return this.write(name, async (manager, workspace) => {
      const environment = await this.find(manager, workspaceId, id);
      if (environment.name === PRODUCTION) throw productionProtected('renamed');
      if (environment.name === name) return environment;
      const before = environment.name;
      environment.name = name;
      await manager.save(environment);
      await this.record(manager, actor, workspace, id, { name: before }, { name });
      return environment;
    }, workspaceId);
  }

  async delete(actor: Actor, workspaceId: string, id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const workspace = await this.workspace(manager, workspaceId);
      const environment = await this.find(manager, workspaceId, id);
      if (environment.name === PRODUCTION) throw productionProtected('deleted');
      await manager.delete(EnvironmentEntity, { id });
      await this.record(manager, actor, workspace, id, { name: environment.name }, null);
    });
  }

  /**
   * Makes the workspace's environments exactly `names` (the PUT of the REST path): creates the missing,
   * deletes the rest, each audited. production must be among them. The workspace row is locked, so two
   * replacements run one after the other.
   */
  async replace(actor: Actor, workspaceId: string, names: readonly string[]): Promise<EnvironmentEntity[]> {
    if (!names.includes(PRODUCTION)) throw productionProtected('deleted');
    return this.write(names.join(', '), async (manager, workspace) => {
      await manager.findOne(WorkspaceEntity, { where: { id: workspaceId }, select: { id: true }, lock: { mode: 'pessimistic_write' } });
      const current = await manager.find(EnvironmentEntity, { where: { workspaceId } });
      for (const environment of current.filter((existing) => !names.includes(existing.name))) {
        await manager.delete(EnvironmentEntity, { id: environment.id });
        await this.record(manager, actor, workspace, environment.id, { name: environment.name }, null);
      }
      const kept = current.filter((existing) => names.includes(existing.name));
      for (const name of names.filter((wanted) => !current.some((existing) => existing.name === wanted))) {
        const environment = await manager.save(manager.create(EnvironmentEntity, { workspaceId, name }));
        await this.record(manager, actor, workspace, environment.id, null, { name });
        kept.push(environment);
      }
      // As Workspace.environments lists them: production first, then by name.
      return kept.sort((a, b) => Number(a.name !== PRODUCTION) - Number(b.name !== PRODUCTION) || a.name.localeCompare(b.name));
    }, workspaceId);
  }

  /** Runs a change that sets `name`; the unique index decides races between two writers of one name. */
  private async write<T>(name: string, work: (manager: EntityManager, workspace: WorkspaceEntity) => Promise<T>, workspaceId: string): Promise<T> {
    try {
      return await inTransaction(this.dataSource, async (manager) => work(manager, await this.workspace(manager, workspaceId)));
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(name);
      throw error;
    }
  }

  private async workspace(manager: EntityManager, workspaceId: string): Promise<WorkspaceEntity> {
    const workspace = await manager.findOne(WorkspaceEntity, { where: { id: workspaceId }, select: { id: true, organizationId: true } });
    if (!workspace) throw new DomainError(ErrorCode.NOT_FOUND, 'Workspace not found');
    return workspace;
  }

  /** Locked, so a rename and a delete of one environment are serialized. Another workspace's id is NOT_FOUND. */
  private async find(manager: EntityManager, workspaceId: string, id: string): Promise<EnvironmentEntity> {
    const environment = await manager.findOne(EnvironmentEntity, { where: { id, workspaceId }, lock: { mode: 'pessimistic_write' } });
    if (!environment) throw new DomainError(ErrorCode.NOT_FOUND, 'Environment not found');
    return environment;
  }

  private record(manager: EntityManager, actor: Actor, workspace: WorkspaceEntity, id: string, before: { name: string } | null, after: { name: string } | null) {
    return this.audit.recordForWorkspace(manager, actor, workspace, {
      action: 'workspace.environment_updated',
      target: { type: 'environment', id },
      metadata: { before, after },
    });
  }
}
