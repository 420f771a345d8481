import type { GatehouseModule } from '../../module';
import { QueueName } from '../../queue/queues';
import { RETENTION_DAILY, createRetentionJobHandlers } from './retention.jobs';
import { RetentionService } from './retention.service';

declare module '../../module' {
  interface Services {
    retention: RetentionService;
  }
}

export const retentionModule: GatehouseModule = {
  name: 'retention',
  services: ({ dataSource, clock, config, logger }, s) => {
    const retention = new RetentionService(dataSource, clock, config.workspace.retentionFloorDays, logger);
    retention.retain('auditEventsDeleted', (workspaceId, cutoff, batch) => s.audit.deleteOlderThan(workspaceId, cutoff, batch));
    return { retention };
  },
  jobs: (s) => ({ [QueueName.Maintenance]: createRetentionJobHandlers(s.retention) }),
  recurringJobs: [RETENTION_DAILY],
};
