import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { SecretEnvelope } from '../../auth/secret-envelope';
import type { Clock } from '../../clock';
import { DomainError, ErrorCode } from '../../core/errors';
import { inTransaction } from '../../db/transaction';
import { AuditDigestEntity } from '../audit-digest/audit-digest.entity';
import { nextSlot } from '../audit-digest/digest-schedule';
import type { AuditService } from '../audit/audit.service';
import { EnvironmentEntity, PRODUCTION } from '../environment/environment.entity';
import type { WorkspaceService } from '../workspace/workspace.service';
import { ModelIntegrationEntity } from '../model-integration/model-integration.entity';
import { credentialAssociatedData } from '../model-integration/model-integration.service';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { ImportMode, ImportSection, type ImportedSetting, type ImportWorkspaceSettingsPayload, type SkippedSetting } from './settings-import.types';
import { NotificationSettingsEntity } from '../notification/notification-settings.entity';
import { channelsOf } from '../notification/notification-settings.service';

export interface ImportRequest {
  targetWorkspaceId: string;
  sourceWorkspaceId: string;
  sections: ImportSection[];
  mode: ImportMode;
  dryRun: boolean;
}

/** Thrown out of the transaction of a dry run: it rolls back everything the run did, and carries its report. */
class DryRun {
  constructor(readonly result: ImportWorkspaceSettingsPayload) {}
}

interface Run {
  manager: EntityManager;
  target: WorkspaceEntity;
  source: WorkspaceEntity;
  mode: ImportMode;
  actorUserId: string | null;
  changes: ImportedSetting[];
  skipped: SkippedSetting[];
}

const KEEPS_TARGET = "MERGE keeps the target's own value";

const digestSettings = (digest: AuditDigestEntity) => ({
  enabled: digest.enabled,
  frequency: digest.frequency,
  dayOfWeek: digest.dayOfWeek,
  dayOfMonth: digest.dayOfMonth,
  hourUTC: digest.hourUtc,
  includeRiskLevels: digest.includeRiskLevels,
  recipients: digest.recipients,
});

const integrationSettings = (integration: ModelIntegrationEntity) => ({
  provider: integration.provider,
  endpointUrl: integration.endpointUrl,
  deploymentName: integration.deploymentName,
  credential: `…${integration.credentialLast4}`,
});

/**
 * Copies settings between two workspaces of one organization (seed 002). Every section runs in one
 * transaction with the target locked; a dry run does the same work and rolls it back, so what it
 * reports is exactly what a real run would do.
 */
