import { randomInt } from 'node:crypto';
import { generateRequestDetails } from 'web-push';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { SealedBox } from '../../auth/sealed-box';
import type { SecretEnvelope } from '../../auth/secret-envelope';
import type { Clock } from '../../clock';
import type { Config } from '../../config';
import { preparedQuery } from '../../db/prepared-query';
import { inTransaction } from '../../db/transaction';
import type { Mailer } from '../../mail/mailer';
import { enqueueManyInOutbox, type OutboxJob } from '../../queue/outbox';
import { QueueName, type EmailJobData, type Queues } from '../../queue/queues';
import { WorkspaceEntity } from '../workspace/workspace.entity';
import { DeliveryStatus, NotificationChannel } from './notification-catalog';
import { NotificationDeliveryEntity } from './notification-delivery.entity';
import { NotificationEventEntity } from './notification-event.entity';
import type { NotificationSettingsService } from './notification-settings.service';
import type { DeliveryRow } from './notification.service';
import { WEBHOOK_DISABLED_TEMPLATE, renderNotification, type NotificationMailData, type WebhookDisabledMailData } from './notification.mail';
import { NotificationJobName, deliverJobId, type DeliverData } from './notification.jobs';
import { OutboundHttp, retryAfterMs, type HttpOutcome } from './outbound-http';
import { SlackConnectionEntity, SlackConnectionStatus } from './slack-connection.entity';
import { slackSecretData } from './secret-binding';
import { WebhookDisabledBy, WebhookEndpointEntity } from './webhook-endpoint.entity';
import type { WebhookSender } from './webhook-sender';

export interface NotificationDeliveryDeps {
  dataSource: DataSource;
  clock: Clock;
  settings: NotificationSettingsService;
  envelope: SecretEnvelope;
  sealer: SealedBox;
  http: OutboundHttp;
  webhooks: WebhookSender;
  queues: Queues;
  config: Config['notifications'];
  publicUrl: string;
  logger: Logger;
}

/** The outcome of one attempt, before it is written down. */
interface AttemptResult {
  ok: boolean;
  status?: number | null;
  durationMs?: number;
  /** Why it failed, in words a person reading the delivery list understands. */
  reason?: string;
  /** The receiver asked for this much time (429/503 Retry-After). */
  retryAfterMs?: number;
  /** No retry can help (410 Gone, the target was disabled or removed). */
  final?: DeliveryStatus.FAILED | DeliveryStatus.SKIPPED;
  /** The endpoint is disabled for failing: park the delivery until it recovers. */
  park?: boolean;
  /**
   * What the attempt learnt about its target (a Slack connection broken, an endpoint gone or failing),
   * written in the transaction that records the outcome; it may turn the outcome into a parked one.
   */
  after?: (manager: EntityManager) => Promise<AttemptResult>;
}

/** What an attempt reads of its event. */
type EventFields = Pick<NotificationEventEntity, 'id' | 'workspaceId' | 'type' | 'title' | 'body' | 'url' | 'occurredAt'>;

/** A delivery under this attempt's lease, with its event and, for an email, the workspace's name and the recipient. */
type ClaimedDelivery = Pick<DeliveryRow, 'id' | 'channel' | 'attempts' | 'lastResponseCode' | 'lastDurationMs'> & {
  targetId: string;
  leaseToken: string;
  event: EventFields;
  workspaceName: string;
  /** Null when the channel is not email, or the person no longer exists. */
  recipientEmail: string | null;
  recipientEmailOn: boolean;
};

/** The columns an attempt writes back, every time. */
type AttemptRecord = Pick<DeliveryRow, 'status' | 'reason' | 'attempts' | 'lastResponseCode' | 'lastDurationMs' | 'nextAttemptAt'> & { deliveredAt?: Date };

export interface AttemptOutcome {
  status: DeliveryStatus | 'gone';
  /** Set when the attempt failed and another is due after this many milliseconds. */
  retryInMs?: number;
}

