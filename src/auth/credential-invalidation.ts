import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRedis } from '../queue/redis';

interface InvalidationMessage {
  /** The publishing process, which waits for acknowledgements on its own channel. */
  from: string;
  nonce: string;
  hashes: string[];
}

interface PendingAck {
  received: number;
  expected: number;
  done: () => void;
}

export type InvalidationListener = (hashes: string[] | 'all') => void;

/**
 * Cache invalidation across API processes over Redis pub/sub, with acknowledgements. Every cache of
 * credentials by hash (API keys, sessions) listens; the hashes of different kinds never collide.
 *
 * Guarantee: `publish` returns once every process that was subscribed when the message was published
 * (PUBLISH's receiver count, this one included) has dropped the hashes from its cache and said so,
 * or after `timeoutMs` (logged), even with Redis unreachable: the change is committed by then, and
 * processes that could not hear it do not trust their caches. A process whose subscription is lost
 * stops trusting its cache (`cacheTrusted` is false: credentials are verified against the database)
 * until it has subscribed again and cleared the whole cache, since messages sent meanwhile are lost.
 */
export class CredentialInvalidationBus {
  private readonly processId = randomUUID();
  private subscriber?: Redis;
  private readonly pending = new Map<string, PendingAck>();
  private readonly listeners: InvalidationListener[] = [];
  /** False from the moment the subscription may have missed a message until it is back and the caches are cleared. */
  private subscribed = true;

  constructor(
    private readonly publisher: Redis,
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** Registers a cache to drop hashes from (or everything, after a reconnect lost messages). */
  listen(listener: InvalidationListener): void {
    this.listeners.push(listener);
  }

  /** Whether a cache may answer from what it holds; a process without a subscription (not an API process) has no cache to distrust. */
  cacheTrusted(): boolean {
    return this.subscribed;
  }

  private onInvalidate(hashes: string[] | 'all'): void {
    for (const listener of this.listeners) listener(hashes);
  }

  private get channel(): string {
    return `${this.prefix}:credentials:invalidate`;
  }

  private ackChannel(processId: string): string {
    return `${this.prefix}:credentials:ack:${processId}`;
  }

  async start(): Promise<void> {
    const subscriber = createRedis(this.redisUrl);
    this.subscriber = subscriber;
    let connectedBefore = false;
    subscriber.on('close', () => {
      this.subscribed = false;
    });
    subscriber.on('ready', () => {
      if (!connectedBefore) {
        connectedBefore = true;
        return;
      }
      // Trusted again only once subscribed (ioredis resubscribes too; this says when it is done) and cleared.
      subscriber.subscribe(this.channel, this.ackChannel(this.processId)).then(
        () => {
          this.onInvalidate('all');
          this.subscribed = true;
        },
        (error: unknown) => this.logger.warn({ err: error }, 'credential invalidation resubscribe failed'),
      );
    });
    subscriber.on('error', (error) => this.logger.warn({ err: error }, 'credential invalidation subscriber error'));
    subscriber.on('message', (channel: string, payload: string) => {
      if (channel === this.channel) this.receive(payload);
      else this.acknowledged(payload);
    });
    await subscriber.subscribe(this.channel, this.ackChannel(this.processId));
    this.subscribed = true;
  }

  async stop(): Promise<void> {
    for (const ack of this.pending.values()) ack.done();
    this.subscriber?.disconnect();
    this.subscriber = undefined;
  }

  /** Drops the hashes from this process's caches and every other API process's; see the class comment for when it returns. */
  async publish(hashes: string[]): Promise<void> {
    if (hashes.length === 0) return;
    this.onInvalidate(hashes);
    const nonce = randomUUID();
    const message: InvalidationMessage = { from: this.processId, nonce, hashes };
    if (!this.subscriber) {
      // Not an API process (no cache to keep, no channel for acknowledgements): tell the others and go.
      await this.withinTimeout(this.publisher.publish(this.channel, JSON.stringify(message)));
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const acknowledged = new Promise<boolean>((resolve) => {
      // Acknowledgements can overtake PUBLISH's reply (they travel on another connection): count from now.
      this.pending.set(nonce, { received: 0, expected: Number.POSITIVE_INFINITY, done: () => resolve(true) });
      timer = setTimeout(() => resolve(false), this.timeoutMs);
    });
    try {
      // An unreachable Redis queues the command forever: give up after the timeout like a missing acknowledgement.
      const receivers = await this.withinTimeout(this.publisher.publish(this.channel, JSON.stringify(message)));
      if (receivers === undefined) {
        this.logger.warn('credential invalidation not published in time (Redis unreachable); processes that lost their subscription verify against the database');
        return;
      }
      const ack = this.pending.get(nonce)!;
      ack.expected = receivers;
      if (ack.received >= receivers) ack.done();
      if (!(await acknowledged)) {
        this.logger.warn({ receivers, acknowledged: ack.received }, 'credential invalidation not acknowledged by every API process in time');
      }
    } finally {
      clearTimeout(timer);
      this.pending.delete(nonce);
    }
  }

  /** The command's answer, or undefined once `timeoutMs` passed (a late failure is only logged). */
  private withinTimeout<T>(command: Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.timeoutMs)));
    command.catch((error) => this.logger.warn({ err: error }, 'credential invalidation publish failed'));
    return Promise.race([command, late]).finally(() => clearTimeout(timer));
  }

  private receive(payload: string): void {
    let message: InvalidationMessage;
    try {
      message = JSON.parse(payload) as InvalidationMessage;
    } catch {
      return;
    }
    this.onInvalidate(message.hashes);
    void this.publisher.publish(this.ackChannel(message.from), message.nonce).catch((error) => this.logger.warn({ err: error }, 'credential invalidation ack failed'));
  }

  private acknowledged(nonce: string): void {
    const ack = this.pending.get(nonce);
    if (!ack) return;
    ack.received++;
    if (ack.received >= ack.expected) ack.done();
  }
}
