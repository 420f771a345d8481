import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertPermission } from '../../auth/access-check';
import { actorOf } from '../../auth/actor';
import type { SealedBox } from '../../auth/sealed-box';
import { DomainError, ErrorCode } from '../../core/errors';
import type { Connection } from '../../core/pagination';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { viewerOf } from '../../graphql/request-helpers';
import { Viewer } from '../identity/identity.types';
import { Workspace } from '../workspace/workspace.types';
import { PUBLISH_PERMISSION } from './notification-catalog';
import type { NotificationChannelsService } from './notification-channels.service';
import type { NotificationSettingsService } from './notification-settings.service';
import {
  ConnectSlackInput,
  CreateWebhookEndpointInput,
  DisconnectSlackInput,
  NotificationDeliveryArgs,
  PublishNotificationEventInput,
  RedeliverNotificationInput,
  RegisterPushSubscriptionInput,
  RemovePushSubscriptionInput,
  UnsubscribeFromNotificationEmailsInput,
  UpdateNotificationPreferencesInput,
  UpdateNotificationSettingsInput,
  UpdateWebhookEndpointInput,
  WebhookEndpointInput,
} from './notification.inputs';
import { toNotificationDelivery, toNotificationEvent, toNotificationSettings, toPushSubscription, toSlackConnection, toWebhookEndpoint } from './notification.mappers';
import type { NotificationService } from './notification.service';
import {
  ConnectSlackPayload,
  DeleteWebhookEndpointPayload,
  DisconnectSlackPayload,
  NotificationDeliveryConnection,
  NotificationPreferences,
  NotificationSettings,
  PublishNotificationEventPayload,
  PushSubscription,
  RedeliverNotificationPayload,
  RegisterPushSubscriptionPayload,
  RemovePushSubscriptionPayload,
  SendTestWebhookPayload,
  SlackConnection,
  UnsubscribeFromNotificationEmailsPayload,
  UpdateNotificationPreferencesPayload,
  UpdateNotificationSettingsPayload,
  WebhookEndpoint,
  WebhookEndpointPayload,
  WebhookEndpointSecretPayload,
  type NotificationDelivery,
} from './notification.types';

@Resolver(() => Workspace)
export class WorkspaceNotificationResolver {
  constructor(
    private readonly settings: NotificationSettingsService,
    private readonly notifications: NotificationService,
  ) {}

  @FieldResolver(() => NotificationSettings)
  @Requires('notificationSettingsRead')
  async notificationSettings(@Root() workspace: Workspace, @Ctx() context: Context): Promise<NotificationSettings> {
    return toNotificationSettings(await context.loaders.notificationSettings.load(workspace.id));
  }

  @Mutation(() => UpdateNotificationSettingsPayload)
  @Requires('notificationSettingsWrite')
  async updateNotificationSettings(@Arg('input') input: UpdateNotificationSettingsInput, @Ctx() context: Context): Promise<UpdateNotificationSettingsPayload> {
    const channels = await this.settings.update(actorOf(context), input.workspaceId, input.events);
    return { workspaceId: input.workspaceId, notificationSettings: toNotificationSettings(channels) };
  }

  @FieldResolver(() => NotificationDeliveryConnection, { description: 'Newest first.' })
  @Requires('notificationSettingsRead')
  async notificationDeliveries(@Root() workspace: Workspace, @Args() args: NotificationDeliveryArgs): Promise<Connection<NotificationDelivery>> {
    const page = await this.notifications.deliveries(workspace.id, args.first, args.after, args);
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toNotificationDelivery(edge.node) })) };
  }

  @Mutation(() => RedeliverNotificationPayload, { description: 'Re-queues a FAILED delivery for a new round of attempts.' })
  @Requires('notificationChannelsManage')
  async redeliverNotification(@Arg('input') input: RedeliverNotificationInput, @Ctx() context: Context): Promise<RedeliverNotificationPayload> {
    return { delivery: toNotificationDelivery(await this.notifications.redeliver(actorOf(context), input.workspaceId, input.deliveryId)) };
  }

  @Mutation(() => PublishNotificationEventPayload, {
    description:
      'Publishes an event to the channels the workspace chose for its type. Allowed for an EDITOR, or a workspace API key with the scope of its type: ' +
      'RUN_FAILED runs:write, APPROVAL_REQUESTED approvals:write, WORKFLOW_DEPLOYED workflows:write, MCP_SERVER_DEGRADED connections:write, SECRET_ROTATED workspace:write.',
  })
  @Requires('authenticated')
  async publishNotificationEvent(@Arg('input') input: PublishNotificationEventInput, @Ctx() context: Context): Promise<PublishNotificationEventPayload> {
    // The scope depends on the event type, which one @auth directive cannot say: the same check, by type.
    await assertPermission(context, PUBLISH_PERMISSION[input.type], { workspaceId: input.workspaceId });
    const { event, duplicate } = await this.notifications.publish(input);
    return { event: toNotificationEvent(event), duplicate };
  }
}

