import { execFileSync, fork } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { ApiKeyKind } from '../src/modules/api-key/api-key.entity';
import { CredentialStatus } from '../src/modules/api-key/credential-store';
import { startRuntime } from '../src/runtime';
import { createServices } from '../src/services';
import { ownDatabasePrefix } from '../src/testing/global-setup';
import { postGraphQL, testEnv } from '../src/testing/test-app';
import { GATEHOUSE_AUDIT_PAGE, PEER_AUDIT_PAGE, processOf, variants, type Contestant, type PageCursors, type ServerRequest } from './read-path/cases';
import type { LoadRequest, LoadResult } from './read-path/load-generator';
import { freshTenant, MEMBERS_PER_WORKSPACE, VIEWER_WORKSPACES, AUDIT_EVENTS, WORKSPACES, KEYS_PER_WORKSPACE, type BenchTenant } from './read-path/seed';
import { buildServers, databaseCpuMs, databaseCpuSince, imageCommand, node22, ROOT, startServers, type RunningServer, type ServerName } from './read-path/servers';
import { recordResults } from './record-results';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = [32, 8];
/** BENCH_CASES=A,C-1000 runs only those cases (ids in read-path/cases.ts), e.g. to re-measure one step. */
const ONLY = process.env.BENCH_CASES?.split(',').map((id) => id.trim());
/** BENCH_SOAK_SECONDS=600 then loads case A on Gatehouse alone that long and compares its RSS with the RSS after the first minute. */
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 0);
const SOAK_SAMPLE_SECONDS = 10;
/**
 * Statements per request: the fewest over STATEMENT_WINDOWS windows of COUNTED_REQUESTS sequential
 * requests, so a background write (Gatehouse's "last used" flush, a session touch) is not charged to one case.
 */
const COUNTED_REQUESTS = 10;
const STATEMENT_WINDOWS = 3;
const PAGE = 1000;
const SERVERS: ServerName[] = ['gatehouse', 'ceiling', 'postgraphile'];
/** The order of a case's rounds. */
const ORDER: Contestant[] = ['gatehouse', 'gatehouse-anonymous', 'ceiling', 'postgraphile'];

interface Figures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  statementsPerRequest: number;
  /** The server process's CPU time per completed request, ms: steadier than req/s when the machine's speed moves. */
  cpuMsPerRequest: number;
  /** PostgreSQL's CPU time (its backends for the bench database) per completed request, ms. */
  databaseCpuMsPerRequest: number;
  peakRssMb: number;
  /** The server's own process.memoryUsage() when the case ended, MiB (V8 heap against the rest of the RSS). */
  memoryAtEndMb: Record<keyof NodeJS.MemoryUsage, number>;
  /** Requests completed over the rounds: 0 means every request outlasted its round. */
  requests: number;
  failures: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

interface KeyedRatio {
  /** Req/s with a key ÷ without, of the two rounds run back to back in each round. */
  perRound: number[];
  median: number;
}

/**
 * "With a key against without" as the median of per-round ratios: the two run back to back in one
 * process, so each pair shares the machine's moment, which a ratio of two medians does not.
 */
function keyedToAnonymous(keyed: LoadResult[], anonymous: LoadResult[]): KeyedRatio {
  const perRound = keyed.map((result, round) => result.requestsPerSecond / anonymous[round].requestsPerSecond);
  return { perRound, median: median(perRound) };
}

function loadGenerator() {
  const child = fork(path.join(__dirname, 'read-path', 'load-generator.ts'), [], { execArgv: ['-r', '@swc-node/register'], cwd: ROOT });
  return {
    run: (request: LoadRequest) =>
      new Promise<LoadResult>((resolve, reject) => {
        child.once('message', (answer: LoadResult | { error: string }) => ('error' in answer ? reject(new Error(answer.error)) : resolve(answer)));
        child.send(request);
      }),
    stop: () => child.kill(),
  };
}

const send = (server: RunningServer, request: ServerRequest) => postGraphQL<unknown>(`${server.origin}${request.path}`, request.body, { headers: request.headers });

/**
 * Walks the audit log once (not timed) for the cursor that ends page PAGE - 1 on each API: in steps of
 * 200 events (the most a page may hold) to save time, which ends on the same keyset cursor as 50 at a time.
 */