const FAN_OUT_CHUNK = 1000;
/** The people a workspace notifies ($1 = workspace id): its members and its organization's owners (implicit admins). */
const WORKSPACE_PEOPLE = `SELECT user_id FROM workspace_membership WHERE workspace_id = $1
  UNION SELECT m.user_id FROM org_membership m JOIN workspace w ON w.organization_id = m.organization_id WHERE w.id = $1 AND m.role = 'OWNER'`;
const PARKED_REASON = 'endpoint disabled after failing; replayed in order when it recovers';
const NO_SLACK = 'no active Slack connection';
/**
 * Leases one delivery ($1) for $2 ms if it is due and nobody holds it, and reads, in the same
 * statement, its event, the workspace's name and (for an email) the recipient's address and toggle.
 * Autocommit: no transaction stays open while the message is sent.
 */
const CLAIM = `WITH d AS (
    UPDATE notification_delivery SET leased_until = now() + $2 * interval '1 millisecond', lease_token = gen_random_uuid()
     WHERE id = $1 AND status = 'PENDING' AND next_attempt_at IS NOT NULL AND (leased_until IS NULL OR leased_until <= now())
    RETURNING id, channel, target_id, event_id, attempts, last_response_code, last_duration_ms, lease_token)
  SELECT d.id, d.channel, d.target_id AS "targetId", d.lease_token AS "leaseToken", d.attempts, d.last_response_code AS "lastResponseCode",
         d.last_duration_ms AS "lastDurationMs",
         e.id AS "eventId", e.workspace_id AS "workspaceId", e.type, e.title, e.body, e.url, e.occurred_at AS "occurredAt", w.name AS "workspaceName",
         u.email AS "recipientEmail", COALESCE(p.email_updates, true) AS "recipientEmailOn"
    FROM d
    JOIN notification_event e ON e.id = d.event_id
    JOIN workspace w ON w.id = e.workspace_id
    LEFT JOIN "user" u ON d.channel = 'EMAIL' AND u.id = d.target_id
    LEFT JOIN notification_preference p ON p.user_id = u.id`;
/** Writes an attempt's outcome and releases its lease, if the attempt ($9) still holds it. */
const RECORD = `UPDATE notification_delivery SET status = $2, reason = $3, attempts = $4, last_response_code = $5, last_duration_ms = $6, next_attempt_at = $7,
         delivered_at = COALESCE($8, delivered_at), leased_until = NULL, lease_token = NULL, updated_at = now()
   WHERE id = $1 AND lease_token = $9`;
/** Gives up a lease without an outcome (the attempt threw before it had one). */
const RELEASE = 'UPDATE notification_delivery SET leased_until = NULL, lease_token = NULL WHERE id = $1 AND lease_token = $2';
/** Why a delivery could not be leased: it is gone, no longer PENDING, parked, or another attempt holds it (for this many ms). */
const UNCLAIMED = `SELECT status, next_attempt_at IS NULL AS parked, ceil(greatest(extract(epoch FROM leased_until - now()) * 1000, 0))::int AS "leasedForMs"
    FROM notification_delivery WHERE id = $1`;

export const maskEmail = (email: string): string => {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
};

export const maskUrl = (url: string): string => {
  const parsed = new URL(url);
  return parsed.pathname === '/' && !parsed.search ? parsed.origin : `${parsed.origin}/…`;
};

/** Where a webhook payload says what happened: Standard Webhooks' `type`, `timestamp`, `data`. */
export function webhookPayload(event: EventFields): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: { eventId: event.id, workspaceId: event.workspaceId, title: event.title, body: event.body, url: event.url },
  });
}

/**
 * Fan-out and delivery. Every decision is a row in notification_delivery, written before any job
 * exists: the fan-out inserts the rows and their outbox entries in one transaction, so a crash
 * leaves either nothing (the fan-out job is retried) or rows whose jobs the relay will enqueue.
 * An attempt leases its row (claim), sends with no transaction or connection held, then writes the
 * outcome if it still holds the lease (record): a second job for the same row finds the lease and
 * comes back when it ends, to find the row DELIVERED or due again. Holding a row lock through the
 * send instead kept a pooled connection idle in a transaction for every message in flight, and
 * serialized every delivery to one webhook endpoint behind that endpoint's row lock. A worker killed
 * between the receiver's 2xx and the record makes the one duplicate this cannot exclude (after the
 * lease lapses); webhook receivers dedupe on `webhook-id`, which is the delivery id, and mail carries
 * a stable Message-ID.
 */
