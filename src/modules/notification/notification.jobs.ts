import { DelayedError, type Job } from 'bullmq';
import type { Mailer } from '../../mail/mailer';
import { QueueName } from '../../queue/queues';
import type { RecurringJob } from '../../queue/schedulers';
import type { NotificationDelivery } from './notification-delivery';

export const NotificationJobName = {
  /** Expands one event into its delivery rows and their jobs. */
  FanOut: 'fan-out',
  /** One attempt at one delivery; retried on the notification schedule. */
  Deliver: 'deliver',
  /** Hourly: probes endpoints disabled for failing, re-enables the healthy ones and replays what they missed. */
  ProbeEndpoints: 'probe-endpoints',
} as const;

export interface FanOutData {
  eventId: string;
}

export interface DeliverData {
  deliveryId: string;
}

export const fanOutJobId = (eventId: string): string => `notification-fan-out.${eventId}`;

/** The delivery id itself for the first run; an admin's redelivery gets its own job. */
export const deliverJobId = (deliveryId: string, redelivery = 0): string => (redelivery === 0 ? deliveryId : `${deliveryId}.redelivery-${redelivery}`);

export const WEBHOOK_PROBE: RecurringJob = { queue: QueueName.Notifications, id: 'webhook-endpoint-probe', pattern: '0 * * * *', jobName: NotificationJobName.ProbeEndpoints };

export function createNotificationJobHandlers(createDelivery: (mailer: Mailer) => NotificationDelivery, mailer: Mailer) {
  const delivery = createDelivery(mailer);
  return {
    [NotificationJobName.FanOut]: async (job: Job<FanOutData>) => ({ deliveries: await delivery.fanOut(job.data.eventId) }),
    [NotificationJobName.Deliver]: async (job: Job<DeliverData>) => {
      const outcome = await delivery.attempt(job.data.deliveryId);
      if (outcome.retryInMs === undefined) return outcome;
      // Retried on the notification schedule (or the receiver's Retry-After), not BullMQ's backoff.
      await job.moveToDelayed(Date.now() + outcome.retryInMs, job.token);
      throw new DelayedError();
    },
    [NotificationJobName.ProbeEndpoints]: async () => ({ reEnabled: await delivery.probeDisabledEndpoints() }),
  };
}
