import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { CredentialPrefix, generateCredential, hashCredential } from '../../src/auth/credential-token';
import { createDataSource } from '../../src/db/data-source';
import { dropDatabase, withDatabase } from '../../src/db/database-server';
import { runMigrationsLocked } from '../../src/db/migrations';
import { AUDIT_CATALOG } from '../../src/modules/audit/audit-catalog';

/** Bump when the seed below changes: the cached template is keyed by it (and by the migrations). */
export const SEED_VERSION = 1;

export const WORKSPACES = 50;
export const MEMBERS_PER_WORKSPACE = 200;
export const KEYS_PER_WORKSPACE = 5;
export const AUDIT_EVENTS = 1_000_000;
/** Workspaces the dashboard's viewer belongs to. */
export const VIEWER_WORKSPACES = 10;
const AUDIT_CHUNK = 50_000;

/** What a run knows of its database: ids and freshly issued secrets (only their hashes are stored). */
export interface BenchTenant {
  databaseUrl: string;
  organizationId: string;
  viewerId: string;
  /** Org MEMBER in VIEWER_WORKSPACES workspaces (VIEWER role): the dashboard's caller. */
  viewerToken: string;
  /** Org OWNER: reads the organization's audit log. */
  ownerToken: string;
  /** Workspace key with workspace:read and audit:read; the caller of verifyApiKey. */
  workspaceKey: string;
  /** Another valid key of the same workspace: what verifyApiKey checks. */
  otherWorkspaceKey: string;
}

type Progress = (label: string, done: number, total: number) => void;