export class NotificationDelivery {
  private readonly mailDomain: string;

  constructor(
    private readonly deps: NotificationDeliveryDeps,
    private readonly mailer: Mailer,
  ) {
    this.mailDomain = new URL(deps.publicUrl).hostname;
  }

  /** Inserts one delivery per channel and target; a repeated fan-out adds nothing. Returns rows added. */
  async fanOut(eventId: string): Promise<number> {
    const { dataSource, settings } = this.deps;
    return inTransaction(dataSource, async (manager) => {
      const event = await manager.findOneBy(NotificationEventEntity, { id: eventId });
      if (!event) return 0;
      const channels = (await settings.channels(manager, event.workspaceId))[event.type];
      const rows: Array<Partial<NotificationDeliveryEntity>> = [];
      const now = this.deps.clock.now();
      const row = (channel: NotificationChannel, targetId: string, targetLabel: string, status: DeliveryStatus, reason: string | null = null, parked = false) =>
        rows.push({ workspaceId: event.workspaceId, eventId, eventType: event.type, channel, targetId, targetLabel, status, reason, nextAttemptAt: status === DeliveryStatus.PENDING && !parked ? now : null });

      if (channels.includes(NotificationChannel.EMAIL)) {
        for (const recipient of await this.recipients(manager, event.workspaceId)) {
          if (recipient.emailOn) row(NotificationChannel.EMAIL, recipient.id, maskEmail(recipient.email), DeliveryStatus.PENDING);
          else row(NotificationChannel.EMAIL, recipient.id, maskEmail(recipient.email), DeliveryStatus.SKIPPED, 'recipient turned off email updates');
        }
      }
      if (channels.includes(NotificationChannel.PUSH)) {
        for (const target of await this.pushTargets(manager, event.workspaceId)) {
          if (!target.pushOn) row(NotificationChannel.PUSH, target.userId, maskEmail(target.email), DeliveryStatus.SKIPPED, 'recipient has push alerts off');
          else if (!target.subscriptionId) row(NotificationChannel.PUSH, target.userId, maskEmail(target.email), DeliveryStatus.SKIPPED, 'recipient registered no push subscription');
          else row(NotificationChannel.PUSH, target.subscriptionId, `${maskEmail(target.email)} on ${maskUrl(target.endpoint!)}`, DeliveryStatus.PENDING);
        }
      }
      if (channels.includes(NotificationChannel.SLACK)) {
        const slack = await manager.findOne(SlackConnectionEntity, { where: { workspaceId: event.workspaceId }, select: { workspaceId: true, kind: true, channel: true, status: true } });
        const label = slack?.channel ? `#${slack.channel}` : 'Slack';
        if (slack?.status === SlackConnectionStatus.ACTIVE) row(NotificationChannel.SLACK, event.workspaceId, label, DeliveryStatus.PENDING);
        else row(NotificationChannel.SLACK, event.workspaceId, label, DeliveryStatus.SKIPPED, NO_SLACK);
      }
      if (channels.includes(NotificationChannel.WEBHOOK)) {
        const endpoints = await manager
          .getRepository(WebhookEndpointEntity)
          .createQueryBuilder('e')
          .select(['e.id', 'e.url', 'e.disabledBy'])
          .where('e.workspace_id = :workspaceId AND :type = ANY(e.event_types)', { workspaceId: event.workspaceId, type: event.type })
          .getMany();
        for (const endpoint of endpoints) {
          const label = maskUrl(endpoint.url);
          if (!endpoint.disabledBy) row(NotificationChannel.WEBHOOK, endpoint.id, label, DeliveryStatus.PENDING);
          else if (endpoint.disabledBy === WebhookDisabledBy.FAILING) row(NotificationChannel.WEBHOOK, endpoint.id, label, DeliveryStatus.PENDING, PARKED_REASON, true);
          else row(NotificationChannel.WEBHOOK, endpoint.id, label, DeliveryStatus.SKIPPED, 'endpoint disabled');
        }
      }

      let added = 0;
      for (let start = 0; start < rows.length; start += FAN_OUT_CHUNK) {
        const inserted: Array<{ id: string; status: DeliveryStatus; next_attempt_at: Date | null }> = (
          await manager.createQueryBuilder().insert().into(NotificationDeliveryEntity).values(rows.slice(start, start + FAN_OUT_CHUNK)).orIgnore().returning('id, status, next_attempt_at').execute()
        ).raw;
        added += inserted.length;
        // Only rows this pass created get jobs: a retried fan-out finds its rows there and adds none.
        const jobs: Array<OutboxJob<DeliverData>> = inserted
          .filter((delivery) => delivery.status === DeliveryStatus.PENDING && delivery.next_attempt_at)
          .map((delivery) => ({ queue: QueueName.Notifications, name: NotificationJobName.Deliver, jobId: deliverJobId(delivery.id), data: { deliveryId: delivery.id } }));
        await enqueueManyInOutbox(manager, jobs);
      }
      return added;
    });
  }

