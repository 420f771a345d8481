import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { ownDatabasePrefix } from '../src/testing/global-setup';
import { postGraphQL } from '../src/testing/test-app';
import { auditEventSteps, copyTemplate, ensureTemplate, issueSessions, templateName, withClient, type SeedStep } from './read-path/seed';
import { buildServers, spawnGatehouse, type RunningServer } from './read-path/servers';
import { recordResults } from './record-results';

/** Bump when the seed below changes: the cached template is keyed by it (and by the migrations). */
const SEED_VERSION = 1;
const EVENTS = 1_000_000;
const PEOPLE = 200;
const OWNER = 'owner@export.example';
/** The slow consumer's pace: well below what the API produces, so the export must wait for it. */
const SLOW_MB_PER_SECOND = Number(process.env.BENCH_SLOW_MBPS ?? 4);
/** BENCH_CASES=JSONL-fast,CSV-slow runs only those downloads, e.g. to re-measure after a change. */
const ONLY = process.env.BENCH_CASES?.split(',').map((id) => id.trim());
/** BENCH_API_NODE_OPTIONS='--max-old-space-size=512' starts the API with these V8 options (recorded apart in results.json). */
const API_NODE_OPTIONS = process.env.BENCH_API_NODE_OPTIONS;
const RSS_TARGET_MB = 200;
const MB = 1024 * 1024;

const EXPORT = `query Export($workspaceId: ID!, $from: DateTimeISO!, $to: DateTimeISO!, $format: AuditExportFormat!) {
  exportAuditEvents(workspaceId: $workspaceId, from: $from, to: $to, format: $format) { url }
}`;

/** One organization, one workspace administered by its owner, 200 people and 5 keys acting in it, and all the events in it. */
function seedSteps(): SeedStep[] {
  return [
    { label: 'organization', weight: 0.1, sql: `INSERT INTO organization (name, description, plan) VALUES ('Export Corp', 'Audit export benchmark tenant', 'ENTERPRISE')` },
    {
      label: 'workspace',
      weight: 0.1,
      sql: `INSERT INTO workspace (organization_id, slug, region, name, data_retention_days, seat_limit)
            VALUES ((SELECT id FROM organization), 'export', 'eu-west-1', 'Exported', 365, 500)`,
    },
    {
      label: `${PEOPLE} people`,
      weight: 0.1,
      sql: `INSERT INTO "user" (email, email_normalized, name, email_verified_at)
            SELECT e, e, CASE u WHEN 0 THEN 'Olivia Owner' ELSE 'Person ' || u END, now()
              FROM generate_series(0, ${PEOPLE - 1}) AS u, LATERAL (SELECT CASE u WHEN 0 THEN '${OWNER}' ELSE 'person' || u || '@export.example' END AS e) AS names`,
    },
    {
      label: 'memberships',
      weight: 0.1,
      sql: `INSERT INTO org_membership (organization_id, user_id, role) SELECT (SELECT id FROM organization), id, CASE email WHEN '${OWNER}' THEN 'OWNER'::org_role ELSE 'MEMBER'::org_role END FROM "user";
            INSERT INTO workspace_membership (workspace_id, user_id, role) SELECT (SELECT id FROM workspace), id, CASE email WHEN '${OWNER}' THEN 'ADMIN'::workspace_role ELSE 'EDITOR'::workspace_role END FROM "user"`,
    },
    {
      label: 'keys',
      weight: 0.1,
      sql: `INSERT INTO api_key (kind, key_hash, prefix, start, name, workspace_id, created_by_id, scopes, active, created_at)
            SELECT 'WORKSPACE', encode(sha256(convert_to('export-key-' || k, 'UTF8')), 'hex'), 'gtw', substr(md5(k::text), 1, 4), 'Export key ' || k,
                   (SELECT id FROM workspace), (SELECT id FROM "user" WHERE email = '${OWNER}'), '{audit:read}', true, now()
              FROM generate_series(1, 5) AS k`,
    },
    ...auditEventSteps(EVENTS, 'spaces.ids[1]'),
    { label: 'VACUUM ANALYZE', weight: 8, sql: 'VACUUM ANALYZE' },
  ];
}

