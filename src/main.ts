import 'reflect-metadata';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './logger';
import { startWorker } from './queue/worker-runner';
import { startRuntime } from './runtime';
import { collectContributions, createServices } from './services';

export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Stops everything on SIGTERM, Ctrl-C or a closed terminal, in order, then exits 0. */
export function onShutdown(logger: { info(msg: string): void }, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  process.on('SIGHUP', handler);
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const runtime = await startRuntime(config, logger);
  const services = createServices(runtime.infra);
  const contributions = collectContributions();
  const worker = config.runWorkerInProcess ? await startWorker(runtime.infra, services, contributions) : undefined;
  const app = await createApp(runtime.infra, services, contributions);
  const port = await app.listen(config.port);
  // Before announcing the start: whoever waits for that line may signal at once.
  onShutdown(logger, async () => {
    app.drain();
    await new Promise((resolve) => setTimeout(resolve, config.shutdownGraceSeconds * 1000));
    await app.stop();
    await worker?.stop();
    await runtime.stop();
  });
  logger.info({ port, metricsPort: app.metricsPort(), worker: Boolean(worker), mail: config.smtpUrl ? 'smtp' : config.mailOutboxDir }, `Gatehouse listening on http://localhost:${port}/graphql`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`Gatehouse failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