  /** Workspace members and organization owners (implicit admins), with their email toggle. */
  private recipients(manager: EntityManager, workspaceId: string): Promise<Array<{ id: string; email: string; emailOn: boolean }>> {
    return manager.query(
      `SELECT u.id, u.email, COALESCE(p.email_updates, true) AS "emailOn"
         FROM "user" u LEFT JOIN notification_preference p ON p.user_id = u.id
        WHERE u.id IN (${WORKSPACE_PEOPLE})`,
      [workspaceId],
    );
  }

  /** Each member's push subscriptions (one row per subscription, or one without when they have none). */
  private pushTargets(manager: EntityManager, workspaceId: string): Promise<Array<{ userId: string; email: string; pushOn: boolean; subscriptionId: string | null; endpoint: string | null }>> {
    return manager.query(
      `SELECT u.id AS "userId", u.email, COALESCE(p.push_alerts, false) AS "pushOn", s.id AS "subscriptionId", s.endpoint
         FROM "user" u LEFT JOIN notification_preference p ON p.user_id = u.id LEFT JOIN push_subscription s ON s.user_id = u.id
        WHERE u.id IN (${WORKSPACE_PEOPLE})`,
      [workspaceId],
    );
  }

  /** One attempt at one delivery, under its lease; what to do next is in the outcome. */
  async attempt(deliveryId: string): Promise<AttemptOutcome> {
    const delivery = await this.claim(deliveryId);
    if (!delivery) return this.unclaimed(deliveryId);
    const sent = await this.send(delivery).catch(async (error: unknown) => {
      // Nothing was recorded: give the delivery back so the job's retry need not wait out the lease.
      await preparedQuery(this.deps.dataSource, RELEASE, [delivery.id, delivery.leaseToken]).catch(() => undefined);
      throw error;
    });
    const { after } = sent;
    if (!after) return this.record(delivery, sent);
    return inTransaction(this.deps.dataSource, async (manager) => this.record(delivery, await after(manager), manager));
  }

  private async claim(deliveryId: string): Promise<ClaimedDelivery | undefined> {
    const {
      rows: [row],
    } = await preparedQuery<Omit<ClaimedDelivery, 'event'> & Omit<EventFields, 'id'> & { eventId: string }>(this.deps.dataSource, CLAIM, [deliveryId, this.deps.config.leaseMs]);
    if (!row) return undefined;
    const { eventId, workspaceId, type, title, body, url, occurredAt, ...delivery } = row;
    return { ...delivery, event: { id: eventId, workspaceId, type, title, body, url, occurredAt } };
  }

  private async unclaimed(deliveryId: string): Promise<AttemptOutcome> {
    const [row]: Array<{ status: DeliveryStatus; parked: boolean; leasedForMs: number }> = await this.deps.dataSource.query(UNCLAIMED, [deliveryId]);
    if (!row) return { status: 'gone' };
    // DELIVERED is never sent again; a parked one waits for its endpoint's recovery.
    if (row.status !== DeliveryStatus.PENDING || row.parked) return { status: row.status };
    // Another attempt holds it: look again once its lease ends (it will have recorded an outcome, or died).
    return { status: DeliveryStatus.PENDING, retryInMs: row.leasedForMs + 1000 };
  }