@Resolver(() => Workspace)
export class WorkspaceNotificationChannelsResolver {
  constructor(private readonly channels: NotificationChannelsService) {}

  @FieldResolver(() => [WebhookEndpoint], { description: 'Oldest first.' })
  @Requires('notificationChannelsManage')
  async webhookEndpoints(@Root() workspace: Workspace, @Ctx() context: Context): Promise<WebhookEndpoint[]> {
    return (await context.loaders.webhookEndpoints.load(workspace.id)).map(toWebhookEndpoint);
  }

  @FieldResolver(() => SlackConnection, { nullable: true, description: 'Null until Slack is connected.' })
  @Requires('notificationChannelsManage')
  async slackConnection(@Root() workspace: Workspace, @Ctx() context: Context): Promise<SlackConnection | null> {
    const connection = await context.loaders.slackConnection.load(workspace.id);
    return connection && toSlackConnection(connection);
  }

  @Mutation(() => WebhookEndpointSecretPayload, { description: 'The signing secret is in the payload, this once.' })
  @Requires('notificationChannelsManage')
  async createWebhookEndpoint(@Arg('input') input: CreateWebhookEndpointInput, @Ctx() context: Context): Promise<WebhookEndpointSecretPayload> {
    const { endpoint, secret } = await this.channels.createEndpoint(actorOf(context), input.workspaceId, input);
    return { endpoint: toWebhookEndpoint(endpoint), secret };
  }

  @Mutation(() => WebhookEndpointPayload)
  @Requires('notificationChannelsManage')
  async updateWebhookEndpoint(@Arg('input') input: UpdateWebhookEndpointInput, @Ctx() context: Context): Promise<WebhookEndpointPayload> {
    return { endpoint: toWebhookEndpoint(await this.channels.updateEndpoint(actorOf(context), input.workspaceId, input.id, input)) };
  }

  @Mutation(() => DeleteWebhookEndpointPayload)
  @Requires('notificationChannelsManage')
  async deleteWebhookEndpoint(@Arg('input') input: WebhookEndpointInput, @Ctx() context: Context): Promise<DeleteWebhookEndpointPayload> {
    await this.channels.deleteEndpoint(actorOf(context), input.workspaceId, input.id);
    return { workspaceId: input.workspaceId, endpointId: input.id };
  }

  @Mutation(() => WebhookEndpointSecretPayload, { description: 'A new secret, shown this once. For 24 hours deliveries carry signatures with both the new and the previous secret.' })
  @Requires('notificationChannelsManage')
  async rotateWebhookEndpointSecret(@Arg('input') input: WebhookEndpointInput, @Ctx() context: Context): Promise<WebhookEndpointSecretPayload> {
    const { endpoint, secret } = await this.channels.rotateSecret(actorOf(context), input.workspaceId, input.id);
    return { endpoint: toWebhookEndpoint(endpoint), secret };
  }

  @Mutation(() => SendTestWebhookPayload, { description: 'POSTs a signed `gatehouse.test` message to the endpoint now and reports what it answered.' })
  @Requires('notificationChannelsManage')
  async sendTestWebhook(@Arg('input') input: WebhookEndpointInput): Promise<SendTestWebhookPayload> {
    const outcome = await this.channels.sendTest(input.workspaceId, input.id);
    const delivered = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
    return { delivered, responseCode: outcome.status, durationMs: outcome.durationMs, error: outcome.error ?? null };
  }