async function walkToPage(gatehouse: RunningServer, peer: RunningServer, tenant: BenchTenant): Promise<PageCursors> {
  const walk = async (next: (after: string | null, first: number) => Promise<{ endCursor: string; firstId: string }>) => {
    let after: string | null = null;
    for (let skipped = 0; skipped < (PAGE - 1) * 50; ) {
      const first = Math.min(200, (PAGE - 1) * 50 - skipped);
      after = (await next(after, first)).endCursor;
      skipped += first;
    }
    return { cursor: after!, firstId: (await next(after, 50)).firstId };
  };
  const pageOf = (connection: { edges: Array<{ node: { id?: string; rowId?: string } }>; pageInfo: { endCursor: string } } | undefined, json: unknown) => {
    if (!connection) throw new Error(`audit page failed: ${JSON.stringify(json).slice(0, 500)}`);
    return { endCursor: connection.pageInfo.endCursor, firstId: (connection.edges[0].node.id ?? connection.edges[0].node.rowId)! };
  };
  const ours = await walk(async (after, first) => {
    const result = await postGraphQL<{ organization: { auditEvents: never } }>(
      `${gatehouse.origin}/graphql`,
      { query: GATEHOUSE_AUDIT_PAGE, variables: { organizationId: tenant.organizationId, after, first } },
      { token: tenant.ownerToken },
    );
    return pageOf(result.data?.organization.auditEvents, result);
  });
  const theirs = await walk(async (after, first) => {
    const result = await postGraphQL<{ allAuditEvents: never }>(`${peer.origin}/graphql`, { query: PEER_AUDIT_PAGE, variables: { organizationId: tenant.organizationId, after, first } });
    return pageOf(result.data?.allAuditEvents, result);
  });
  if (ours.firstId !== theirs.firstId) throw new Error(`page ${PAGE} differs: Gatehouse starts at ${ours.firstId}, PostGraphile at ${theirs.firstId}`);
  return { gatehouse: ours.cursor, peer: theirs.cursor, firstEventId: ours.firstId };
}

/** The verifier alone, in this process, as the API builds it: CredentialStore.verify on a key already in its cache. */
async function verificationsPerSecond(tenant: BenchTenant): Promise<number> {
  const config = loadConfig(testEnv({ DATABASE_URL: tenant.databaseUrl, REDIS_PREFIX: `${process.env.GATEHOUSE_TEST_REDIS_PREFIX}:read-path-verifier` }));
  const runtime = await startRuntime(config, pino({ level: 'silent' }));
  try {
    const { credentials } = createServices(runtime.infra);
    const options = { kind: ApiKeyKind.WORKSPACE, touch: true };
    if ((await credentials.verify(tenant.workspaceKey, options)).status !== CredentialStatus.VALID) throw new Error('the bench key does not verify');
    let best = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let count = 0;
      const started = performance.now();
      while (performance.now() - started < 1000) {
        for (let i = 0; i < 1000; i++) await credentials.verify(tenant.workspaceKey, options);
        count += 1000;
      }
      best = Math.max(best, count / ((performance.now() - started) / 1000));
    }
    await credentials.stop();
    return best;
  } finally {
    await runtime.stop();
  }
}

const inMb = (usage: NodeJS.MemoryUsage) => Object.fromEntries(Object.entries(usage).map(([key, bytes]) => [key, Math.round(bytes / 1048576)])) as Figures['memoryAtEndMb'];

interface Soak {
  seconds: number;
  connections: number;
  requests: number;
  failures: number;
  /** VmRSS every SOAK_SAMPLE_SECONDS, MiB. */
  rssMb: number[];
  rssAfterFirstMinuteMb: number;
  rssAtEndMb: number;
  /** End ÷ first minute: the target is within 10 %. */
  growth: number;
  memoryAtEndMb: Figures['memoryAtEndMb'];
}