  /** Writes an attempt's outcome and releases the lease (in `manager`'s transaction when given); returns what to do next. */
  private async record(delivery: ClaimedDelivery, result: AttemptResult, manager?: EntityManager): Promise<AttemptOutcome> {
    const schedule = this.deps.config.retryScheduleMs;
    const attempts = delivery.attempts + (result.final === DeliveryStatus.SKIPPED || result.park ? 0 : 1);
    const now = this.deps.clock.now();
    const recorded = { attempts, lastResponseCode: result.status ?? delivery.lastResponseCode, lastDurationMs: result.durationMs ?? delivery.lastDurationMs };
    let outcome: AttemptOutcome;
    let values: AttemptRecord;
    if (result.ok) {
      outcome = { status: DeliveryStatus.DELIVERED };
      values = { ...recorded, status: DeliveryStatus.DELIVERED, reason: null, nextAttemptAt: null, deliveredAt: now, lastResponseCode: result.status ?? null };
    } else if (result.park) {
      outcome = { status: DeliveryStatus.PENDING };
      values = { ...recorded, status: DeliveryStatus.PENDING, reason: PARKED_REASON, nextAttemptAt: null };
    } else if (result.final || attempts >= schedule.length) {
      const status = result.final ?? DeliveryStatus.FAILED;
      const reason = result.final || attempts < schedule.length ? result.reason : `${result.reason}; gave up after ${attempts} attempts`;
      outcome = { status };
      values = { ...recorded, status, reason: reason ?? null, nextAttemptAt: null };
    } else {
      const retryInMs = Math.max(withJitter(schedule[attempts]), result.retryAfterMs ?? 0);
      outcome = { status: DeliveryStatus.PENDING, retryInMs };
      values = { ...recorded, status: DeliveryStatus.PENDING, reason: result.reason ?? null, nextAttemptAt: new Date(now.getTime() + retryInMs) };
    }
    const parameters = [delivery.id, values.status, values.reason, values.attempts, values.lastResponseCode, values.lastDurationMs, values.nextAttemptAt, values.deliveredAt ?? null, delivery.leaseToken];
    const written = manager
      ? ((await manager.query(RECORD, parameters)) as [unknown, number])[1]
      : (await preparedQuery(this.deps.dataSource, RECORD, parameters)).rowCount;
    if (written === 0) {
      // The send outlasted the lease and another attempt took over (or the row is gone): its outcome stands.
      this.deps.logger.warn({ deliveryId: delivery.id, leaseMs: this.deps.config.leaseMs }, 'notification attempt outlasted its lease; outcome not recorded');
      return { status: 'gone' };
    }
    return outcome;
  }

  private send(delivery: ClaimedDelivery): Promise<AttemptResult> {
    if (delivery.channel === NotificationChannel.EMAIL) return this.sendEmail(delivery);
    if (delivery.channel === NotificationChannel.SLACK) return this.sendSlack(delivery.event);
    if (delivery.channel === NotificationChannel.PUSH) return this.sendPush(delivery);
    return this.sendWebhook(delivery);
  }

  private async sendEmail(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const { event, recipientEmail } = delivery;
    if (recipientEmail === null) return { ok: false, final: DeliveryStatus.SKIPPED, reason: 'recipient no longer exists' };
    // A person who turned email off after the fan-out is honoured too.
    if (!delivery.recipientEmailOn) return { ok: false, final: DeliveryStatus.SKIPPED, reason: 'recipient turned off email updates' };
    const token = this.deps.sealer.seal(JSON.stringify({ userId: delivery.targetId }));
    const data: NotificationMailData = {
      workspaceName: delivery.workspaceName,
      eventType: event.type,
      title: event.title,
      body: event.body,
      url: event.url,
      unsubscribeUrl: `${this.deps.publicUrl}/notifications/unsubscribe?token=${encodeURIComponent(token)}`,
    };
    const started = performance.now();
    try {
      await this.mailer.send({ to: recipientEmail, messageId: `<notification.${delivery.id}@${this.mailDomain}>`, ...renderNotification(data as unknown as Record<string, unknown>) });
      return { ok: true, durationMs: Math.round(performance.now() - started) };
    } catch (error) {
      return { ok: false, durationMs: Math.round(performance.now() - started), reason: `mail server refused or unreachable: ${(error as Error).message}` };
    }
  }

