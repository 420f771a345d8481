import 'reflect-metadata';
import { createLogger } from './logger';
import { loadConfigOrExit, onShutdown } from './main';
import { startMetricsServer } from './metrics';
import { startWorker } from './queue/worker-runner';
import { startRuntime } from './runtime';
import { collectContributions, createServices } from './services';

/** The worker alone, for production: relays the outbox and runs queued jobs. Scale by running more. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const runtime = await startRuntime(config, logger);
  const services = createServices(runtime.infra);
  const contributions = collectContributions();
  const worker = await startWorker(runtime.infra, services, contributions);
  // Job outcomes and mail are counted in this process: only a port of its own makes them scrapeable.
  const metrics = config.metricsPort === undefined ? undefined : await startMetricsServer(runtime.infra);
  // Before announcing the start: whoever waits for that line may signal at once.
  onShutdown(logger, async () => {
    await worker.stop();
    await metrics?.close();
    await runtime.stop();
  });
  logger.info({ metricsPort: metrics?.port }, 'Gatehouse worker started');
}

main().catch((error) => {
  process.stderr.write(`Gatehouse worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