  @Mutation(() => ConnectSlackPayload, { description: 'Connects Slack, replacing any connection (which also clears ERROR).' })
  @Requires('notificationChannelsManage')
  async connectSlack(@Arg('input') input: ConnectSlackInput, @Ctx() context: Context): Promise<ConnectSlackPayload> {
    return { slackConnection: toSlackConnection(await this.channels.connectSlack(actorOf(context), input.workspaceId, input)) };
  }

  @Mutation(() => DisconnectSlackPayload)
  @Requires('notificationChannelsManage')
  async disconnectSlack(@Arg('input') input: DisconnectSlackInput, @Ctx() context: Context): Promise<DisconnectSlackPayload> {
    await this.channels.disconnectSlack(actorOf(context), input.workspaceId);
    return { workspaceId: input.workspaceId };
  }
}

@Resolver(() => Viewer)
export class ViewerNotificationResolver {
  constructor(
    private readonly settings: NotificationSettingsService,
    private readonly unsubscribeTokens: SealedBox,
    private readonly vapidPublicKey: string | undefined,
  ) {}

  @FieldResolver(() => NotificationPreferences)
  notificationPreferences(@Root() viewer: Viewer): Promise<NotificationPreferences> {
    return this.settings.preferences(viewer.id);
  }

  @Mutation(() => UpdateNotificationPreferencesPayload, { description: 'Saves both toggles together.' })
  @Requires('signedIn')
  async updateNotificationPreferences(@Arg('input') input: UpdateNotificationPreferencesInput, @Ctx() context: Context): Promise<UpdateNotificationPreferencesPayload> {
    return { notificationPreferences: await this.settings.savePreferences(viewerOf(context).userId, { emailUpdates: input.emailUpdates, pushAlerts: input.pushAlerts }) };
  }

  @FieldResolver(() => [PushSubscription], { description: 'Browsers subscribed to push alerts, oldest first.' })
  async pushSubscriptions(@Root() viewer: Viewer): Promise<PushSubscription[]> {
    return (await this.settings.pushSubscriptions(viewer.id)).map(toPushSubscription);
  }

  @Query(() => String, { nullable: true, description: 'The VAPID public key browsers subscribe with (applicationServerKey); null while push is not configured.' })
  pushVapidPublicKey(): string | null {
    return this.vapidPublicKey ?? null;
  }

  @Mutation(() => RegisterPushSubscriptionPayload, { description: 'Saves this browser for push alerts (sent only while pushAlerts is on).' })
  @Requires('signedIn')
  async registerPushSubscription(@Arg('input') input: RegisterPushSubscriptionInput, @Ctx() context: Context): Promise<RegisterPushSubscriptionPayload> {
    return { subscription: toPushSubscription(await this.settings.registerPushSubscription(viewerOf(context).userId, input)) };
  }

  @Mutation(() => RemovePushSubscriptionPayload)
  @Requires('signedIn')
  async removePushSubscription(@Arg('input') input: RemovePushSubscriptionInput, @Ctx() context: Context): Promise<RemovePushSubscriptionPayload> {
    await this.settings.removePushSubscription(viewerOf(context).userId, input.id);
    return { id: input.id };
  }

  @Mutation(() => UnsubscribeFromNotificationEmailsPayload, { description: 'The link in every notification mail: turns emailUpdates off for its recipient, signed in or not.' })
  async unsubscribeFromNotificationEmails(@Arg('input') input: UnsubscribeFromNotificationEmailsInput): Promise<UnsubscribeFromNotificationEmailsPayload> {
    let userId: string;
    try {
      userId = (JSON.parse(this.unsubscribeTokens.open(input.token)) as { userId: string }).userId;
    } catch {
      throw new DomainError(ErrorCode.BAD_USER_INPUT, 'token: is not an unsubscribe link of Gatehouse', { fields: [{ field: 'token', message: 'is not an unsubscribe link of Gatehouse' }], reason: 'INVALID_TOKEN' });
    }
    await this.settings.turnEmailOff(userId);
    return { unsubscribed: true };
  }
}