/** A bar on stderr that redraws in place. */
export function progressBar(): Progress {
  return (label, done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r  ${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${String(Math.round((done / total) * 100)).padStart(3)}% ${label.padEnd(40)}`);
    if (done === total) process.stderr.write('\n');
  };
}

/** `gatehouse_bench_<bench>_v<version>_<digest of the migrations>`: a new migration or seed version is a new template. */
export function templateName(bench: string, version: number): string {
  const migrations = readdirSync(path.resolve(__dirname, '..', '..', 'migrations')).sort().join(',');
  const digest = createHash('sha256').update(migrations).digest('hex').slice(0, 8);
  return `gatehouse_bench_${bench}_v${version}_${digest}`;
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const exists = (adminUrl: string, name: string) =>
  withClient(adminUrl, async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);

/** One statement (or a few) of a seed, with a weight for the progress bar (≈ seconds on 2 cores). */
export interface SeedStep {
  label: string;
  weight: number;
  sql: string;
  params?: unknown[];
}

/** Steps of the seed. */
function seedSteps(): SeedStep[] {
  return [
    { label: 'organization', weight: 0.1, sql: `INSERT INTO organization (name, description, plan) VALUES ('Bench Corp', 'Read-path benchmark tenant', 'ENTERPRISE')` },
    {
      label: `${WORKSPACES} workspaces`,
      weight: 0.1,
      sql: `INSERT INTO workspace (organization_id, slug, region, name, data_retention_days, seat_limit, created_at)
            SELECT (SELECT id FROM organization), 'bench-' || w, 'eu-west-1', 'Workspace ' || lpad(w::text, 2, '0'), 365, 500, now() - interval '400 days' + w * interval '1 day'
              FROM generate_series(0, ${WORKSPACES - 1}) AS w`,
    },
    {
      label: `${(WORKSPACES * MEMBERS_PER_WORKSPACE).toLocaleString('en')} users and the owner`,
      weight: 1,
      sql: `INSERT INTO "user" (email, email_normalized, name, password_hash, email_verified_at, created_at)
            SELECT e, e, n, NULL, now() - interval '300 days', now() - interval '400 days' + u * interval '1 minute'
              FROM generate_series(0, ${WORKSPACES * MEMBERS_PER_WORKSPACE}) AS u,
                   LATERAL (SELECT CASE u WHEN 0 THEN 'owner@bench.example' WHEN 1 THEN 'viewer@bench.example' ELSE 'person' || u || '@bench.example' END AS e,
                                   CASE u WHEN 0 THEN 'Olivia Owner' WHEN 1 THEN 'Victor Viewer' ELSE 'Person ' || u END AS n) AS names`,
    },
    {
      label: 'organization members',
      weight: 0.5,
      sql: `INSERT INTO org_membership (organization_id, user_id, role, created_at)
            SELECT (SELECT id FROM organization), id, CASE email WHEN 'owner@bench.example' THEN 'OWNER'::org_role ELSE 'MEMBER'::org_role END, created_at FROM "user"`,
    },
    {
      // Person u (1…10,000) joins workspace (u-1)/200; the viewer (u = 1) takes the first seat of the
      // first VIEWER_WORKSPACES workspaces, so every workspace has exactly 200 members.
      label: `${MEMBERS_PER_WORKSPACE} members in each workspace`,
      weight: 1,
      sql: `WITH people AS (SELECT id, substring(email from 'person(\\d+)@')::int AS u FROM "user" WHERE email LIKE 'person%'
                            UNION ALL SELECT id, 1 FROM "user" WHERE email = 'viewer@bench.example'),
                 seats AS (SELECT (u - 1) / ${MEMBERS_PER_WORKSPACE} AS w, u FROM generate_series(1, ${WORKSPACES * MEMBERS_PER_WORKSPACE}) AS u),
                 ordered AS (SELECT id, slug, row_number() OVER (ORDER BY created_at) - 1 AS w FROM workspace)
            INSERT INTO workspace_membership (workspace_id, user_id, role, created_at)
            SELECT ordered.id, people.id,
                   CASE WHEN people.u = 1 THEN 'VIEWER' WHEN seats.u % 20 = 0 THEN 'ADMIN' WHEN seats.u % 4 = 0 THEN 'EDITOR' ELSE 'VIEWER' END::workspace_role,
                   now() - interval '200 days' + seats.u * interval '1 minute'
              FROM seats JOIN ordered ON ordered.w = seats.w
              JOIN people ON people.u = CASE WHEN seats.w < ${VIEWER_WORKSPACES} AND (seats.u - 1) % ${MEMBERS_PER_WORKSPACE} = 0 THEN 1 ELSE seats.u END`,
    },
    {
      label: `${KEYS_PER_WORKSPACE} keys per workspace`,
      weight: 0.1,
      sql: `INSERT INTO api_key (kind, key_hash, prefix, start, name, workspace_id, created_by_id, scopes, active, created_at)
            SELECT 'WORKSPACE', encode(sha256(convert_to('bench-key-' || w.id || '-' || k, 'UTF8')), 'hex'), 'gtw', substr(md5(w.id || '-' || k), 1, 4),
                   'Bench key ' || k, w.id, (SELECT id FROM "user" WHERE email = 'owner@bench.example'), '{workspace:read,audit:read}', true, now() - k * interval '1 day'
              FROM workspace w, generate_series(1, ${KEYS_PER_WORKSPACE}) AS k`,
    },
    // 5 % of the events are organization-level, the rest spread over the workspaces.
    ...auditEventSteps(AUDIT_EVENTS, `CASE WHEN n % 20 = 0 THEN NULL ELSE spaces.ids[1 + n % ${WORKSPACES}] END`),
    { label: 'VACUUM ANALYZE', weight: 8, sql: 'VACUUM ANALYZE' },
  ];
}

/**
 * Fills audit_event with `events` rows, one every 12 months ÷ `events` back from now, and the names of the
 * people behind them (audit_actor_display). `workspaceOf` is the SQL for an event's workspace, given its
 * number `n` and `spaces.ids` (the workspaces by slug). Actors: 85 % people of the tenant, 10 % its keys,
 * 5 % the system.
 */
export function auditEventSteps(events: number, workspaceOf: string): SeedStep[] {
  const actions = Object.entries(AUDIT_CATALOG);
  // Every time keeps millisecond precision, like the API's own (31.536 s apart for 1,000,000).
  const secondsBetween = (365 * 86_400) / events;
  const steps: SeedStep[] = [
    // Filling the audit tables with their secondary indexes and foreign keys set aside, then building and
    // validating them in one pass each, is several times faster than row by row.
    {
      label: 'set aside the audit indexes',
      weight: 0.1,
      sql: `CREATE TEMP TABLE deferred_index AS
            SELECT indexname, indexdef FROM pg_indexes
             WHERE schemaname = 'public' AND tablename IN ('audit_event', 'audit_actor_display') AND indexname NOT IN (SELECT conname FROM pg_constraint);
          CREATE TEMP TABLE deferred_foreign_key AS
            SELECT conrelid::regclass AS owner, conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
             WHERE contype = 'f' AND conrelid IN ('audit_event'::regclass, 'audit_actor_display'::regclass);
          DO $$ DECLARE deferred record; BEGIN
            FOR deferred IN SELECT indexname FROM deferred_index LOOP EXECUTE format('DROP INDEX %I', deferred.indexname); END LOOP;
            FOR deferred IN SELECT * FROM deferred_foreign_key LOOP EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', deferred.owner, deferred.conname); END LOOP;
          END $$`,
    },
  ];
  for (let start = 1; start <= events; start += AUDIT_CHUNK) {
    const end = Math.min(start + AUDIT_CHUNK - 1, events);
    steps.push({
      label: `audit events ${start.toLocaleString('en')}–${end.toLocaleString('en')}`,
      weight: 2,
      sql: `WITH users AS (SELECT array_agg(id ORDER BY id) AS ids FROM "user"),
                 spaces AS (SELECT array_agg(id ORDER BY slug) AS ids FROM workspace),
                 keys AS (SELECT array_agg(id ORDER BY id) AS ids FROM api_key)
            INSERT INTO audit_event (occurred_at, organization_id, workspace_id, actor_type, actor_id, action, risk_level, target_type, target_id, metadata, ip, user_agent)
            SELECT date_trunc('milliseconds', now()) - n * interval '${secondsBetween} seconds', (SELECT id FROM organization),
                   ${workspaceOf},
                   a.type::audit_actor_type,
                   CASE a.type WHEN 'USER' THEN users.ids[1 + (n::bigint * 7919 % array_length(users.ids, 1))::int]::text WHEN 'API_KEY' THEN keys.ids[1 + n % array_length(keys.ids, 1)]::text END,
                   ($1::text[])[1 + n % $3], ($2::audit_risk_level[])[1 + n % $3], 'workspace_member', md5(n::text),
                   CASE WHEN n % 3 = 0 THEN jsonb_build_object('before', jsonb_build_object('role', 'VIEWER'), 'after', jsonb_build_object('role', 'EDITOR')) ELSE '{}'::jsonb END,
                   CASE a.type WHEN 'SYSTEM' THEN NULL ELSE '10.' || (n % 256) || '.' || (n / 256 % 256) || '.' || (n / 65536 % 256) END,
                   CASE a.type WHEN 'USER' THEN 'Mozilla/5.0 (X11; Linux x86_64) Bench/' || (n % 50) WHEN 'API_KEY' THEN 'gatehouse-sdk/1.' || (n % 9) END
              FROM generate_series(${start}, ${end}) AS n, users, spaces, keys,
                   LATERAL (SELECT CASE WHEN n % 20 = 1 THEN 'SYSTEM' WHEN n % 10 = 2 THEN 'API_KEY' ELSE 'USER' END AS type) AS a`,
      params: [actions.map(([action]) => action), actions.map(([, risk]) => risk), actions.length],
    });
  }
  steps.push(
    {
      label: 'actor names of people’s events',
      weight: 30,
      sql: `INSERT INTO audit_actor_display (event_id, name, email)
            SELECT e.id, u.name, u.email FROM audit_event e JOIN "user" u ON u.id::text = e.actor_id WHERE e.actor_type = 'USER'`,
    },
    {
      label: 'audit indexes and foreign keys',
      weight: 8,
      sql: `DO $$ DECLARE deferred record; BEGIN
              FOR deferred IN SELECT indexdef FROM deferred_index LOOP EXECUTE deferred.indexdef; END LOOP;
              FOR deferred IN SELECT * FROM deferred_foreign_key LOOP EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', deferred.owner, deferred.conname, deferred.definition); END LOOP;
            END $$`,
    },
  );
  return steps;
}

/**
 * Builds a seeded tenant once into a template database (`name`, see templateName) with bulk SQL; later
 * runs find it and skip straight to the copy. Built under a temporary name and renamed when complete,
 * so an interrupted seed is never mistaken for a cached one.
 */
export async function ensureTemplate(adminUrl: string, name: string, steps: SeedStep[], log: (line: string) => void): Promise<string> {
  if (await exists(adminUrl, name)) {
    log(`seeded tenant cached in database ${name}`);
    return name;
  }
  const building = `${name}_building`;
  await dropDatabase(adminUrl, building);
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${building}"`));
  const started = performance.now();
  try {
    const url = withDatabase(adminUrl, building);
    const dataSource = createDataSource({ url });
    await dataSource.initialize();
    await runMigrationsLocked(dataSource);
    await dataSource.destroy();
    const total = steps.reduce((sum, step) => sum + step.weight, 0);
    const progress = progressBar();
    let done = 0;
    await withClient(url, async (client) => {
      for (const step of steps) {
        progress(step.label, done, total);
        await client.query(step.sql, step.params);
        done += step.weight;
      }
    });
    progress('done', total, total);
    await withClient(adminUrl, (client) => client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`));
  } catch (error) {
    await dropDatabase(adminUrl, building);
    throw error;
  }
  log(`seeded ${name} in ${((performance.now() - started) / 1000).toFixed(0)} s (kept for later runs)`);
  return name;
}

/** A new database `databaseName` copied from `template`: its URL. */
export async function copyTemplate(adminUrl: string, template: string, databaseName: string): Promise<string> {
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${databaseName}" TEMPLATE "${template}"`));
  return withDatabase(adminUrl, databaseName);
}

