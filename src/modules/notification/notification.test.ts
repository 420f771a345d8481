import { Webhook } from 'standardwebhooks';
import { generateVAPIDKeys } from 'web-push';
import { inTransaction } from '../../db/transaction';
import { addToWorkspace, createTenant, createWorkspace } from '../../testing/fixtures';
import {
  ConnectSlackDocument,
  CreateWebhookEndpointDocument,
  CreateWorkspaceApiKeyDocument,
  PublishNotificationEventDocument,
  PushVapidPublicKeyDocument,
  RedeliverNotificationDocument,
  RegisterPushSubscriptionDocument,
  RemovePushSubscriptionDocument,
  RotateWebhookEndpointSecretDocument,
  SendTestWebhookDocument,
  UnsubscribeFromNotificationEmailsDocument,
  UpdateNotificationPreferencesDocument,
  UpdateNotificationSettingsDocument,
  UpdateWebhookEndpointDocument,
  ViewerNotificationPreferencesDocument,
  ViewerPushSubscriptionsDocument,
  WorkspaceAuditEventsDocument,
  WorkspaceNotificationDeliveriesDocument,
  WorkspaceNotificationSettingsDocument,
  WorkspaceSlackConnectionDocument,
  WorkspaceWebhookEndpointsDocument,
  type NotificationChannel,
  type NotificationEventType,
  type PublishNotificationEventInput,
} from '../../testing/generated/graphql';
import { runJob } from '../../testing/jobs';
import { errorCode, startTestApp, type TestApp } from '../../testing/test-app';
import { NotificationJobName } from './notification.jobs';
import { OutboundHttp } from './outbound-http';
import { HttpReceiver, eventually } from './testing/http-receiver';
import { BrowserPushKeys } from './testing/web-push-keys';

const HOUR = 3_600_000;

type Tenant = Awaited<ReturnType<typeof createTenant>>;
type Delivery = { id: string; channel: string; target: string; status: string; reason?: string | null; attempts: number; lastResponseCode?: number | null; nextAttemptAt?: unknown; eventId: string };

