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
  services: ({ dataSource, clock, config, logger }, s) => ({ retention: new RetentionService(dataSource, s.audit, clock, config.workspace.retentionFloorDays, logger) }),
  jobs: (s) => ({ [QueueName.Maintenance]: createRetentionJobHandlers(s.retention) }),
  recurringJobs: [RETENTION_DAILY],
};