/** A fresh 14-day session for each of these seeded people (only its hash is stored): their ids and tokens. */
export async function issueSessions(client: Client, emails: string[]): Promise<Record<string, { id: string; token: string }>> {
  const { rows: people } = await client.query<{ email: string; id: string }>(`SELECT email, id FROM "user" WHERE email = ANY($1)`, [emails]);
  if (people.length !== emails.length) throw new Error(`no seeded user for some of ${emails.join(', ')}`);
  const issued = Object.fromEntries(people.map((row) => [row.email, { id: row.id, token: generateCredential(CredentialPrefix.Session) }]));
  await client.query(
    `INSERT INTO session (user_id, token_hash, method, user_agent, ip, last_seen_at, expires_at)
     SELECT * FROM unnest($1::uuid[], $2::text[]) AS t(user_id, token_hash), LATERAL (SELECT 'PASSWORD'::sign_in_method, 'bench', '127.0.0.1', now(), now() + interval '14 days') AS rest`,
    [Object.values(issued).map((person) => person.id), Object.values(issued).map((person) => hashCredential(person.token))],
  );
  return issued;
}

/** A fresh copy of the seeded tenant, with a session for the viewer and the owner and two workspace keys issued for this run. */
export async function freshTenant(adminUrl: string, databaseName: string, log: (line: string) => void): Promise<BenchTenant> {
  const template = await ensureTemplate(adminUrl, templateName('read_path', SEED_VERSION), seedSteps(), log);
  const databaseUrl = await copyTemplate(adminUrl, template, databaseName);
  const workspaceKey = generateCredential(CredentialPrefix.WorkspaceApiKey);
  const otherWorkspaceKey = generateCredential(CredentialPrefix.WorkspaceApiKey);
  return withClient(databaseUrl, async (client) => {
    const { 'viewer@bench.example': viewer, 'owner@bench.example': owner } = await issueSessions(client, ['viewer@bench.example', 'owner@bench.example']);
    // The first two keys of the first workspace get this run's secrets (the seed's hashes have no known secret).
    await client.query(
      `UPDATE api_key SET key_hash = CASE name WHEN 'Bench key 1' THEN $1 ELSE $2 END, start = CASE name WHEN 'Bench key 1' THEN $3 ELSE $4 END
        WHERE workspace_id = (SELECT id FROM workspace WHERE slug = 'bench-0') AND name IN ('Bench key 1', 'Bench key 2')`,
      [hashCredential(workspaceKey), hashCredential(otherWorkspaceKey), workspaceKey.slice(4, 8), otherWorkspaceKey.slice(4, 8)],
    );
    const { rows } = await client.query<{ id: string }>('SELECT id FROM organization');
    return { databaseUrl, organizationId: rows[0].id, viewerId: viewer.id, viewerToken: viewer.token, ownerToken: owner.token, workspaceKey, otherWorkspaceKey };
  });
}