/** Case A on Gatehouse alone for SOAK_SECONDS at 32 connections, in rounds of SOAK_SAMPLE_SECONDS with the RSS read after each: does memory settle? */
async function soakCaseA(gatehouse: RunningServer, dashboard: ReturnType<typeof variants>[number], load: ReturnType<typeof loadGenerator>, log: (line: string) => void): Promise<Soak> {
  const request = dashboard.servers.gatehouse!;
  const connections = CONCURRENCY[0];
  const rssMb: number[] = [];
  let requests = 0;
  let failures = 0;
  log(`\nsoak: case A on gatehouse, ${connections} connections, ${SOAK_SECONDS} s`);
  for (let elapsed = 0; elapsed < SOAK_SECONDS; elapsed += SOAK_SAMPLE_SECONDS) {
    const result = await load.run({ url: `${gatehouse.origin}${request.path}`, headers: request.headers, body: JSON.stringify(request.body), connections, seconds: SOAK_SAMPLE_SECONDS });
    requests += result.requests;
    failures += result.failures;
    rssMb.push(Math.round(gatehouse.rssMb()));
    if ((elapsed + SOAK_SAMPLE_SECONDS) % 60 === 0) log(`  ${elapsed + SOAK_SAMPLE_SECONDS} s: RSS ${rssMb.at(-1)} MB, ${requests} requests`);
  }
  const rssAfterFirstMinuteMb = rssMb[Math.min(rssMb.length, 60 / SOAK_SAMPLE_SECONDS) - 1];
  const rssAtEndMb = rssMb.at(-1)!;
  const soak = { seconds: SOAK_SECONDS, connections, requests, failures, rssMb, rssAfterFirstMinuteMb, rssAtEndMb, growth: rssAtEndMb / rssAfterFirstMinuteMb, memoryAtEndMb: inMb(await gatehouse.memory()) };
  log(`soak: RSS ${rssAfterFirstMinuteMb} MB after the first minute, ${rssAtEndMb} MB at the end (${fmt((soak.growth - 1) * 100, 1)} %), max ${Math.max(...rssMb)} MB; ${requests} requests, ${failures} failed`);
  return soak;
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');
const ratio = (value: number, ceiling: number | undefined) => (ceiling ? `${fmt(value / ceiling, 2)}×` : '');

/**
 * Read-path throughput of Gatehouse beside a hand-written ceiling and PostGraphile 5, one run, same
 * database: see README "Benchmarks". Writes bench/results.json.
 */
export async function run(): Promise<void> {
  const started = performance.now();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const testRun = globalThis.__GATEHOUSE_TEST_RUN__!;
  const tenant = await freshTenant(testRun.server.adminUrl, `${ownDatabasePrefix(testRun.databaseName)}read_path`, log);
  log('building the servers (tsc)');
  buildServers();
  const servers = await startServers({
    databaseUrl: tenant.databaseUrl,
    redisUrl: process.env.GATEHOUSE_TEST_REDIS_URL!,
    redisPrefix: `${process.env.GATEHOUSE_TEST_REDIS_PREFIX}:read-path`,
    // The dashboard case is the unpaginated organizations × workspaces × members tree: its worst case
    // (100 × 100 × 500 members) is far past the default cost limit; the bench reads it at the seeded size.
    gatehouse: { GRAPHQL_MAX_COST: '100000000' },
  });
  const byName = Object.fromEntries(servers.map((server) => [server.name, server])) as Record<ServerName, RunningServer>;
  const serverOf = (name: Contestant) => byName[processOf(name)];
  const load = loadGenerator();
  const database = new Client({ connectionString: tenant.databaseUrl });
  await database.connect();
  const results: Array<{ variant: string; title: string; concurrency: number; servers: Partial<Record<Contestant, Figures>>; keyedToAnonymous?: KeyedRatio }> = [];
  let verifier = NaN;
  let soak: Soak | undefined;
  try {
    let cursors: PageCursors | null = null;
    if (!ONLY || ONLY.includes('C-1000')) {
      log(`walking the audit log to page ${PAGE} (untimed)`);
      cursors = await walkToPage(byName.gatehouse, byName.postgraphile, tenant);
    }
    const cases = variants(tenant, { workspaces: VIEWER_WORKSPACES, members: MEMBERS_PER_WORKSPACE }, cursors).filter((variant) => !ONLY || ONLY.includes(variant.id));
    for (const variant of cases) {
      const names = ORDER.filter((name) => variant.servers[name]);
      const statements: Partial<Record<Contestant, number>> = {};
      for (const name of names) {
        const request = variant.servers[name]!;
        const server = serverOf(name);
        request.check(await send(server, request));
        let fewest = Infinity;
        for (let window = 0; window < STATEMENT_WINDOWS; window++) {
          const before = await server.statements();
          for (let i = 0; i < COUNTED_REQUESTS; i++) await send(server, request);
          fewest = Math.min(fewest, (await server.statements()) - before);
        }
        statements[name] = fewest / COUNTED_REQUESTS;
        server.resetPeakRss();
      }
      const rounds = new Map<string, Array<LoadResult & { cpuMs: number; databaseCpuMs: number }>>();
      for (const connections of CONCURRENCY) {
        const measure = async (name: Contestant, seconds: number) => {
          const request = variant.servers[name]!;
          const server = serverOf(name);
          const cpuBefore = server.cpuMs();
          const databaseBefore = await databaseCpuMs(database);
          const result = await load.run({ url: `${server.origin}${request.path}`, headers: request.headers, body: JSON.stringify(request.body), connections, seconds });
          await server.settle();
          // Settled, so the requests left in flight when the round closed are charged too (they are few against a round's).
          return { ...result, cpuMs: server.cpuMs() - cpuBefore, databaseCpuMs: databaseCpuSince(databaseBefore, await databaseCpuMs(database)) };
        };
        for (const name of names) await measure(name, WARMUP_SECONDS);
        for (let round = 0; round < Math.max(ROUNDS, variant.rounds ?? 0); round++) {
          // Every other round runs the contestants in reverse, so none always follows the same one.
          for (const name of round % 2 ? [...names].reverse() : names) {
            const key = `${name}@${connections}`;
            rounds.set(key, [...(rounds.get(key) ?? []), await measure(name, SECONDS)]);
          }
        }
      }
      const memoryAtEnd: Partial<Record<Contestant, Figures['memoryAtEndMb']>> = {};
      for (const name of names) memoryAtEnd[name] = inMb(await serverOf(name).memory());
      // Peak RSS covers both concurrencies of the case.
      for (const connections of CONCURRENCY) {
        const figures: Partial<Record<Contestant, Figures>> = {};
        for (const name of names) {
          const measured = rounds.get(`${name}@${connections}`)!;
          figures[name] = {
            requestsPerSecond: median(measured.map((result) => result.requestsPerSecond)),
            p50: median(measured.map((result) => result.p50)),
            p99: median(measured.map((result) => result.p99)),
            statementsPerRequest: statements[name]!,
            cpuMsPerRequest: median(measured.map((result) => result.cpuMs / result.requests)),
            databaseCpuMsPerRequest: median(measured.map((result) => result.databaseCpuMs / result.requests)),
            peakRssMb: serverOf(name).peakRssMb(),
            memoryAtEndMb: memoryAtEnd[name]!,
            requests: measured.reduce((sum, result) => sum + result.requests, 0),
            failures: measured.reduce((sum, result) => sum + result.failures, 0),
          };
        }
        const keyed = variant.servers['gatehouse-anonymous'] ? keyedToAnonymous(rounds.get(`gatehouse@${connections}`)!, rounds.get(`gatehouse-anonymous@${connections}`)!) : undefined;
        results.push({ variant: variant.id, title: variant.title, concurrency: connections, servers: figures, ...(keyed && { keyedToAnonymous: keyed }) });
        printCase(variant.title, connections, figures);
        if (keyed) log(`  with a key ÷ without, round by round: ${keyed.perRound.map((value) => fmt(value, 2)).join(' ')}; median ${fmt(keyed.median, 2)}×`);
      }
    }
    if (SOAK_SECONDS > 0) soak = await soakCaseA(byName.gatehouse, variants(tenant, { workspaces: VIEWER_WORKSPACES, members: MEMBERS_PER_WORKSPACE }, null)[0], load, log);
  } finally {
    load.stop();
    await database.end();
    for (const server of servers) await server.stop();
  }
  verifier = await verificationsPerSecond(tenant);
  log(`\nD the verifier alone, in-process (CredentialStore.verify, cached valid workspace key): ${fmt(verifier)} verifications/s`);
  const peakRss = Object.fromEntries(SERVERS.map((name) => [name, Math.max(...results.flatMap((row) => row.servers[name]?.peakRssMb ?? []))]));
  log(`peak RSS across all cases: ${SERVERS.map((name) => `${name} ${fmt(peakRss[name])} MB`).join(', ')}`);
  const seconds = (performance.now() - started) / 1000;
  // Read-path figures sit at the top level; other benchmarks' sections (notifications) stay.
  recordResults(null, {
    measuredAt: new Date().toISOString(),
    runSeconds: Math.round(seconds),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAverage: os.loadavg() },
    node: { gatehouse: process.version, ceiling: process.version, postgraphile: execFileSync(node22(), ['--version']).toString().trim() },
    settings: { gatehouseCommand: imageCommand(), soakSeconds: SOAK_SECONDS, cases: ONLY ?? 'all', seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, rounds: ROUNDS, concurrency: CONCURRENCY, countedRequests: COUNTED_REQUESTS, statementWindows: STATEMENT_WINDOWS },
    tenant: { workspaces: WORKSPACES, membersPerWorkspace: MEMBERS_PER_WORKSPACE, keysPerWorkspace: KEYS_PER_WORKSPACE, auditEvents: AUDIT_EVENTS, viewerWorkspaces: VIEWER_WORKSPACES, auditPage: PAGE },
    units: { requestsPerSecond: 'median of rounds', p50: 'ms, median of rounds', p99: 'ms, median of rounds', statementsPerRequest: 'pg Client#query calls per request, fewest over the windows', cpuMsPerRequest: 'server process CPU (user + system) per completed request, ms, median of rounds', databaseCpuMsPerRequest: "PostgreSQL backends' CPU (user + system) per completed request, ms, median of rounds", peakRssMb: 'VmHWM over the case (both concurrencies), MiB' },
    cases: results.map((row) => ({
      ...row,
      ratioToCeiling: Object.fromEntries(
        Object.entries(row.servers).map(([name, figures]) => {
          const ceiling = row.servers.ceiling!;
          return [name, { requestsPerSecond: figures.requestsPerSecond / ceiling.requestsPerSecond, p50: figures.p50 / ceiling.p50, p99: figures.p99 / ceiling.p99, statementsPerRequest: ceiling.statementsPerRequest ? figures.statementsPerRequest / ceiling.statementsPerRequest : null, cpuMsPerRequest: figures.cpuMsPerRequest / ceiling.cpuMsPerRequest, databaseCpuMsPerRequest: figures.databaseCpuMsPerRequest / ceiling.databaseCpuMsPerRequest, peakRssMb: figures.peakRssMb / ceiling.peakRssMb }];
        }),
      ),
    })),
    verifierPerSecond: verifier,
    peakRssMb: peakRss,
    ...(soak && { soak }),
  });
  log(`wrote bench/results.json; whole run ${fmt(seconds / 60, 1)} min`);
}

