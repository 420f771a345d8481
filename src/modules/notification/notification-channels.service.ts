import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { SecretEnvelope } from '../../auth/secret-envelope';
import type { Clock } from '../../clock';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import { inTransaction } from '../../db/transaction';
import type { AuditService } from '../audit/audit.service';
import type { WorkspaceService } from '../workspace/workspace.service';
import type { NotificationEventType } from './notification-catalog';
import { maskUrl } from './notification-delivery';
import type { WebhookSender } from './webhook-sender';
import type { HttpOutcome } from './outbound-http';
import { slackSecretData, webhookSecretData } from './secret-binding';
import { SlackConnectionEntity, SlackConnectionKind, SlackConnectionStatus } from './slack-connection.entity';
import { WebhookDisabledBy, WebhookEndpointEntity } from './webhook-endpoint.entity';
import { newWebhookSecret } from './webhook-signing';

/** How long deliveries carry the old secret's signature too after a rotation. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;

export interface WebhookEndpointChanges {
  url?: string | null;
  eventTypes?: NotificationEventType[] | null;
  description?: string | null;
  enabled?: boolean | null;
}

export interface SlackConnectionInput {
  webhookUrl?: string | null;
  botToken?: string | null;
  channel?: string | null;
}

/** What an endpoint looks like in an audit record: never its secret. */
const endpointAudit = (endpoint: WebhookEndpointEntity) => ({ url: endpoint.url, eventTypes: endpoint.eventTypes, description: endpoint.description, enabled: !endpoint.disabledBy });