export class SettingsImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly envelope: SecretEnvelope,
    private readonly clock: Clock,
    private readonly workspaces: WorkspaceService,
  ) {}

  async import(actor: Actor, request: ImportRequest): Promise<ImportWorkspaceSettingsPayload> {
    const { targetWorkspaceId, sourceWorkspaceId, mode, dryRun } = request;
    const sections = [...new Set(request.sections)];
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const target = await manager.findOne(WorkspaceEntity, { where: { id: targetWorkspaceId }, lock: { mode: 'pessimistic_write' } });
        const source = await manager.findOne(WorkspaceEntity, { where: { id: sourceWorkspaceId } });
        // A workspace of another organization is not there, as far as this caller is concerned.
        if (!target || !source || source.organizationId !== target.organizationId) throw new DomainError(ErrorCode.NOT_FOUND, 'Workspace not found');
        if (source.id === target.id) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'sourceWorkspaceId: must be another workspace than the target', { fields: [{ field: 'sourceWorkspaceId', message: 'must differ from targetWorkspaceId' }] });
        const actorUserId = actor.principal.type === 'user' ? actor.principal.userId : null;
        const run: Run = { manager, target, source, mode, actorUserId, changes: [], skipped: [] };
        for (const section of sections) await this.sections[section](run);
        const result = { targetWorkspaceId, sourceWorkspaceId, mode, dryRun, changes: run.changes, skipped: run.skipped };
        if (dryRun) throw new DryRun(result);
        await this.audit.recordForWorkspace(manager, actor, target, {
          action: 'workspace.settings_imported',
          target: { type: 'workspace', id: target.id },
          metadata: { sourceWorkspaceId, mode, sections, changes: run.changes, skipped: run.skipped },
        });
        return result;
      });
    } catch (error) {
      if (error instanceof DryRun) return error.result;
      throw error;
    }
  }

  private readonly sections: Record<ImportSection, (run: Run) => Promise<void>> = {
    [ImportSection.DATA_RETENTION]: (run) => this.scalar(run, ImportSection.DATA_RETENTION, 'dataRetentionDays', async (value) =>
      value < run.target.dataRetentionDays ? `would lower retention from ${run.target.dataRetentionDays} to ${value} days; do that with updateWorkspace and confirm: true` : null,
    ),
    [ImportSection.SEAT_LIMIT]: (run) => this.scalar(run, ImportSection.SEAT_LIMIT, 'seatLimit', async (value) => {
      const used = await this.workspaces.seatsInUse(run.manager, run.target.id);
      return value < used ? `${value} seats are fewer than the ${used} the target already uses (members and pending invitations)` : null;
    }),
    [ImportSection.ENVIRONMENTS]: (run) => this.environments(run),
    [ImportSection.AUDIT_DIGEST]: (run) => this.auditDigest(run),
    [ImportSection.MODEL_INTEGRATIONS]: (run) => this.modelIntegrations(run),
    [ImportSection.NOTIFICATION_SETTINGS]: (run) => this.notificationSettings(run),
  };

  /** A single value of the workspace row; `refusal` names why a value must not be applied. */
  private async scalar(run: Run, section: ImportSection, setting: 'dataRetentionDays' | 'seatLimit', refusal: (value: number) => Promise<string | null>): Promise<void> {
    const before = run.target[setting];
    const after = run.source[setting];
    if (before === after) return;
    if (run.mode === ImportMode.MERGE) return void run.skipped.push({ section, setting, reason: KEEPS_TARGET });
    const reason = await refusal(after);
    if (reason) return void run.skipped.push({ section, setting, reason });
    run.target[setting] = after;
    await run.manager.update(WorkspaceEntity, { id: run.target.id }, { [setting]: after });
    run.changes.push({ section, setting, before, after });
  }

  private async environments(run: Run): Promise<void> {
    const section = ImportSection.ENVIRONMENTS;
    const [own, theirs] = await Promise.all([run.target.id, run.source.id].map((workspaceId) => run.manager.find(EnvironmentEntity, { where: { workspaceId }, order: { name: 'ASC' } })));
    const ownNames = new Set(own.map((environment) => environment.name));
    const theirNames = new Set(theirs.map((environment) => environment.name));
    for (const { name } of theirs) {
      if (ownNames.has(name)) continue;
      await run.manager.insert(EnvironmentEntity, { workspaceId: run.target.id, name });
      run.changes.push({ section, setting: `environment "${name}"`, before: null, after: { name } });
    }
    for (const environment of own) {
      if (theirNames.has(environment.name)) continue;
      if (run.mode === ImportMode.MERGE) {
        run.skipped.push({ section, setting: `environment "${environment.name}"`, reason: 'MERGE keeps environments the source does not have' });
      } else if (environment.name === PRODUCTION) {
        run.skipped.push({ section, setting: `environment "${environment.name}"`, reason: 'production is never removed' });
      } else {
        await run.manager.delete(EnvironmentEntity, { id: environment.id });
        run.changes.push({ section, setting: `environment "${environment.name}"`, before: { name: environment.name }, after: null });
      }
    }
  }

  private async auditDigest(run: Run): Promise<void> {
    const section = ImportSection.AUDIT_DIGEST;
    const [own, theirs] = await Promise.all([run.target.id, run.source.id].map((workspaceId) => run.manager.findOneBy(AuditDigestEntity, { workspaceId })));
    if (!theirs) return void run.skipped.push({ section, setting: 'auditDigest', reason: 'the source has no audit digest configured' });
    const after = digestSettings(theirs);
    const before = own ? digestSettings(own) : null;
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    if (own && run.mode === ImportMode.MERGE) return void run.skipped.push({ section, setting: 'auditDigest', reason: KEEPS_TARGET });
    const schedule = { frequency: theirs.frequency, dayOfWeek: theirs.dayOfWeek, dayOfMonth: theirs.dayOfMonth, hourUtc: theirs.hourUtc };
    await run.manager.save(
      run.manager.create(AuditDigestEntity, {
        ...own,
        ...schedule,
        workspaceId: run.target.id,
        enabled: theirs.enabled,
        includeRiskLevels: theirs.includeRiskLevels,
        recipients: theirs.recipients,
        lastSentAt: own?.lastSentAt ?? null,
        nextDueAt: theirs.enabled ? nextSlot(schedule, this.clock.now()) : null,
      }),
    );
    run.changes.push({ section, setting: 'auditDigest', before, after });
  }

  /** Channels per event type; a target that never saved its own (it has the defaults) takes the source's even in MERGE. */
  private async notificationSettings(run: Run): Promise<void> {
    const section = ImportSection.NOTIFICATION_SETTINGS;
    const [own, theirs] = await Promise.all([run.target.id, run.source.id].map((workspaceId) => run.manager.findOneBy(NotificationSettingsEntity, { workspaceId })));
    const before = channelsOf(own?.channels);
    const after = channelsOf(theirs?.channels);
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    if (own && run.mode === ImportMode.MERGE) return void run.skipped.push({ section, setting: 'notificationSettings', reason: KEEPS_TARGET });
    await run.manager.upsert(NotificationSettingsEntity, { workspaceId: run.target.id, channels: after }, ['workspaceId']);
    run.changes.push({ section, setting: 'notificationSettings', before, after });
  }

  /** Whether a target integration already holds this credential (one that does not open does not). */
  private opensTo(integration: ModelIntegrationEntity, credential: string): boolean {
    try {
      return this.envelope.open(integration.credential, credentialAssociatedData(integration.workspaceId, integration.id)) === credential;
    } catch {
      return false;
    }
  }

  /** Matched by name. Credentials are opened with the source's associated data and sealed anew with the target's. */
  private async modelIntegrations(run: Run): Promise<void> {
    const section = ImportSection.MODEL_INTEGRATIONS;
    const [own, theirs] = await Promise.all([run.target.id, run.source.id].map((workspaceId) => run.manager.find(ModelIntegrationEntity, { where: { workspaceId }, order: { name: 'ASC' } })));
    const ownByName = new Map(own.map((integration) => [integration.name, integration]));
    const theirNames = new Set(theirs.map((integration) => integration.name));
    for (const integration of theirs) {
      const setting = `model integration "${integration.name}"`;
      const existing = ownByName.get(integration.name);
      if (existing && run.mode === ImportMode.MERGE) {
        run.skipped.push({ section, setting, reason: KEEPS_TARGET });
        continue;
      }
      let credential: string;
      try {
        credential = this.envelope.open(integration.credential, credentialAssociatedData(run.source.id, integration.id));
      } catch (error) {
        run.skipped.push({ section, setting, reason: `the source credential could not be decrypted: ${(error as Error).message}` });
        continue;
      }
      const id = existing?.id ?? randomUUID();
      const copy = run.manager.create(ModelIntegrationEntity, {
        ...existing,
        id,
        workspaceId: run.target.id,
        name: integration.name,
        provider: integration.provider,
        endpointUrl: integration.endpointUrl,
        deploymentName: integration.deploymentName,
        credential: this.envelope.seal(credential, credentialAssociatedData(run.target.id, id)),
        credentialLast4: integration.credentialLast4,
        createdById: existing?.createdById ?? integration.createdById,
        rotatedById: existing ? run.actorUserId : null,
        rotatedAt: existing ? this.clock.now() : null,
      });
      const before = existing ? integrationSettings(existing) : null;
      const after = integrationSettings(copy);
      if (existing && JSON.stringify(before) === JSON.stringify(after) && this.opensTo(existing, credential)) continue;
      await run.manager.save(copy);
      run.changes.push({ section, setting, before, after });
    }
    if (run.mode === ImportMode.MERGE) return;
    for (const integration of own) {
      if (theirNames.has(integration.name)) continue;
      await run.manager.delete(ModelIntegrationEntity, { id: integration.id });
      run.changes.push({ section, setting: `model integration "${integration.name}"`, before: integrationSettings(integration), after: null });
    }
  }
}
