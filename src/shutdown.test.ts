import http from 'node:http';
import { spawnApp, type SpawnedApp } from './testing/spawn-app';
import { testEnv } from './testing/test-app';

interface Answer {
  status?: number;
  connection?: string;
  error?: string;
}

/** One request; `agent: false` opens a new connection for it, as clients arriving under load do. */
function request(url: string, options: { method?: string; body?: string; agent?: http.Agent | false } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const outgoing = http.request(url, { method: options.method ?? 'GET', agent: options.agent ?? false, headers: options.body ? { 'content-type': 'application/json' } : {} }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode, connection: response.headers.connection }));
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    outgoing.end(options.body);
  });
}

const graphql = (app: SpawnedApp, agent?: http.Agent) => request(app.url, { method: 'POST', body: JSON.stringify({ query: '{ __typename }' }), agent });
const readyz = (app: SpawnedApp) => request(app.url.replace(/\/graphql$/, '/readyz'));

describe('graceful shutdown of the API process', () => {
  it('on SIGTERM: /readyz 503 at once, serving on through the grace period, keep-alive closed after its response, no request dropped, exit 0', async () => {
    const app = await spawnApp(testEnv({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(40), SHUTDOWN_GRACE_SECONDS: '2' }));
    const keepAlive = new http.Agent({ keepAlive: true });
    try {
      expect((await readyz(app)).status).toBe(200);
      expect(await graphql(app, keepAlive)).toMatchObject({ status: 200, connection: 'keep-alive' });

      // Clients keep opening connections until the balancer, polling /readyz, has seen it fail, and a little after.
      const answers: Answer[] = [];
      let sawNotReady = false;
      const load = Array.from({ length: 8 }, async () => {
        for (;;) {
          answers.push(await graphql(app));
          if (sawNotReady) return;
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      app.signal('SIGTERM');
      for (;;) {
        const ready = await readyz(app);
        expect(ready.error).toBeUndefined();
        if (ready.status === 503) break;
      }
      sawNotReady = true;
      // Still serving: the keep-alive connection gets its answer, told to close after it.
      expect(await graphql(app, keepAlive)).toMatchObject({ status: 200, connection: 'close' });
      await Promise.all(load);

      expect(await app.exitCode).toBe(0);
      const failed = answers.filter((answer) => answer.status !== 200);
      process.stdout.write(`shutdown under load: ${answers.length} requests answered, ${failed.length} dropped\n`);
      expect(failed).toEqual([]);
      expect(answers.length).toBeGreaterThan(8);
    } finally {
      keepAlive.destroy();
      await app.stop();
    }
  });
});