  private async sendSlack(event: EventFields): Promise<AttemptResult> {
    const connection = await this.deps.dataSource.manager.findOneBy(SlackConnectionEntity, { workspaceId: event.workspaceId });
    if (connection?.status !== SlackConnectionStatus.ACTIVE) return { ok: false, final: DeliveryStatus.SKIPPED, reason: NO_SLACK };
    const secret = this.deps.envelope.open(connection.secretSealed, slackSecretData(event.workspaceId));
    const text = `*${event.title}*\n${event.body}${event.url ? `\n<${event.url}>` : ''}`;
    const isBot = !!connection.channel;
    const outcome = isBot
      ? await this.deps.http.post(`${this.deps.config.slackApiUrl}/chat.postMessage`, JSON.stringify({ channel: connection.channel, text }), { authorization: `Bearer ${secret}` })
      : await this.deps.http.post(secret, JSON.stringify({ text }), {});
    const slackError = isBot && outcome.status === 200 ? slackApiError(outcome.body) : undefined;
    const broken = outcome.status === 401 || outcome.status === 403 || outcome.status === 404 || (slackError !== undefined && SLACK_AUTH_ERRORS.has(slackError));
    if (broken) {
      const why = `Slack answered ${slackError ?? outcome.status}`;
      return writing({ ok: false, status: outcome.status, durationMs: outcome.durationMs, final: DeliveryStatus.FAILED, reason: `${why}: the Slack connection is now in ERROR` }, (manager) =>
        manager.update(SlackConnectionEntity, { workspaceId: event.workspaceId }, { status: SlackConnectionStatus.ERROR, statusReason: `${why}; reconnect Slack` }),
      );
    }
    if (slackError) return { ok: false, status: outcome.status, durationMs: outcome.durationMs, reason: `Slack answered ${slackError}` };
    return this.judge(outcome);
  }

