import type { Logger } from 'pino';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OUTBOX_CHANNEL } from './outbox';
import type { QueueName, Queues } from './queues';

const BATCH = 100;

/**
 * Moves committed outbox rows into BullMQ. Rows are claimed with SKIP LOCKED so several workers can
 * relay at once, and deleted only in the transaction that saw BullMQ accept them: if Redis is down
 * the transaction rolls back and the rows wait for the next pass.
 */
export class OutboxRelay {
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly databaseUrl: string,
    private readonly queues: Queues,
    private readonly logger: Logger,
    private readonly pollMs = 2000,
  ) {}

  async start(): Promise<void> {
    this.listener = new Client({ connectionString: this.databaseUrl });
    this.listener.on('error', (error) => this.logger.warn({ err: error }, 'outbox listener connection failed'));
    await this.listener.connect();
    this.listener.on('notification', () => this.kick());
    await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.kick();
  }

  /** Runs a relay pass now, or right after the one in progress. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error) => this.logger.warn({ err: error }, 'outbox relay pass failed; will retry'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.stopped && (await this.relayBatch()) === BATCH);
  }

  private async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .createQueryBuilder(OutboxMessageEntity, 'message')
        .orderBy('message.createdAt', 'ASC')
        .limit(BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      if (rows.length === 0) return 0;
      // One round trip per queue and batch rather than per row: a fan-out relays thousands at once.
      const byQueue = new Map<QueueName, OutboxMessageEntity[]>();
      for (const row of rows) {
        const queue = row.queue as QueueName;
        if (!byQueue.has(queue)) byQueue.set(queue, []);
        byQueue.get(queue)!.push(row);
      }
      for (const [queue, messages] of byQueue) {
        await this.queues[queue].addBulk(messages.map((row) => ({ name: row.jobName, data: row.payload, opts: { jobId: row.jobId } })));
      }
      await manager.delete(OutboxMessageEntity, rows.map((row) => row.id));
      return rows.length;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }
}
