import { startTestApp } from '../src/testing/test-app';
import { measureThroughput } from './throughput';

/** The floor every other figure is compared with: `{ __typename }` with no credential. */
export async function run(): Promise<void> {
  const app = await startTestApp();
  try {
    const body = { query: '{ __typename }' };
    await measureThroughput(app.url, body, {}, 500);
    const result = await measureThroughput(app.url, body, {}, 5000);
    process.stdout.write(`anonymous { __typename }: ${result.perSecond.toFixed(0)} req/s (${result.requests} requests in ${result.seconds.toFixed(2)} s)\n`);
  } finally {
    await app.stop();
  }
}