  private async sendPush(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const { event } = delivery;
    const { vapid } = this.deps.config;
    if (!vapid) return { ok: false, final: DeliveryStatus.SKIPPED, reason: 'push is not configured (VAPID keys)' };
    const [subscription]: Array<{ endpoint: string; p256dh: string; auth: string; pushOn: boolean }> = await this.deps.dataSource.query(
      'SELECT s.endpoint, s.p256dh, s.auth, COALESCE(p.push_alerts, false) AS "pushOn" FROM push_subscription s LEFT JOIN notification_preference p ON p.user_id = s.user_id WHERE s.id = $1',
      [delivery.targetId],
    );
    if (!subscription) return { ok: false, final: DeliveryStatus.SKIPPED, reason: 'push subscription removed' };
    if (!subscription.pushOn) return { ok: false, final: DeliveryStatus.SKIPPED, reason: 'recipient has push alerts off' };
    const payload = JSON.stringify({ type: event.type, title: event.title, body: event.body, url: event.url, eventId: event.id });
    const request = generateRequestDetails({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, payload, {
      vapidDetails: vapid,
      contentEncoding: 'aes128gcm',
      TTL: 24 * 3600,
    });
    const outcome = await this.deps.http.post(request.endpoint, request.body!, request.headers as Record<string, string>);
    if (outcome.status === 404 || outcome.status === 410) {
      // The browser unsubscribed or the subscription expired: it will never work again.
      return writing({ ok: false, status: outcome.status, durationMs: outcome.durationMs, final: DeliveryStatus.FAILED, reason: `push service answered ${outcome.status}: the subscription is removed` }, (manager) =>
        manager.query('DELETE FROM push_subscription WHERE id = $1', [delivery.targetId]),
      );
    }
    return this.judge(outcome);
  }

  /** Reads the endpoint without locking it: deliveries to one endpoint go out in parallel; its row is locked only to write what an outcome changes. */
  private async sendWebhook(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const { clock } = this.deps;
    const { event } = delivery;
    const endpoint = await this.deps.dataSource.manager.findOneBy(WebhookEndpointEntity, { id: delivery.targetId });
    if (!endpoint) return { ok: false, final: DeliveryStatus.SKIPPED, reason: 'endpoint deleted' };
    if (endpoint.disabledBy === WebhookDisabledBy.FAILING) return { ok: false, park: true };
    if (endpoint.disabledBy) return { ok: false, final: DeliveryStatus.SKIPPED, reason: 'endpoint disabled' };
    const outcome = await this.deps.webhooks.post(endpoint, `msg_${delivery.id}`, webhookPayload(event));
    if (outcome.status === 410) {
      return writing({ ok: false, status: 410, durationMs: outcome.durationMs, final: DeliveryStatus.FAILED, reason: 'endpoint answered 410 Gone and is now disabled' }, (manager) =>
        manager.update(WebhookEndpointEntity, { id: endpoint.id }, { disabledAt: clock.now(), disabledBy: WebhookDisabledBy.GONE }),
      );
    }
    const result = this.judge(outcome);
    if (result.ok) return endpoint.failingSince ? writing(result, (manager) => manager.update(WebhookEndpointEntity, { id: endpoint.id }, { failingSince: null })) : result;
    return { ...result, after: (manager) => this.endpointFailed(manager, endpoint.id, result) };
  }

  /**
   * Notes a failed attempt on its endpoint under the endpoint's lock (attempts in parallel read it
   * unlocked): the first failure starts the clock; one past WEBHOOK_DISABLE_AFTER_HOURS disables it.
   */
  private async endpointFailed(manager: EntityManager, endpointId: string, result: AttemptResult): Promise<AttemptResult> {
    const now = this.deps.clock.now();
    const endpoint = await manager.findOne(WebhookEndpointEntity, { where: { id: endpointId }, lock: { mode: 'pessimistic_write' } });
    if (!endpoint) return result;
    // Disabled while this attempt was sending: for failing (another attempt got there), park; otherwise the next attempt skips.
    if (endpoint.disabledBy) return endpoint.disabledBy === WebhookDisabledBy.FAILING ? { ...result, park: true } : result;
    if (!endpoint.failingSince) {
      await manager.update(WebhookEndpointEntity, { id: endpoint.id }, { failingSince: now });
      return result;
    }
    if (now.getTime() - endpoint.failingSince.getTime() < this.deps.config.webhookDisableAfterHours * 3_600_000) return result;
    await this.disableFailing(manager, endpoint, now);
    return { ...result, park: true };
  }

  /** Disables an endpoint that failed every attempt for too long, parks its pending deliveries and tells its admins. */
  private async disableFailing(manager: EntityManager, endpoint: WebhookEndpointEntity, now: Date): Promise<void> {
    await manager.update(WebhookEndpointEntity, { id: endpoint.id }, { disabledAt: now, disabledBy: WebhookDisabledBy.FAILING });
    await manager.query(`UPDATE notification_delivery SET next_attempt_at = NULL, reason = $2 WHERE target_id = $1 AND status = 'PENDING'`, [endpoint.id, PARKED_REASON]);
    const workspace = await manager.findOneOrFail(WorkspaceEntity, { where: { id: endpoint.workspaceId }, select: { id: true, name: true, organizationId: true } });
    const admins: Array<{ email: string }> = await manager.query(
      `SELECT u.email FROM "user" u WHERE u.id IN (SELECT user_id FROM workspace_membership WHERE workspace_id = $1 AND role = 'ADMIN'
                                                  UNION SELECT user_id FROM org_membership WHERE organization_id = $2 AND role = 'OWNER')`,
      [workspace.id, workspace.organizationId],
    );
    this.deps.logger.warn({ endpointId: endpoint.id, workspaceId: workspace.id, hours: this.deps.config.webhookDisableAfterHours }, 'webhook endpoint disabled after failing');
    const data: WebhookDisabledMailData = { workspaceName: workspace.name, url: endpoint.url, hours: this.deps.config.webhookDisableAfterHours };
    await enqueueManyInOutbox<EmailJobData>(
      manager,
      admins.map((admin, index) => ({
        queue: QueueName.Email,
        name: WEBHOOK_DISABLED_TEMPLATE,
        jobId: `webhook-disabled.${endpoint.id}.${now.getTime()}.${index}`,
        data: { template: WEBHOOK_DISABLED_TEMPLATE, to: admin.email, data: { ...data } },
      })),
    );
  }

  /** 2xx is delivered; anything else (3xx included: redirects are not followed) is a failed attempt. */
  private judge(outcome: HttpOutcome): AttemptResult {
    const { status, durationMs } = outcome;
    if (status !== null && status >= 200 && status < 300) return { ok: true, status, durationMs };
    if (status === null) return { ok: false, status: null, durationMs, reason: outcome.error ?? 'no response' };
    const retryAfter = status === 429 || status === 503 ? retryAfterMs(outcome.headers, Date.now()) : undefined;
    return { ok: false, status, durationMs, reason: `answered ${status}`, retryAfterMs: retryAfter };
  }

  /**
   * Probes each endpoint disabled for failing with a signed ping; on a 2xx it is enabled again and the
   * deliveries it missed are sent now, oldest first, one at a time, so they arrive in order.
   */
  async probeDisabledEndpoints(): Promise<number> {
    const { dataSource, clock } = this.deps;
    const endpoints = await dataSource.getRepository(WebhookEndpointEntity).findBy({ disabledBy: WebhookDisabledBy.FAILING });
    let reEnabled = 0;
    for (const endpoint of endpoints) {
      const probe = JSON.stringify({ type: 'gatehouse.probe', timestamp: clock.now().toISOString(), data: { endpointId: endpoint.id } });
      const outcome = await this.deps.webhooks.post(endpoint, `msg_probe_${endpoint.id}_${clock.now().getTime()}`, probe);
      if (!this.judge(outcome).ok) continue;
      const missed = await inTransaction(dataSource, async (manager) => {
        const { affected } = await manager.update(WebhookEndpointEntity, { id: endpoint.id, disabledBy: WebhookDisabledBy.FAILING }, { disabledAt: null, disabledBy: null, failingSince: null });
        // Another worker's probe got there first.
        if (!affected) return null;
        const rows: Array<{ id: string }> = await manager.query(
          `SELECT id FROM notification_delivery WHERE target_id = $1 AND status = 'PENDING' AND next_attempt_at IS NULL ORDER BY created_at, id FOR UPDATE`,
          [endpoint.id],
        );
        await manager.query(`UPDATE notification_delivery SET next_attempt_at = $2, reason = 'replayed after the endpoint recovered' WHERE id = ANY($1)`, [rows.map((row) => row.id), clock.now()]);
        return rows;
      });
      if (!missed) continue;
      reEnabled++;
      for (const { id } of missed) {
        const outcome = await this.attempt(id);
        if (outcome.retryInMs !== undefined) {
          await this.deps.queues[QueueName.Notifications].add(NotificationJobName.Deliver, { deliveryId: id } satisfies DeliverData, { jobId: `${id}.replay-${clock.now().getTime()}`, delay: outcome.retryInMs });
        }
      }
    }
    return reEnabled;
  }
}

/** `result`, with a change to its target written in the transaction that records it. */
function writing(result: AttemptResult, change: (manager: EntityManager) => Promise<unknown>): AttemptResult {
  return {
    ...result,
    after: async (manager) => {
      await change(manager);
      return result;
    },
  };
}

/** ±20 %, so deliveries that failed together do not all come back at the same instant. */
function withJitter(ms: number): number {
  return ms === 0 ? 0 : Math.round(ms * (0.8 + randomInt(0, 401) / 1000));
}

/** Slack's API answers 200 with `{ ok: false, error }`; these errors mean the connection itself is broken. */
const SLACK_AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'channel_not_found', 'not_in_channel', 'missing_scope']);

function slackApiError(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { ok?: boolean; error?: string };
    return parsed.ok === false ? (parsed.error ?? 'an error') : undefined;
  } catch {
    return undefined;
  }
}