interface Download {
  format: 'JSONL' | 'CSV';
  consumer: 'fast' | 'slow';
  lines: number;
  megabytes: number;
  seconds: number;
  megabytesPerSecond: number;
  rowsPerSecond: number;
  /** VmRSS of the API just before the download, and its peak (VmHWM, reset before) during it, MiB. */
  rssBeforeMb: number;
  peakRssMb: number;
  firstLine: string;
  lastLine: string;
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/**
 * Downloads `url` counting lines; the slow consumer pauses the response whenever it is ahead of its pace,
 * so the server's writes back up through TCP to the export loop.
 */
function download(url: string, bytesPerSecond: number | undefined): Promise<{ lines: number; bytes: number; seconds: number; firstLine: string; lastLine: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(url, { agent: false }, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`download answered ${response.statusCode}`));
        let lines = 0;
        let bytes = 0;
        let head = '';
        let tail: Buffer = Buffer.alloc(0);
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (head.length < 2048) head += chunk.toString('utf8', 0, Math.min(chunk.length, 2048));
          for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
          tail = chunk.length >= 4096 ? chunk.subarray(-4096) : Buffer.concat([tail, chunk]).subarray(-4096);
          if (!bytesPerSecond) return;
          const ahead = (bytes / bytesPerSecond) * 1000 - (performance.now() - started);
          if (ahead > 5) {
            response.pause();
            setTimeout(() => response.resume(), ahead);
          }
        });
        response.on('end', () => {
          const last = tail.toString('utf8').trimEnd().split('\n').pop() ?? '';
          resolve({ lines, bytes, seconds: (performance.now() - started) / 1000, firstLine: head.split('\n')[0], lastLine: last });
        });
        response.on('error', reject);
        // A server that dies mid-download just closes the connection.
        response.on('close', () => response.complete || reject(new Error('the download was cut short')));
      })
      .on('error', reject);
  });
}

async function measure(server: RunningServer, url: string, format: Download['format'], consumer: Download['consumer']): Promise<Download> {
  const rssBeforeMb = rssMb(server.pid);
  server.resetPeakRss();
  const result = await download(url, consumer === 'slow' ? SLOW_MB_PER_SECOND * MB : undefined);
  const rows = result.lines - (format === 'CSV' ? 1 : 0);
  return {
    format,
    consumer,
    lines: result.lines,
    megabytes: result.bytes / MB,
    seconds: result.seconds,
    megabytesPerSecond: result.bytes / MB / result.seconds,
    rowsPerSecond: rows / result.seconds,
    rssBeforeMb,
    peakRssMb: server.peakRssMb(),
    firstLine: result.firstLine,
    lastLine: result.lastLine,
  };
}

/** The id of a JSONL line, or of a CSV row (its first column). */
const idOf = (line: string, format: Download['format']) => (format === 'JSONL' ? (JSON.parse(line) as { id: string }).id : line.split(',')[0]);

const fmt = (value: number, digits = 0) => value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * A 1,000,000-event audit export from the API as deployed (its own process), through the signed link
 * exportAuditEvents returns, in JSONL and CSV, read by a fast consumer and by a slow one: complete
 * (every line, newest to oldest), how fast, and the API's peak RSS while it streams. See README "Benchmarks".
 */
