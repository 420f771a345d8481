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
  // First in the module list: the modules after it register what it deletes (retain, purge).
  services: ({ dataSource, clock, config, logger }) => ({ retention: new RetentionService(dataSource, clock, config.workspace.retentionFloorDays, logger) }),
  jobs: (s) => ({ [QueueName.Maintenance]: createRetentionJobHandlers(s.retention) }),
  recurringJobs: [RETENTION_DAILY],
};
