import type { SecretEnvelope } from '../../auth/secret-envelope';
import type { Clock } from '../../clock';
import type { OutboundHttp, HttpOutcome } from './outbound-http';
import { webhookSecretData } from './secret-binding';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { signWebhook } from './webhook-signing';

/** Signed POSTs to a webhook endpoint, with every secret still valid (two during a rotation's overlap). */
export class WebhookSender {
  constructor(
    private readonly envelope: SecretEnvelope,
    private readonly clock: Clock,
    private readonly http: OutboundHttp,
  ) {}

  post(endpoint: WebhookEndpointEntity, messageId: string, payload: string): Promise<HttpOutcome> {
    const secrets = [this.envelope.open(endpoint.secretSealed, webhookSecretData(endpoint.workspaceId, endpoint.id))];
    if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > this.clock.now()) {
      secrets.push(this.envelope.open(endpoint.previousSecretSealed, webhookSecretData(endpoint.workspaceId, endpoint.id, 'previous')));
    }
    // Real time, not the app clock: receivers check the timestamp against their own clock.
    return this.http.post(endpoint.url, payload, signWebhook(secrets, messageId, new Date(), payload));
  }
}