function printCase(title: string, connections: number, figures: Partial<Record<Contestant, Figures>>): void {
  const ceiling = figures.ceiling;
  const lines = [`\n${title}, ${connections} connections`];
  lines.push(`  ${'server'.padEnd(21)}${'req/s'.padStart(16)}${'p50 ms'.padStart(17)}${'p99 ms'.padStart(17)}${'SQL/req'.padStart(15)}${'CPU ms/req'.padStart(16)}${'DB CPU ms/req'.padStart(16)}${'peak RSS MB'.padStart(16)}`);
  for (const [name, row] of Object.entries(figures)) {
    const cell = (value: number, base: number | undefined, digits = 0) => `${fmt(value, digits)} ${ratio(value, base)}`.padStart(16);
    lines.push(
      `  ${name.padEnd(21)}${cell(row.requestsPerSecond, ceiling?.requestsPerSecond)} ${cell(row.p50, ceiling?.p50, 1)} ${cell(row.p99, ceiling?.p99, 1)}${`${fmt(row.statementsPerRequest, 1)} ${ceiling?.statementsPerRequest ? ratio(row.statementsPerRequest, ceiling.statementsPerRequest) : ''}`.padStart(15)}${cell(row.cpuMsPerRequest, ceiling?.cpuMsPerRequest, 2)}${cell(row.databaseCpuMsPerRequest, ceiling?.databaseCpuMsPerRequest, 2)}${cell(row.peakRssMb, ceiling?.peakRssMb)}${row.failures ? `  ${row.failures} failed or timed out` : ''}${row.requests ? '' : '  none completed within a round'}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
