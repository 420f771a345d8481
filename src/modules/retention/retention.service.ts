import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock';

/** Rows per DELETE: short statements, so retention never holds long locks or one huge transaction. */
export const RETENTION_BATCH = 5000;
const WORKSPACE_PAGE = 500;
const DAY_MS = 86_400_000;

/** Deletes a workspace's rows older than `cutoff`, `batch` per statement; provided by the module that owns them. */
export type DeleteOlderThan = (workspaceId: string, cutoff: Date, batch: number) => Promise<number>;

/** Deletes what nothing can use any more as of `at` (expired credentials), `batch` per statement. */
export type PurgeExpired = (at: Date, batch: number) => Promise<number>;

/**
 * Workspaces visited; per kind of retained data (`auditEventsDeleted`, …) the rows deleted; and per
 * kind of expired credential (`sessions`, …) the rows purged.
 */
export type RetentionResult = { workspaces: number; credentialsPurged: Record<string, number> } & Record<string, number | Record<string, number>>;

/**
 * The daily clean-up. Deletes what each workspace keeps no longer — everything a module registered
 * with `retain` (audit events, notification events, …) older than `dataRetentionDays`, never fewer
 * days than the compliance floor (a floor raised after a workspace chose less wins) — and purges what
 * modules registered with `purge` (expired sessions, reset tokens, invitations). Retention owns the
 * schedule and the cutoff; each module deletes its own rows.
 */
export class RetentionService {
  private readonly retained = new Map<string, DeleteOlderThan>();
  private readonly purges = new Map<string, PurgeExpired>();
  private readonly sweeps = new Map<string, PurgeExpired>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly floorDays: number,
    private readonly logger: Logger,
  ) {}

  /** `counter` names the figure in the result, e.g. `auditEventsDeleted`. */
  retain(counter: string, deleteOlderThan: DeleteOlderThan): void {
    this.retained.set(counter, deleteOlderThan);
  }

  /** `counter` names the figure in the result's `credentialsPurged`, e.g. `sessions`. */
  purge(counter: string, purgeExpired: PurgeExpired): void {
    this.purges.set(counter, purgeExpired);
  }

  /** Data with a retention rule of its own (a project's shorter retention); `counter` names its figure in the result. */
  sweep(counter: string, deleteExpired: PurgeExpired): void {
    this.sweeps.set(counter, deleteExpired);
  }

  async apply(at: Date = this.clock.now()): Promise<RetentionResult> {
    const result: RetentionResult = { workspaces: 0, credentialsPurged: {} };
    for (const [counter, purgeExpired] of this.purges) result.credentialsPurged[counter] = await purgeExpired(at, RETENTION_BATCH);
    const deleted: Record<string, number> = Object.fromEntries([...this.retained.keys()].map((counter) => [counter, 0]));
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page: Array<{ id: string; days: number }> = await this.dataSource.query(
        'SELECT id, GREATEST(data_retention_days, $2) AS days FROM workspace WHERE id > $1 ORDER BY id LIMIT $3',
        [after, this.floorDays, WORKSPACE_PAGE],
      );
      for (const workspace of page) {
        const cutoff = new Date(at.getTime() - workspace.days * DAY_MS);
        for (const [counter, deleteOlderThan] of this.retained) deleted[counter] += await deleteOlderThan(workspace.id, cutoff, RETENTION_BATCH);
      }
      result.workspaces += page.length;
      if (page.length < WORKSPACE_PAGE) break;
      after = page[page.length - 1].id;
    }
    Object.assign(result, deleted);
    for (const [counter, deleteExpired] of this.sweeps) result[counter] = await deleteExpired(at, RETENTION_BATCH);
    this.logger.info({ at, ...result }, 'retention applied');
    return result;
  }
}