/** Webhook endpoints and the Slack connection of a workspace, managed by its ADMINs. */
export class NotificationChannelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly workspaces: WorkspaceService,
    private readonly envelope: SecretEnvelope,
    private readonly webhooks: WebhookSender,
  ) {}

  /** The secret is returned this once; only its envelope is stored. */
  async createEndpoint(actor: Actor, workspaceId: string, input: { url: string; eventTypes: NotificationEventType[]; description?: string | null }): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
    return inTransaction(this.dataSource, async (manager) => {
      const workspace = await this.workspaces.lock(manager, workspaceId);
      const endpoint = manager.create(WebhookEndpointEntity, { workspaceId, url: input.url, eventTypes: [...new Set(input.eventTypes)], description: input.description ?? '', secretSealed: '' });
      await manager.insert(WebhookEndpointEntity, endpoint);
      const secret = newWebhookSecret();
      endpoint.secretSealed = this.envelope.seal(secret, webhookSecretData(workspaceId, endpoint.id));
      await manager.update(WebhookEndpointEntity, { id: endpoint.id }, { secretSealed: endpoint.secretSealed });
      await this.audit.recordForWorkspace(manager, actor, workspace, { action: 'webhook_endpoint.created', target: { type: 'webhook_endpoint', id: endpoint.id }, metadata: { after: endpointAudit(endpoint) } });
      return { endpoint, secret };
    });
  }

  async updateEndpoint(actor: Actor, workspaceId: string, endpointId: string, changes: WebhookEndpointChanges): Promise<WebhookEndpointEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const workspace = await this.workspaces.lock(manager, workspaceId);
      const endpoint = await this.lockEndpoint(manager, workspaceId, endpointId);
      const before = endpointAudit(endpoint);
      if (changes.url != null) endpoint.url = changes.url;
      if (changes.eventTypes != null) endpoint.eventTypes = [...new Set(changes.eventTypes)];
      if (changes.description != null) endpoint.description = changes.description;
      if (changes.enabled === true && endpoint.disabledBy) Object.assign(endpoint, { disabledBy: null, disabledAt: null, failingSince: null });
      if (changes.enabled === false && !endpoint.disabledBy) Object.assign(endpoint, { disabledBy: WebhookDisabledBy.ADMIN, disabledAt: this.clock.now() });
      const after = endpointAudit(endpoint);
      if (JSON.stringify(before) === JSON.stringify(after)) return endpoint;
      await manager.save(endpoint);
      await this.audit.recordForWorkspace(manager, actor, workspace, { action: 'webhook_endpoint.updated', target: { type: 'webhook_endpoint', id: endpoint.id }, metadata: { before, after } });
      return endpoint;
    });
  }

  async deleteEndpoint(actor: Actor, workspaceId: string, endpointId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const workspace = await this.workspaces.lock(manager, workspaceId);
      const endpoint = await this.lockEndpoint(manager, workspaceId, endpointId);
      await manager.delete(WebhookEndpointEntity, { id: endpoint.id });
      await this.audit.recordForWorkspace(manager, actor, workspace, { action: 'webhook_endpoint.deleted', target: { type: 'webhook_endpoint', id: endpoint.id }, metadata: { before: endpointAudit(endpoint) } });
    });
  }

  /** A new secret, shown once; for 24 hours deliveries are signed with both, so receivers can switch without a gap. */
  async rotateSecret(actor: Actor, workspaceId: string, endpointId: string): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
    return inTransaction(this.dataSource, async (manager) => {
      const workspace = await this.workspaces.lock(manager, workspaceId);
      const endpoint = await this.lockEndpoint(manager, workspaceId, endpointId);
      const previous = this.envelope.open(endpoint.secretSealed, webhookSecretData(workspaceId, endpoint.id));
      const secret = newWebhookSecret();
      endpoint.previousSecretSealed = this.envelope.seal(previous, webhookSecretData(workspaceId, endpoint.id, 'previous'));
      endpoint.previousSecretExpiresAt = new Date(this.clock.now().getTime() + SECRET_OVERLAP_MS);
      endpoint.secretSealed = this.envelope.seal(secret, webhookSecretData(workspaceId, endpoint.id));
      await manager.save(endpoint);
      await this.audit.recordForWorkspace(manager, actor, workspace, {
        action: 'webhook_endpoint.secret_rotated',
        target: { type: 'webhook_endpoint', id: endpoint.id },
        metadata: { previousSecretExpiresAt: endpoint.previousSecretExpiresAt.toISOString() },
      });
      return { endpoint, secret };
    });
  }

  /** A signed `gatehouse.test` message to the endpoint now, outside the delivery log; the outcome comes back. */
  async sendTest(workspaceId: string, endpointId: string): Promise<HttpOutcome> {
    const endpoint = await this.dataSource.getRepository(WebhookEndpointEntity).findOneBy({ id: endpointId, workspaceId });
    if (!endpoint) throw new DomainError(ErrorCode.NOT_FOUND, 'Webhook endpoint not found');
    const now = this.clock.now();
    const payload = JSON.stringify({ type: 'gatehouse.test', timestamp: now.toISOString(), data: { endpointId, workspaceId } });
    return this.webhooks.post(endpoint, `msg_test_${endpointId}_${now.getTime()}`, payload);
  }

  /** Connects (or reconnects, which clears ERROR) Slack by incoming-webhook URL, or by bot token and channel. */
  async connectSlack(actor: Actor, workspaceId: string, input: SlackConnectionInput): Promise<SlackConnectionEntity> {
    const byWebhook = !!input.webhookUrl;
    if (byWebhook === !!input.botToken) throw badInput('webhookUrl', 'give either webhookUrl, or botToken with channel');
    if (!byWebhook && !input.channel) throw badInput('channel', 'is required with botToken');
    if (byWebhook && input.channel) throw badInput('channel', 'is built into an incoming webhook; give it only with botToken');
    return inTransaction(this.dataSource, async (manager) => {
      const workspace = await this.workspaces.lock(manager, workspaceId);
      const connection = manager.create(SlackConnectionEntity, {
        workspaceId,
        kind: byWebhook ? SlackConnectionKind.INCOMING_WEBHOOK : SlackConnectionKind.BOT_TOKEN,
        secretSealed: this.envelope.seal((byWebhook ? input.webhookUrl : input.botToken)!, slackSecretData(workspaceId)),
        channel: byWebhook ? null : input.channel!.replace(/^#/, ''),
        status: SlackConnectionStatus.ACTIVE,
        statusReason: null,
      });
      await manager.save(connection);
      await this.audit.recordForWorkspace(manager, actor, workspace, {
        action: 'slack_connection.connected',
        target: { type: 'slack_connection', id: workspaceId },
        metadata: { kind: connection.kind, channel: connection.channel, ...(byWebhook ? { webhook: maskUrl(input.webhookUrl!) } : {}) },
      });
      return connection;
    });
  }

  async disconnectSlack(actor: Actor, workspaceId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const workspace = await this.workspaces.lock(manager, workspaceId);
      const { affected } = await manager.delete(SlackConnectionEntity, { workspaceId });
      if (!affected) throw new DomainError(ErrorCode.NOT_FOUND, 'This workspace has no Slack connection');
      await this.audit.recordForWorkspace(manager, actor, workspace, { action: 'slack_connection.disconnected', target: { type: 'slack_connection', id: workspaceId } });
    });
  }

  private async lockEndpoint(manager: EntityManager, workspaceId: string, endpointId: string): Promise<WebhookEndpointEntity> {
    const endpoint = await manager.findOne(WebhookEndpointEntity, { where: { id: endpointId, workspaceId }, lock: { mode: 'pessimistic_write' } });
    if (!endpoint) throw new DomainError(ErrorCode.NOT_FOUND, 'Webhook endpoint not found');
    return endpoint;
  }
}