describe('notifications', () => {
  let app: TestApp;
  let tenant: Tenant;
  let receiver: HttpReceiver;
  let receiverUrl: string;
  const vapid = generateVAPIDKeys();

  beforeAll(async () => {
    receiver = new HttpReceiver();
    receiverUrl = await receiver.start();
    app = await startTestApp({
      worker: true,
      env: {
        // Four attempts, tens of milliseconds apart: the Standard Webhooks schedule, shortened.
        NOTIFICATION_RETRY_SCHEDULE: '0,20ms,20ms,20ms',
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_DISABLE_AFTER_HOURS: '1',
        // Short, so a second job for a delivery being sent comes back within the test.
        NOTIFICATION_LEASE_SECONDS: '2',
        SLACK_API_URL: `${receiverUrl}/slack-api`,
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
        VAPID_SUBJECT: 'mailto:ops@gatehouse.test',
      },
    });
    tenant = await createTenant(app);
  });
  afterAll(async () => {
    await app.stop();
    await receiver.stop();
  });

  const newWorkspace = async () => {
    const { id } = await createWorkspace(app, tenant.owner, tenant.organizationId);
    await addToWorkspace(app, tenant.owner, id, tenant.admin, 'ADMIN');
    await addToWorkspace(app, tenant.owner, id, tenant.editor, 'EDITOR');
    return id;
  };
  const setChannels = (workspaceId: string, eventType: NotificationEventType, channels: NotificationChannel[]) =>
    app.ok(UpdateNotificationSettingsDocument, { input: { workspaceId, events: [{ eventType, channels }] } }, { token: tenant.owner.token });
  let sequence = 0;
  const event = (workspaceId: string, overrides: Partial<PublishNotificationEventInput> = {}): PublishNotificationEventInput => ({
    workspaceId,
    type: 'RUN_FAILED',
    title: `Run ${++sequence} failed`,
    body: 'Step 3 timed out.',
    url: 'https://app.example.com/runs/1',
    occurredAt: new Date().toISOString(),
    ...overrides,
  });
  const publish = async (input: PublishNotificationEventInput) => (await app.ok(PublishNotificationEventDocument, { input }, { token: tenant.editor.token })).publishNotificationEvent;
  const deliveriesOf = async (workspaceId: string, eventId: string): Promise<Delivery[]> => {
    const { workspace } = await app.ok(WorkspaceNotificationDeliveriesDocument, { id: workspaceId, first: 200 }, { token: tenant.admin.token });
    return workspace.notificationDeliveries.edges.map((edge) => edge.node).filter((node) => node.eventId === eventId);
  };
  const settled = (deliveries: Delivery[]) => deliveries.length > 0 && deliveries.every((delivery) => delivery.status !== 'PENDING');
  const finalDeliveries = (workspaceId: string, eventId: string, count = 1) =>
    eventually(() => deliveriesOf(workspaceId, eventId), (rows) => rows.length >= count && settled(rows), `deliveries of ${eventId}`);
  const createEndpoint = async (workspaceId: string, path: string, eventTypes: NotificationEventType[] = ['RUN_FAILED']) =>
    (await app.ok(CreateWebhookEndpointDocument, { input: { workspaceId, url: `${receiverUrl}${path}`, eventTypes, description: path } }, { token: tenant.admin.token })).createWebhookEndpoint;

  describe('workspace settings', () => {
    it('default to email for every event; ADMINs change them, EDITORs read them, VIEWERs neither; keys by scope', async () => {
      const ws = tenant.workspace.id;
      const { workspace } = await app.ok(WorkspaceNotificationSettingsDocument, { id: ws }, { token: tenant.editor.token });
      expect(workspace.notificationSettings.events).toEqual(
        ['RUN_FAILED', 'APPROVAL_REQUESTED', 'WORKFLOW_DEPLOYED', 'MCP_SERVER_DEGRADED', 'SECRET_ROTATED'].map((eventType) => ({ eventType, channels: ['EMAIL'] })),
      );
      const update = { workspaceId: ws, events: [{ eventType: 'APPROVAL_REQUESTED' as const, channels: ['SLACK', 'EMAIL'] as NotificationChannel[] }] };
      const expected = {
        owner: ['OK', 'OK'],
        admin: ['OK', 'OK'],
        editor: ['OK', 'FORBIDDEN'],
        viewer: ['FORBIDDEN', 'FORBIDDEN'],
        outsider: ['NOT_FOUND', 'NOT_FOUND'],
      } as const;
      for (const [caller, codes] of Object.entries(expected) as Array<[keyof typeof expected, readonly string[]]>) {
        const token = tenant[caller].token;
        const read = errorCode(await app.request(WorkspaceNotificationSettingsDocument, { id: ws }, { token }));
        const write = errorCode(await app.request(UpdateNotificationSettingsDocument, { input: update }, { token }));
        expect([caller, read, write]).toEqual([caller, ...codes]);
      }
      const keyWith = async (scopes: string[]) =>
        (await app.ok(CreateWorkspaceApiKeyDocument, { input: { workspaceId: ws, name: 'settings', scopes } }, { token: tenant.owner.token })).createWorkspaceApiKey.key;
      const reader = { headers: { 'x-api-key': await keyWith(['workspace:read']) } };
      const writer = { headers: { 'x-api-key': await keyWith(['workspace:write']) } };
      expect(errorCode(await app.request(WorkspaceNotificationSettingsDocument, { id: ws }, reader))).toBe('OK');
      expect(errorCode(await app.request(UpdateNotificationSettingsDocument, { input: update }, reader))).toBe('FORBIDDEN');
      expect(errorCode(await app.request(UpdateNotificationSettingsDocument, { input: update }, writer))).toBe('OK');

      const saved = (await app.ok(WorkspaceNotificationSettingsDocument, { id: ws }, { token: tenant.admin.token })).workspace.notificationSettings.events;
      expect(saved.find((row) => row.eventType === 'APPROVAL_REQUESTED')!.channels).toEqual(['EMAIL', 'SLACK']);
      expect(saved.find((row) => row.eventType === 'RUN_FAILED')!.channels).toEqual(['EMAIL']);
      // One change, one audit event with before and after; saving the same again records nothing.
      const audit = (await app.ok(WorkspaceAuditEventsDocument, { id: ws, filter: { actions: ['notification_settings.updated'] } }, { token: tenant.owner.token })).workspace.auditEvents.edges;
      expect(audit).toHaveLength(1);
      expect(audit[0].node.metadata).toMatchObject({ before: { approval_requested: ['EMAIL'] }, after: { approval_requested: ['EMAIL', 'SLACK'], run_failed: ['EMAIL'] } });
    });
  });

  describe('personal toggles', () => {
    it('read and save emailUpdates and pushAlerts together: email on and push off until changed', async () => {
      const { viewer } = await app.ok(ViewerNotificationPreferencesDocument, {}, { token: tenant.viewer.token });
      expect(viewer.notificationPreferences).toEqual({ emailUpdates: true, pushAlerts: false });
      await app.ok(UpdateNotificationPreferencesDocument, { input: { emailUpdates: false, pushAlerts: true } }, { token: tenant.viewer.token });
      expect((await app.ok(ViewerNotificationPreferencesDocument, {}, { token: tenant.viewer.token })).viewer.notificationPreferences).toEqual({ emailUpdates: false, pushAlerts: true });
      await app.ok(UpdateNotificationPreferencesDocument, { input: { emailUpdates: true, pushAlerts: false } }, { token: tenant.viewer.token });
    });
  });

  describe('event intake', () => {
    it('lets EDITORs and keys with the scope of the event type publish; VIEWERs and other scopes are FORBIDDEN', async () => {
      const ws = await newWorkspace();
      await setChannels(ws, 'RUN_FAILED', []);
      await setChannels(ws, 'APPROVAL_REQUESTED', []);
      const key = (await app.ok(CreateWorkspaceApiKeyDocument, { input: { workspaceId: ws, name: 'runs', scopes: ['runs:write'] } }, { token: tenant.owner.token })).createWorkspaceApiKey.key;
      const asKey = { headers: { 'x-api-key': key } };
      expect(errorCode(await app.request(PublishNotificationEventDocument, { input: event(ws) }, asKey))).toBe('OK');
      expect(errorCode(await app.request(PublishNotificationEventDocument, { input: event(ws, { type: 'APPROVAL_REQUESTED' }) }, asKey))).toBe('FORBIDDEN');
      // A key of this workspace never reaches another one.
      expect(errorCode(await app.request(PublishNotificationEventDocument, { input: event(tenant.workspace.id) }, asKey))).toBe('NOT_FOUND');
      expect(errorCode(await app.request(PublishNotificationEventDocument, { input: event(tenant.workspace.id) }, { token: tenant.viewer.token }))).toBe('FORBIDDEN');
      expect(errorCode(await app.request(PublishNotificationEventDocument, { input: event(tenant.workspace.id, { type: 'APPROVAL_REQUESTED' }) }, { token: tenant.editor.token }))).toBe('OK');
    });

    it('returns the first event for a repeated idempotency key (even when sent at once), refuses other content with it, and frees it after 24 hours', async () => {
      const ws = await newWorkspace();
      await setChannels(ws, 'RUN_FAILED', []);
      const input = event(ws, { idempotencyKey: 'run-42-failed' });
      const [a, b] = await Promise.all([publish(input), publish(input)]);
      expect(a.event.id).toBe(b.event.id);
      expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
      const conflict = await app.request(PublishNotificationEventDocument, { input: { ...input, body: 'something else' } }, { token: tenant.editor.token });
      expect(errorCode(conflict)).toBe('CONFLICT');
      app.clock.advance(25 * HOUR);
      const later = await publish({ ...input, body: 'something else' });
      expect(later).toMatchObject({ duplicate: false, event: { body: 'something else' } });
      expect(later.event.id).not.toBe(a.event.id);
    });

    it('publishInternal commits with the caller: a rolled-back caller sends nothing', async () => {
      const ws = await newWorkspace();
      const internal = { workspaceId: ws, type: 'secret_rotated' as never, title: 'Provider key rotated', body: 'OpenAI', occurredAt: app.clock.now() };
      await expect(
        inTransaction(app.infra.dataSource, async (manager) => {
          await app.services.notifications.publishInternal(manager, internal);
          throw new Error('caller failed');
        }),
      ).rejects.toThrow('caller failed');
      const count = async () => (await app.infra.dataSource.query('SELECT count(*)::int AS n FROM notification_event WHERE workspace_id = $1', [ws]))[0].n;
      expect(await count()).toBe(0);
      await inTransaction(app.infra.dataSource, (manager) => app.services.notifications.publishInternal(manager, internal));
      expect(await count()).toBe(1);
    });
  });

  describe('email', () => {
    it('mails every member who keeps email on, once even when published twice with one key; the others are SKIPPED with the reason; the unsubscribe link turns email off', async () => {
      const ws = tenant.workspace.id;
      await app.ok(UpdateNotificationPreferencesDocument, { input: { emailUpdates: false, pushAlerts: false } }, { token: tenant.viewer.token });
      const input = event(ws, { idempotencyKey: `mail-${Date.now()}` });
      const first = await publish(input);
      await publish(input);

      // The organization owner (an implicit admin) and the three members; not the organization-only member.
      const rows = await finalDeliveries(ws, first.event.id, 4);
      const byStatus = (status: string) => rows.filter((row) => row.status === status).length;
      expect([rows.length, byStatus('DELIVERED'), byStatus('SKIPPED')]).toEqual([4, 3, 1]);
      expect(rows.find((row) => row.status === 'SKIPPED')).toMatchObject({ channel: 'EMAIL', reason: 'recipient turned off email updates', target: `${tenant.viewer.email[0]}***@example.com` });

      const mail = await app.smtp!.waitFor((m) => m.to.includes(tenant.editor.email) && m.subject.includes(input.title));
      expect(app.smtp!.messages.filter((m) => m.subject.includes(input.title))).toHaveLength(3);
      expect(app.smtp!.messages.some((m) => m.to.includes(tenant.viewer.email) && m.subject.includes(input.title))).toBe(false);
      expect(mail.text).toContain('Step 3 timed out.');
      const token = decodeURIComponent(/unsubscribe\?token=(\S+)/.exec(mail.text)![1]);
      await app.ok(UnsubscribeFromNotificationEmailsDocument, { input: { token } });
      expect((await app.ok(ViewerNotificationPreferencesDocument, {}, { token: tenant.editor.token })).viewer.notificationPreferences.emailUpdates).toBe(false);
      await app.ok(UpdateNotificationPreferencesDocument, { input: { emailUpdates: true, pushAlerts: false } }, { token: tenant.editor.token });
      expect(errorCode(await app.request(UnsubscribeFromNotificationEmailsDocument, { input: { token: 'forged' } }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('webhooks', () => {
    it('signs per Standard Webhooks; a receiver failing twice then succeeding shows 3 attempts; both secrets sign during a rotation', async () => {
      const ws = await newWorkspace();
      await setChannels(ws, 'RUN_FAILED', ['WEBHOOK']);
      const { endpoint, secret } = await createEndpoint(ws, '/hooks/flaky');
      expect(secret).toMatch(/^whsec_/);
      receiver.replies.push({ status: 500 }, { status: 302, headers: { location: 'http://example.com' } });
      const { event: published } = await publish(event(ws));
      const [delivery] = await finalDeliveries(ws, published.id);
      expect(delivery).toMatchObject({ channel: 'WEBHOOK', status: 'DELIVERED', attempts: 3, lastResponseCode: 200, target: `${receiverUrl}/…` });
      const received = receiver.to('/hooks/flaky');
      expect(received).toHaveLength(3);
      // The same message id on every attempt, so a receiver can drop repeats; each verifies with the secret.
      expect(new Set(received.map((request) => request.headers['webhook-id']))).toEqual(new Set([`msg_${delivery.id}`]));
      const payload = new Webhook(secret).verify(received[2].body, received[2].headers as Record<string, string>) as { type: string; data: { title: string } };
      expect(payload).toMatchObject({ type: 'run_failed', data: { title: published.title } });

      const rotated = (await app.ok(RotateWebhookEndpointSecretDocument, { input: { workspaceId: ws, id: endpoint.id } }, { token: tenant.admin.token })).rotateWebhookEndpointSecret;
      const test = (await app.ok(SendTestWebhookDocument, { input: { workspaceId: ws, id: endpoint.id } }, { token: tenant.admin.token })).sendTestWebhook;
      expect(test).toMatchObject({ delivered: true, responseCode: 200, error: null });
      const signed = receiver.to('/hooks/flaky').at(-1)!;
      for (const key of [secret, rotated.secret]) expect(new Webhook(key).verify(signed.body, signed.headers as Record<string, string>)).toMatchObject({ type: 'gatehouse.test' });
      expect(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(signed.body, signed.headers as Record<string, string>)).toThrow();
    });

    it('waits as long as a 429 Retry-After asks before the next attempt', async () => {
      const ws = await newWorkspace();
      await setChannels(ws, 'RUN_FAILED', ['WEBHOOK']);
      await createEndpoint(ws, '/hooks/busy');
      receiver.replies.push({ status: 429, headers: { 'retry-after': '1' } });
      const { event: published } = await publish(event(ws));
      const [waiting] = await eventually(() => deliveriesOf(ws, published.id), (rows) => rows[0]?.attempts === 1, 'the first attempt');
      // The schedule says 20 ms (±20 %); the receiver asked for a second, which wins.
      expect(new Date(waiting.nextAttemptAt as string).getTime() - app.clock.now().getTime()).toBeGreaterThan(500);
      expect(waiting).toMatchObject({ status: 'PENDING', lastResponseCode: 429, reason: 'answered 429' });
      expect((await finalDeliveries(ws, published.id))[0]).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    });

    it('holds no lock while sending: a second job for the delivery sends nothing, waits out the lease and finds it DELIVERED', async () => {
      const ws = await newWorkspace();
      await setChannels(ws, 'RUN_FAILED', ['WEBHOOK']);
      const { endpoint } = await createEndpoint(ws, '/hooks/slow');
      let answer!: () => void;
      receiver.replies.push({ status: 200, until: new Promise<void>((resolve) => (answer = resolve)) });
      const { event: published } = await publish(event(ws));
      await eventually(async () => receiver.to('/hooks/slow').length, (n) => n === 1, 'the held request');
      const [sending] = await deliveriesOf(ws, published.id);
      expect(sending).toMatchObject({ status: 'PENDING', attempts: 0 });

      // Mid-send, neither the delivery nor its endpoint is locked: other work on them does not wait.
      await inTransaction(app.infra.dataSource, async (manager) => {
        await manager.query('SELECT id FROM notification_delivery WHERE id = $1 FOR UPDATE NOWAIT', [sending.id]);
        await manager.query('SELECT id FROM webhook_endpoint WHERE id = $1 FOR UPDATE NOWAIT', [endpoint.id]);
      });
      const second = await app.infra.queues.notifications.add(NotificationJobName.Deliver, { deliveryId: sending.id }, { jobId: `${sending.id}.second` });
      await eventually(() => second.getState(), (state) => state === 'delayed', 'the second job to wait out the lease');
      expect(receiver.to('/hooks/slow')).toHaveLength(1);

      answer();
      expect((await finalDeliveries(ws, published.id))[0]).toMatchObject({ status: 'DELIVERED', attempts: 1, lastResponseCode: 200 });
      await eventually(() => second.getState(), (state) => state === 'completed', 'the second job to finish', 10_000);
      expect((await app.infra.queues.notifications.getJob(second.id!))!.returnvalue).toEqual({ status: 'DELIVERED' });
      expect(receiver.to('/hooks/slow')).toHaveLength(1);
    });

    it('an attempt that throws gives its lease back, so the job retries at once and delivers', async () => {
      const ws = await newWorkspace();
      await setChannels(ws, 'RUN_FAILED', ['WEBHOOK']);
      const { endpoint } = await createEndpoint(ws, '/hooks/unreadable');
      const { dataSource } = app.infra;
      const [{ secret_sealed: sealed }] = await dataSource.query('SELECT secret_sealed FROM webhook_endpoint WHERE id = $1', [endpoint.id]);
      // A secret that cannot be opened makes the attempt throw before anything is sent.
      await dataSource.query(`UPDATE webhook_endpoint SET secret_sealed = 'v1:unreadable' WHERE id = $1`, [endpoint.id]);
      const { event: published } = await publish(event(ws));
      const [row] = await eventually(() => deliveriesOf(ws, published.id), (rows) => rows.length === 1, 'the delivery row');
      const job = await eventually(() => app.infra.queues.notifications.getJob(row.id), (found) => (found?.attemptsMade ?? 0) >= 1, 'a failed attempt');
      expect(job!.failedReason).toBeTruthy();
      expect(await dataSource.query('SELECT status, leased_until FROM notification_delivery WHERE id = $1', [row.id])).toEqual([{ status: 'PENDING', leased_until: null }]);
      expect(receiver.to('/hooks/unreadable')).toHaveLength(0);

      await dataSource.query('UPDATE webhook_endpoint SET secret_sealed = $2 WHERE id = $1', [endpoint.id, sealed]);
      expect((await finalDeliveries(ws, published.id))[0]).toMatchObject({ status: 'DELIVERED', attempts: 1 });
      expect(receiver.to('/hooks/unreadable')).toHaveLength(1);
    });

    it('410 disables the endpoint at once; a FAILED delivery can be redelivered once it is enabled again', async () => {
      const ws = await newWorkspace();
      await setChannels(ws, 'RUN_FAILED', ['WEBHOOK']);
      const { endpoint } = await createEndpoint(ws, '/hooks/gone');
      receiver.replies.push({ status: 410 });
      const { event: published } = await publish(event(ws));
      const [delivery] = await finalDeliveries(ws, published.id);
      expect(delivery).toMatchObject({ status: 'FAILED', attempts: 1, lastResponseCode: 410, reason: 'endpoint answered 410 Gone and is now disabled' });
      const [listed] = (await app.ok(WorkspaceWebhookEndpointsDocument, { id: ws }, { token: tenant.admin.token })).workspace.webhookEndpoints;
      expect(listed).toMatchObject({ id: endpoint.id, enabled: false, disabledBy: 'GONE' });

      expect(errorCode(await app.request(RedeliverNotificationDocument, { input: { workspaceId: ws, deliveryId: delivery.id } }, { token: tenant.editor.token }))).toBe('FORBIDDEN');
      await app.ok(UpdateWebhookEndpointDocument, { input: { workspaceId: ws, id: endpoint.id, enabled: true } }, { token: tenant.admin.token });
      await app.ok(RedeliverNotificationDocument, { input: { workspaceId: ws, deliveryId: delivery.id } }, { token: tenant.admin.token });
      const [again] = await finalDeliveries(ws, published.id);
      expect(again).toMatchObject({ status: 'DELIVERED', attempts: 1 });
      expect(receiver.to('/hooks/gone')).toHaveLength(2);
    });

    it('an endpoint failing for WEBHOOK_DISABLE_AFTER_HOURS is disabled, its admins told; the probe re-enables it and it receives what it missed once each, in order', async () => {
      const ws = await newWorkspace();
      await setChannels(ws, 'RUN_FAILED', ['WEBHOOK']);
      const path = '/hooks/down';
      const { endpoint, secret } = await createEndpoint(ws, path);
      receiver.replies.push(...Array.from({ length: 4 }, () => ({ status: 503 })));
      const first = await publish(event(ws));
      expect((await finalDeliveries(ws, first.event.id))[0]).toMatchObject({ status: 'FAILED', attempts: 4, lastResponseCode: 503 });

      // Two hours later it still fails: disabled, and the delivery waits for it.
      app.clock.advance(2 * HOUR);
      receiver.replies.push({ status: 500 });
      const second = await publish(event(ws));
      await eventually(
        async () => (await app.ok(WorkspaceWebhookEndpointsDocument, { id: ws }, { token: tenant.admin.token })).workspace.webhookEndpoints[0],
        (listed) => listed.disabledBy === 'FAILING',
        'the endpoint to be disabled',
      );
      await app.smtp!.waitFor((m) => m.to.includes(tenant.owner.email) && m.subject.includes('Webhook endpoint disabled'));
      const third = await publish(event(ws));
      await eventually(() => deliveriesOf(ws, third.event.id), (rows) => rows.length === 1, 'the parked delivery');
      const parked = [...(await deliveriesOf(ws, second.event.id)), ...(await deliveriesOf(ws, third.event.id))];
      expect(parked.map((row) => [row.status, row.reason])).toEqual(Array(2).fill(['PENDING', 'endpoint disabled after failing; replayed in order when it recovers']));
      const before = receiver.to(path).length;

      // Healthy again: the hourly probe finds it.
      expect(await runJob(app.infra.queues.notifications, NotificationJobName.ProbeEndpoints, {})).toEqual({ reEnabled: 1 });
      const delivered = await Promise.all([second, third].map(({ event: published }) => finalDeliveries(ws, published.id)));
      expect(delivered.map(([row]) => row.status)).toEqual(['DELIVERED', 'DELIVERED']);
      const after = receiver.to(path).slice(before).map((request) => new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as { type: string; data: { title: string } });
      expect(after.map((payload) => payload.type === 'gatehouse.probe' ? 'probe' : payload.data.title)).toEqual(['probe', second.event.title, third.event.title]);
      expect((await app.ok(WorkspaceWebhookEndpointsDocument, { id: ws }, { token: tenant.admin.token })).workspace.webhookEndpoints[0]).toMatchObject({ id: endpoint.id, enabled: true, disabledBy: null, failingSince: null });
    });

    it('refuses private, loopback and link-local targets unless WEBHOOK_ALLOW_PRIVATE is true', async () => {
      const strict = new OutboundHttp(false);
      const before = receiver.requests.length;
      for (const url of [`${receiverUrl}/private`, 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/hook', 'http://[::1]:9/hook']) {
        const outcome = await strict.post(url, '{}', {});
        expect([url, outcome.status, outcome.error]).toEqual([url, null, 'refused: the address is private, loopback, link-local or a metadata address']);
      }
      expect(receiver.requests.length).toBe(before);
      expect((await new OutboundHttp(true).post(`${receiverUrl}/private`, '{}', {})).status).toBe(200);
    });
  });

  describe('Slack', () => {
    it('posts through an incoming webhook; skips without an active connection; a 401 from Slack puts the connection in ERROR', async () => {
      const ws = await newWorkspace();
      await setChannels(ws, 'RUN_FAILED', ['SLACK']);
      const none = await publish(event(ws));
      expect((await finalDeliveries(ws, none.event.id))[0]).toMatchObject({ channel: 'SLACK', status: 'SKIPPED', reason: 'no active Slack connection' });

      await app.ok(ConnectSlackDocument, { input: { workspaceId: ws, webhookUrl: `${receiverUrl}/slack-hook/T1/B1/x` } }, { token: tenant.admin.token });
      const posted = await publish(event(ws));
      expect((await finalDeliveries(ws, posted.event.id))[0]).toMatchObject({ status: 'DELIVERED' });
      expect(JSON.parse(receiver.to('/slack-hook/T1/B1/x')[0].body).text).toContain(posted.event.title);

      await app.ok(ConnectSlackDocument, { input: { workspaceId: ws, botToken: 'xoxb-test-token', channel: '#alerts' } }, { token: tenant.admin.token });
      receiver.replies.push({ status: 401, body: '{"ok":false,"error":"invalid_auth"}' });
      const refused = await publish(event(ws));
      expect((await finalDeliveries(ws, refused.event.id))[0]).toMatchObject({ status: 'FAILED', target: '#alerts', lastResponseCode: 401, reason: 'Slack answered 401: the Slack connection is now in ERROR' });
      const call = receiver.to('/slack-api/chat.postMessage').at(-1)!;
      expect([call.headers.authorization, JSON.parse(call.body).channel]).toEqual(['Bearer xoxb-test-token', 'alerts']);
      const { workspace } = await app.ok(WorkspaceSlackConnectionDocument, { id: ws }, { token: tenant.admin.token });
      expect(workspace.slackConnection).toMatchObject({ kind: 'BOT_TOKEN', status: 'ERROR', statusReason: 'Slack answered 401; reconnect Slack' });
      const after = await publish(event(ws));
      expect((await finalDeliveries(ws, after.event.id))[0]).toMatchObject({ status: 'SKIPPED', reason: 'no active Slack connection' });
    });
  });

  describe('push', () => {
    it('sends an encrypted push to each registered browser of people with push alerts on, says why for the others, and drops a subscription the push service calls gone', async () => {
      const ws = await newWorkspace();
      await setChannels(ws, 'RUN_FAILED', ['PUSH']);
      expect((await app.ok(PushVapidPublicKeyDocument, {})).pushVapidPublicKey).toBe(vapid.publicKey);
      const browser = new BrowserPushKeys();
      const path = `/push/${Date.now()}`;
      const { registerPushSubscription } = await app.ok(RegisterPushSubscriptionDocument, { input: { endpoint: `${receiverUrl}${path}`, ...browser.keys } }, { token: tenant.editor.token });
      expect(registerPushSubscription.subscription.endpoint).toBe(receiverUrl);
      await app.ok(UpdateNotificationPreferencesDocument, { input: { emailUpdates: true, pushAlerts: true } }, { token: tenant.editor.token });
      await app.ok(UpdateNotificationPreferencesDocument, { input: { emailUpdates: true, pushAlerts: true } }, { token: tenant.admin.token });

      const { event: published } = await publish(event(ws));
      const rows = await finalDeliveries(ws, published.id, 3);
      const reasons = rows.map((row) => [row.status, row.reason ?? null]).sort();
      expect(reasons).toEqual([
        ['DELIVERED', null],
        ['SKIPPED', 'recipient has push alerts off'],
        ['SKIPPED', 'recipient registered no push subscription'],
      ]);
      const [push] = receiver.to(path);
      expect(push.headers).toMatchObject({ 'content-encoding': 'aes128gcm', ttl: '86400' });
      expect(push.headers.authorization).toMatch(/^vapid t=.+, k=/);
      expect(JSON.parse(browser.decrypt(push.raw))).toMatchObject({ type: 'run_failed', title: published.title, eventId: published.id });

      receiver.replies.push({ status: 410 });
      const gone = await publish(event(ws));
      const [failed] = (await finalDeliveries(ws, gone.event.id, 3)).filter((row) => row.status === 'FAILED');
      expect(failed).toMatchObject({ channel: 'PUSH', lastResponseCode: 410, reason: 'push service answered 410: the subscription is removed' });
      expect((await app.ok(ViewerPushSubscriptionsDocument, {}, { token: tenant.editor.token })).viewer.pushSubscriptions).toEqual([]);
      expect(errorCode(await app.request(RemovePushSubscriptionDocument, { input: { id: registerPushSubscription.subscription.id } }, { token: tenant.editor.token }))).toBe('NOT_FOUND');
      await app.ok(UpdateNotificationPreferencesDocument, { input: { emailUpdates: true, pushAlerts: false } }, { token: tenant.editor.token });
      await app.ok(UpdateNotificationPreferencesDocument, { input: { emailUpdates: true, pushAlerts: false } }, { token: tenant.admin.token });
    });

    it("lets people register and remove only their own browsers", async () => {
      const browser = new BrowserPushKeys();
      const { registerPushSubscription } = await app.ok(RegisterPushSubscriptionDocument, { input: { endpoint: `${receiverUrl}/push/own`, ...browser.keys } }, { token: tenant.viewer.token });
      const { id } = registerPushSubscription.subscription;
      expect(errorCode(await app.request(RemovePushSubscriptionDocument, { input: { id } }, { token: tenant.editor.token }))).toBe('NOT_FOUND');
      expect((await app.ok(ViewerPushSubscriptionsDocument, {}, { token: tenant.viewer.token })).viewer.pushSubscriptions.map((s) => s.id)).toEqual([id]);
      await app.ok(RemovePushSubscriptionDocument, { input: { id } }, { token: tenant.viewer.token });
      expect((await app.ok(ViewerPushSubscriptionsDocument, {}, { token: tenant.viewer.token })).viewer.pushSubscriptions).toEqual([]);
      const bad = await app.request(RegisterPushSubscriptionDocument, { input: { endpoint: `${receiverUrl}/push/bad`, p256dh: 'A'.repeat(86), auth: browser.keys.auth } }, { token: tenant.viewer.token });
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    });
  });

  describe('delivery list', () => {
    it('filters by status, channel and event type and pages newest first', async () => {
      const ws = tenant.workspace.id;
      const page = async (variables: Record<string, unknown>) =>
        (await app.ok(WorkspaceNotificationDeliveriesDocument, { id: ws, ...variables }, { token: tenant.editor.token })).workspace.notificationDeliveries;
      const skipped = await page({ status: 'SKIPPED', channel: 'EMAIL', eventType: 'RUN_FAILED' });
      expect(skipped.edges.length).toBeGreaterThan(0);
      expect(skipped.edges.every(({ node }) => node.status === 'SKIPPED' && node.channel === 'EMAIL' && node.eventType === 'RUN_FAILED')).toBe(true);
      const first = await page({ first: 2 });
      const second = await page({ first: 2, after: first.pageInfo.endCursor });
      expect(first.pageInfo.hasNextPage).toBe(true);
      expect(second.edges.map((edge) => edge.node.id)).not.toContain(first.edges[0].node.id);
      expect(errorCode(await app.request(WorkspaceNotificationDeliveriesDocument, { id: ws }, { token: tenant.viewer.token }))).toBe('FORBIDDEN');
    });
  });
});
