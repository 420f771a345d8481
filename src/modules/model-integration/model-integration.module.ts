import type { GatehouseModule, LoadersOf } from '../../module';
import { NotificationEventType } from '../notification/notification-catalog';
import { createModelIntegrationLoaders } from './model-integration.loaders';
import { ModelIntegrationResolver, WorkspaceModelIntegrationsResolver } from './model-integration.resolver';
import { MODEL_INTEGRATION_SEALED_COLUMN, ModelIntegrationService } from './model-integration.service';
import { modelIntegrationRoutes } from './model-integration.rest';

const loaders = createModelIntegrationLoaders();

declare module '../../module' {
  interface Services {
    modelIntegrations: ModelIntegrationService;
  }
  interface Loaders extends LoadersOf<typeof loaders> {}
}

/** AI-provider credentials, stored in a SecretEnvelope and revealed only through an audited, limited call. */
export const modelIntegrationModule: GatehouseModule = {
  name: 'model-integration',
  services: ({ dataSource, clock, redis, config }, s) => ({
    modelIntegrations: new ModelIntegrationService({
      dataSource,
      audit: s.audit,
      envelope: s.envelope,
      // A rotated credential is announced as `secret_rotated`, in the rotation's own transaction.
      notifications: {
        publishInternal: async (manager, event) => {
          await s.notifications.publishInternal(manager, { ...event, type: NotificationEventType.SECRET_ROTATED });
        },
      },
      clock,
      redis,
      redisPrefix: config.redisPrefix,
      revealLimitPerHour: config.secretRevealLimitPerHour,
    }),
  }),
  resolvers: [
    [WorkspaceModelIntegrationsResolver, (s) => new WorkspaceModelIntegrationsResolver(s.modelIntegrations)],
    [ModelIntegrationResolver, () => new ModelIntegrationResolver()],
  ],
  loaders,
  sealedColumns: [MODEL_INTEGRATION_SEALED_COLUMN],
  restRoutes: modelIntegrationRoutes,
};