export async function run(): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const testRun = globalThis.__GATEHOUSE_TEST_RUN__!;
  const adminUrl = testRun.server.adminUrl;
  const template = await ensureTemplate(adminUrl, templateName('audit_export', SEED_VERSION), seedSteps(), log);
  const databaseUrl = await copyTemplate(adminUrl, template, `${ownDatabasePrefix(testRun.databaseName)}audit_export`);
  const tenant = await withClient(databaseUrl, async (client) => {
    const { [OWNER]: owner } = await issueSessions(client, [OWNER]);
    const { rows } = await client.query<{ workspace_id: string; events: number; newest: string; oldest: string }>(
      `SELECT workspace_id, count(*)::int AS events,
              (array_agg(id ORDER BY occurred_at DESC, id DESC))[1] AS newest, (array_agg(id ORDER BY occurred_at, id))[1] AS oldest
         FROM audit_event GROUP BY workspace_id`,
    );
    return { token: owner.token, ...rows[0] };
  });
  if (tenant.events !== EVENTS) throw new Error(`the workspace holds ${tenant.events} events, not ${EVENTS}`);
  log('building the API (tsc)');
  buildServers({ peers: false });
  const server = await spawnGatehouse({
    databaseUrl,
    redisUrl: process.env.GATEHOUSE_TEST_REDIS_URL!,
    redisPrefix: `${process.env.GATEHOUSE_TEST_REDIS_PREFIX}:audit-export`,
    gatehouse: API_NODE_OPTIONS ? { NODE_OPTIONS: API_NODE_OPTIONS } : {},
  });
  const downloads: Download[] = [];
  try {
    // Consumers alternate within a format, so a change in the machine's load touches both.
    for (const format of ['JSONL', 'CSV'] as const) {
      for (const consumer of ['fast', 'slow'] as const) {
        if (ONLY && !ONLY.includes(`${format}-${consumer}`)) continue;
        const answer = await postGraphQL<{ exportAuditEvents: { url: string } }>(
          `${server.origin}/graphql`,
          { query: EXPORT, variables: { workspaceId: tenant.workspace_id, from: '2000-01-01T00:00:00Z', to: new Date(Date.now() + 86_400_000).toISOString(), format } },
          { token: tenant.token },
        );
        if (!answer.data) throw new Error(`exportAuditEvents failed: ${JSON.stringify(answer).slice(0, 500)}`);
        // The link names PUBLIC_URL; the path (with its signed token) is what matters.
        const url = `${server.origin}${new URL(answer.data.exportAuditEvents.url).pathname}`;
        const result = await measure(server, url, format, consumer);
        const rows = result.lines - (format === 'CSV' ? 1 : 0);
        const firstRow = format === 'CSV' ? result.firstLine === 'id,occurredAt,action,riskLevel,actorType,actorId,actorName,actorEmail,targetType,targetId,ip,userAgent,metadata' : true;
        if (rows !== EVENTS || !firstRow) throw new Error(`${format} (${consumer}) has ${rows} rows, not ${EVENTS}${firstRow ? '' : ', and no header'}`);
        const newest = format === 'CSV' ? undefined : idOf(result.firstLine, format);
        if ((newest && newest !== tenant.newest) || idOf(result.lastLine, format) !== tenant.oldest) throw new Error(`${format} (${consumer}) does not run from the newest event to the oldest`);
        downloads.push(result);
        log(
          `${format.padEnd(5)} ${consumer.padEnd(4)} consumer: ${fmt(result.lines)} lines, ${fmt(result.megabytes)} MB in ${fmt(result.seconds, 1)} s = ${fmt(result.megabytesPerSecond, 1)} MB/s, ${fmt(result.rowsPerSecond)} rows/s; API RSS ${fmt(result.rssBeforeMb)} MB before, peak ${fmt(result.peakRssMb)} MB`,
        );
      }
    }
  } finally {
    await server.stop();
  }
  const peak = Math.max(...downloads.map((row) => row.peakRssMb));
  log(`peak RSS of the API over the downloads: ${fmt(peak)} MB (target under ${RSS_TARGET_MB} MB)${peak < RSS_TARGET_MB ? '' : ' — NOT MET'}`);
  const key = API_NODE_OPTIONS ? 'auditExportWithNodeOptions' : 'auditExport';
  recordResults(key, {
    apiNodeOptions: API_NODE_OPTIONS ?? null,
    measuredAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, loadAverage: os.loadavg() },
    node: process.version,
    events: EVENTS,
    cases: ONLY ?? 'all',
    slowConsumerMbPerSecond: SLOW_MB_PER_SECOND,
    units: { megabytes: 'MiB', rssBeforeMb: 'VmRSS just before the download, MiB', peakRssMb: 'VmHWM during the download (reset before it), MiB' },
    downloads: downloads.map(({ firstLine: _first, lastLine: _last, ...row }) => row),
    peakRssMb: peak,
    targetRssMb: RSS_TARGET_MB,
  });
  log(`wrote bench/results.json (${key})`);
}
