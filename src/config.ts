import { randomBytes } from 'node:crypto';

/** Every setting Gatehouse reads from the environment, parsed and validated once at start-up. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  publicUrl: string;
  /** People (by email, lower case) who may open the queue dashboard at /admin/queues with a session. */
  operatorEmails: string[];
  /** Bearer token that GET /metrics requires; unset turns the endpoint off (404) unless `metricsPort` is set. */
  metricsToken?: string;
  /**
   * A port of its own for GET /metrics (API and worker processes alike), off the public port: set, the
   * main port no longer serves it, and the token is required only when also set. Unset: /metrics on the main port.
   */
  metricsPort?: number;
  /** Where links in mail lead (the front end); Gatehouse's own pages when it equals publicUrl. */
  appUrl: string;
  /** Unset in development means: start embedded PostgreSQL under .data/. */
  databaseUrl?: string;
  /**
   * A statement running longer is cancelled by PostgreSQL; a connection not made within `connectTimeoutMs`
   * fails. Either way the request answers SERVICE_UNAVAILABLE instead of hanging on a stuck database.
   */
  database: { statementTimeoutMs: number; connectTimeoutMs: number };
  /** Unset in development means: spawn redis-server from PATH on a free port. */
  redisUrl?: string;
  /** Prefix for every Redis key and BullMQ queue, so several deployments or test runs can share one Redis. */
  redisPrefix: string;
  /** Unset means: write each message as an .eml file under `mailOutboxDir`. */
  smtpUrl?: string;
  mailFrom: string;
  mailOutboxDir: string;
  dataDir: string;
  /** Secret for encrypting stored credentials and signing internal tokens. */
  appSecret: string;
  logLevel: string;
  introspection: boolean;
  sessionTtlHours: number;
  passwordResetTtlMinutes: number;
  /** How long after signing in (or reauthenticate) a session may change email, password, passkeys or the app secret. */
  reauthWindowMinutes: number;
  signInLimit: { perEmail: number; perIp: number; windowSeconds: number };
  /**
   * Which proxies' X-Forwarded-For is believed for the client IP that per-IP limits and audit use:
   * `false` (none: the socket address), a number of hops, or addresses/subnets (Express "trust proxy").
   */
  trustProxy: false | number | string[];
  /** Per hour: what an anonymous or signed-in caller may make the server hash or mail (see README, Security model). */
  hourlyLimits: {
    signUpPerIp: number;
    resetPasswordPerIp: number;
    resetRequestPerEmail: number;
    resetRequestPerIp: number;
    digestSendNowPerWorkspace: number;
    invitationsPerWorkspace: number;
  };
  graphqlLimits: { maxDepth: number; maxCost: number; maxAliases: number; maxBatch: number };
  /** argon2id memory cost in KiB; tests lower it, production keeps the OWASP minimum or more. */
  passwordHashMemoryKib: number;
  runWorkerInProcess: boolean;
  /**
   * After SIGTERM the API answers /readyz with 503 but keeps serving this long, so a load balancer stops
   * sending before the port closes; then it finishes in-flight requests and exits.
   */
  shutdownGraceSeconds: number;
  /**
   * How long a worker's lock on a running job lasts (renewed while it runs), and how often workers look
   * for jobs whose lock lapsed: a killed worker's job is retried elsewhere after one to two of these.
   */
  jobLockSeconds: number;
  workspace: { regions: string[]; defaultSeatLimit: number; retentionFloorDays: number; defaultRetentionDays: number };
  /** The WebAuthn relying party passkeys are bound to; defaults come from PUBLIC_URL. */
  webauthn: { rpId: string; rpName: string; origins: string[] };
  /** Key-encryption keys for secrets that must be read again (SecretEnvelope); the first encrypts. */
  encryptionKeys: Array<{ id: string; key: Buffer }>;
  /** API-key verification: in-process cache, cross-process invalidation, buffered "last used". */
  /** Credential reveals (revealModelIntegrationCredential) each caller may make per hour. */
  secretRevealLimitPerHour: number;
  /** How often counted API requests and active members are written to the usage tables. */
  usageFlushSeconds: number;
  /** Stripe: the API the SDK talks to (a local stand-in in tests), its key, and where the portal may send people back. */
  billing: { stripeApiBase: string; stripeSecretKey?: string; returnOrigins: string[] };
  /** Credential verification: the in-process cache of sessions and keys, cross-process invalidation, buffered "last used". */
  apiKeys: {
    cacheTtlSeconds: number;
    negativeCacheTtlSeconds: number;
    cacheMaxEntries: number;
    negativeCacheMaxEntries: number;
    /** Lookups of unknown credentials per client IP per minute. */
    unknownLimitPerIp: number;
    invalidationTimeoutMs: number;
    lastUsedFlushSeconds: number;
  };
  /** Notification delivery: retry delays (ms, the first before attempt 1), outbound HTTP rules, Slack's API. */
  notifications: { retryScheduleMs: number[]; leaseMs: number; allowPrivateTargets: boolean; webhookDisableAfterHours: number; slackApiUrl: string; vapid?: { publicKey: string; privateKey: string; subject: string } };
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** One line naming the variable and what it expects; `shown` is left out for values that may hold a secret. */
function fail(name: string, expected: string, shown?: string): never {
  throw new ConfigError(`${name} must be ${expected}${shown === undefined ? '' : ` (got "${shown}")`}`);
}

/** A URL may carry a password: echo it without. */
function redactUrl(raw: string): string | undefined {
  try {
    const parsed = new URL(raw);
    if (!parsed.password) return raw;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return undefined;
  }
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) fail(name, `an integer from ${min} to ${max}`, raw);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  return fail(name, 'true or false', raw);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  const expected = `a URL starting with ${protocols.map((protocol) => `${protocol}://`).join(' or ')}`;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return fail(name, expected);
  }
  if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) fail(name, expected, redactUrl(raw));
  return raw;
}

function list(env: Env, name: string, fallback: string[], pattern: RegExp): string[] {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0 || items.some((item) => !pattern.test(item))) fail(name, 'a comma-separated list of identifiers', raw);
  return items;
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A browser only offers a passkey to origins whose host is the RP id or a subdomain of it, so a mismatch is a start-up error. */
function webauthn(env: Env, publicUrl: string): Config['webauthn'] {
  const rpIdRaw = read(env, 'WEBAUTHN_RP_ID');
  const rpId = rpIdRaw?.toLowerCase() ?? new URL(publicUrl).hostname;
  if (!HOSTNAME.test(rpId)) fail('WEBAUTHN_RP_ID', 'a host name without scheme or port, like example.com', rpIdRaw ?? rpId);
  const originsRaw = read(env, 'WEBAUTHN_ORIGINS');
  const origins = originsRaw === undefined ? [new URL(publicUrl).origin] : originsRaw.split(',').map((item) => item.trim()).filter(Boolean);
  if (origins.length === 0) fail('WEBAUTHN_ORIGINS', 'at least one origin', originsRaw ?? '');
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      fail('WEBAUTHN_ORIGINS', 'a comma-separated list of origins like https://app.example.com (scheme, host, optional port; no path)', originsRaw ?? origin);
    }
    if (parsed.hostname !== rpId && !parsed.hostname.endsWith(`.${rpId}`)) fail('WEBAUTHN_ORIGINS', `origins on WEBAUTHN_RP_ID ${rpId} or its subdomains`, origin);
  }
  const rpName = read(env, 'WEBAUTHN_RP_NAME') ?? 'Gatehouse';
  if (rpName.length > 64) fail('WEBAUTHN_RP_NAME', 'at most 64 characters', rpName);
  return { rpId, rpName, origins };
}

/** `id:base64key,…`, each key 32 bytes; development without it gets a fixed, clearly non-secret key. */
function encryptionKeys(env: Env, production: boolean): Config['encryptionKeys'] {
  const raw = read(env, 'ENCRYPTION_KEYS');
  if (raw === undefined) {
    if (production) throw new ConfigError('ENCRYPTION_KEYS must be set in production (id:base64 of 32 random bytes, comma-separated; the first encrypts)');
    return [{ id: 'dev', key: Buffer.alloc(32, 'gatehouse-development-only-key') }];
  }
  const keys = raw.split(',').map((item) => item.trim()).filter(Boolean).map((item) => {
    const colon = item.indexOf(':');
    const id = item.slice(0, colon);
    const key = Buffer.from(item.slice(colon + 1), 'base64');
    // The value is a secret: name the entry by its id only.
    if (colon < 1 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) fail('ENCRYPTION_KEYS', 'comma-separated id:base64key pairs with ids of letters, digits, _ or - (1–32)');
    if (key.length !== 32) fail('ENCRYPTION_KEYS', `32-byte keys (key "${id}" has ${key.length} bytes)`);
    return { id, key };
  });
  if (keys.length === 0) fail('ENCRYPTION_KEYS', 'at least one id:base64key pair');
  if (new Set(keys.map((key) => key.id)).size !== keys.length) fail('ENCRYPTION_KEYS', 'pairs with distinct ids');
  return keys;
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Comma-separated durations such as `0,5s,5m,2h` (units ms, s, m, h), in milliseconds. */
function durations(env: Env, name: string, fallback: string): number[] {
  const raw = read(env, name) ?? fallback;
  const items = raw.split(',').map((item) => item.trim());
  const parsed = items.map((item) => /^(\d+)(ms|s|m|h)?$/.exec(item)).map((match) => (match ? Number(match[1]) * DURATION_UNITS_MS[match[2] ?? 'ms'] : NaN));
  if (parsed.length === 0 || parsed.length > 20 || parsed.some((value) => !Number.isFinite(value) || value > 48 * 3_600_000)) {
    fail(name, 'a comma-separated list of 1 to 20 durations like 0,5s,5m,30m,2h (each at most 48h)', raw);
  }
  return parsed;
}

/** Web Push VAPID keys (`npm run vapid-keys` prints a pair): both or neither; without them push deliveries are skipped. */
function vapid(env: Env, publicUrl: string): Config['notifications']['vapid'] {
  const publicKey = read(env, 'VAPID_PUBLIC_KEY');
  const privateKey = read(env, 'VAPID_PRIVATE_KEY');
  if (!publicKey && !privateKey) return undefined;
  // The private key is a secret: never echoed.
  if (!publicKey || !/^[A-Za-z0-9_-]{87}$/.test(publicKey)) fail('VAPID_PUBLIC_KEY', 'the base64url P-256 public key from npm run vapid-keys (set with VAPID_PRIVATE_KEY)');
  if (!privateKey || !/^[A-Za-z0-9_-]{43}$/.test(privateKey)) fail('VAPID_PRIVATE_KEY', 'the base64url P-256 private key from npm run vapid-keys (set with VAPID_PUBLIC_KEY)');
  const subject = read(env, 'VAPID_SUBJECT') ?? publicUrl;
  if (!/^(mailto:|https?:\/\/)/.test(subject)) fail('VAPID_SUBJECT', 'a mailto: or http(s) URL', subject);
  return { publicKey, privateKey, subject };
}

function billing(env: Env, publicUrl: string): Config['billing'] {
  const stripeApiBase = url(env, 'STRIPE_API_BASE', ['http', 'https']) ?? 'https://api.stripe.com';
  const raw = read(env, 'BILLING_RETURN_ORIGINS');
  const returnOrigins = raw === undefined ? [new URL(publicUrl).origin] : raw.split(',').map((item) => item.trim()).filter(Boolean);
  for (const origin of returnOrigins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin) fail('BILLING_RETURN_ORIGINS', 'a comma-separated list of origins like https://app.example.com', origin);
  }
  // A secret: never echoed.
  return { stripeApiBase, stripeSecretKey: read(env, 'STRIPE_SECRET_KEY'), returnOrigins };
}

function emails(env: Env, name: string): string[] {
  const raw = read(env, name);
  if (raw === undefined) return [];
  const items = raw.split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);
  if (items.some((item) => !/^[^\s@,]+@[^\s@,]+$/.test(item))) fail(name, 'a comma-separated list of email addresses', raw);
  return items;
}

/** A secret setting: checked for length, never echoed. */
function secret(env: Env, name: string, minLength: number): string | undefined {
  const raw = read(env, name);
  if (raw !== undefined && raw.length < minLength) fail(name, `at least ${minLength} characters (got ${raw.length})`);
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const PROXY_ADDRESS = /^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/i;

function trustProxy(env: Env): false | number | string[] {
  const raw = read(env, 'TRUST_PROXY');
  if (raw === undefined) return ['loopback'];
  if (raw.toLowerCase() === 'none') return false;
  if (/^\d+$/.test(raw) && Number(raw) <= 10) return Number(raw);
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0 || items.some((item) => !PROXY_ADDRESS.test(item))) fail('TRUST_PROXY', 'none, a hop count from 0 to 10, or comma-separated addresses, subnets, loopback, linklocal or uniquelocal', raw);
  return items;
}

function oneOf(env: Env, name: string, fallback: string, allowed: string[]): string {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!allowed.includes(raw)) fail(name, `one of ${allowed.join(', ')}`, raw);
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', 'development', ['development', 'production', 'test']) as Config['nodeEnv'];
  const production = nodeEnv === 'production';
  const port = int(env, 'PORT', 4000, 0, 65535);

  const appSecret = read(env, 'APP_SECRET');
  if (production && !appSecret) throw new ConfigError('APP_SECRET must be set in production (32 or more random characters)');
  if (appSecret !== undefined && appSecret.length < 32) fail('APP_SECRET', `at least 32 characters (got ${appSecret.length})`);

  const databaseUrl = url(env, 'DATABASE_URL', ['postgres', 'postgresql']);
  const redisUrl = url(env, 'REDIS_URL', ['redis', 'rediss']);
  if (production && !databaseUrl) throw new ConfigError('DATABASE_URL must be set in production (postgres://user:pass@host:5432/db)');
  if (production && !redisUrl) throw new ConfigError('REDIS_URL must be set in production (redis://host:6379)');

  const retentionFloorDays = int(env, 'RETENTION_FLOOR_DAYS', 30, 1, 3650);
  const dataDir = read(env, 'DATA_DIR') ?? '.data';

  const metricsPort = read(env, 'METRICS_PORT') === undefined ? undefined : int(env, 'METRICS_PORT', 0, 0, 65535);
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) fail('METRICS_PORT', 'a port other than PORT', String(metricsPort));

  const publicUrl = (url(env, 'PUBLIC_URL', ['http', 'https']) ?? `http://localhost:${port}`).replace(/\/$/, '');

  return {
    nodeEnv,
    port,
    publicUrl,
    metricsToken: secret(env, 'METRICS_TOKEN', 16),
    metricsPort,
    operatorEmails: emails(env, 'OPERATOR_EMAILS'),
    appUrl: (url(env, 'APP_URL', ['http', 'https']) ?? publicUrl).replace(/\/$/, ''),
    databaseUrl,
    redisUrl,
    database: {
      statementTimeoutMs: int(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 10_000, 100, 600_000),
      connectTimeoutMs: int(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5_000, 100, 60_000),
    },
    redisPrefix: read(env, 'REDIS_PREFIX') ?? 'gatehouse',
    smtpUrl: url(env, 'SMTP_URL', ['smtp', 'smtps']),
    mailFrom: read(env, 'MAIL_FROM') ?? 'Gatehouse <no-reply@gatehouse.local>',
    mailOutboxDir: `${dataDir}/outbox`,
    dataDir,
    // Development without APP_SECRET gets a per-process secret: nothing encrypted with it outlives the process.
    appSecret: appSecret ?? randomBytes(32).toString('hex'),
    logLevel: oneOf(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info', LOG_LEVELS),
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', !production),
    sessionTtlHours: int(env, 'SESSION_TTL_HOURS', 24 * 14, 1, 24 * 365),
    passwordResetTtlMinutes: int(env, 'PASSWORD_RESET_TTL_MINUTES', 60, 5, 24 * 60),
    reauthWindowMinutes: int(env, 'REAUTH_WINDOW_MINUTES', 10, 1, 24 * 60),
    signInLimit: {
      perEmail: int(env, 'SIGN_IN_LIMIT_PER_EMAIL', 5, 1, 10_000),
      perIp: int(env, 'SIGN_IN_LIMIT_PER_IP', 50, 1, 100_000),
      windowSeconds: int(env, 'SIGN_IN_LIMIT_WINDOW_SECONDS', 15 * 60, 1, 24 * 3600),
    },
    trustProxy: trustProxy(env),
    hourlyLimits: {
      signUpPerIp: int(env, 'SIGN_UP_LIMIT_PER_IP', 20, 1, 100_000),
      resetPasswordPerIp: int(env, 'RESET_PASSWORD_LIMIT_PER_IP', 20, 1, 100_000),
      resetRequestPerEmail: int(env, 'PASSWORD_RESET_MAIL_LIMIT_PER_EMAIL', 3, 1, 1000),
      resetRequestPerIp: int(env, 'PASSWORD_RESET_MAIL_LIMIT_PER_IP', 20, 1, 100_000),
      digestSendNowPerWorkspace: int(env, 'DIGEST_SEND_NOW_LIMIT_PER_WORKSPACE', 3, 1, 1000),
      invitationsPerWorkspace: int(env, 'INVITATION_LIMIT_PER_WORKSPACE', 50, 1, 100_000),
    },
    graphqlLimits: {
      maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 10, 2, 100),
      // Lists count by their size: a full audit page (200 events, every field) costs about 5,000.
      maxCost: int(env, 'GRAPHQL_MAX_COST', 10_000, 10, 100_000_000),
      maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 15, 1, 1000),
      maxBatch: int(env, 'GRAPHQL_MAX_BATCH', 10, 1, 100),
    },
    passwordHashMemoryKib: int(env, 'PASSWORD_HASH_MEMORY_KIB', 19_456, 1024, 1_048_576),
    runWorkerInProcess: bool(env, 'RUN_WORKER_IN_PROCESS', !production),
    shutdownGraceSeconds: int(env, 'SHUTDOWN_GRACE_SECONDS', nodeEnv === 'test' ? 0 : 5, 0, 300),
    jobLockSeconds: int(env, 'JOB_LOCK_SECONDS', 30, 1, 600),
    workspace: {
      regions: list(env, 'WORKSPACE_REGIONS', ['eu-west-1', 'us-east-1', 'ap-southeast-1'], /^[a-z0-9-]+$/),
      defaultSeatLimit: int(env, 'DEFAULT_SEAT_LIMIT', 50, 1, 100_000),
      retentionFloorDays,
      defaultRetentionDays: Math.max(90, retentionFloorDays),
    },
    webauthn: webauthn(env, publicUrl),
    encryptionKeys: encryptionKeys(env, production),
    billing: billing(env, publicUrl),
    usageFlushSeconds: int(env, 'USAGE_FLUSH_SECONDS', 10, 1, 300),
    secretRevealLimitPerHour: int(env, 'SECRET_REVEAL_LIMIT_PER_HOUR', 10, 1, 10_000),
    apiKeys: {
      cacheTtlSeconds: int(env, 'API_KEY_CACHE_TTL_SECONDS', 60, 1, 3600),
      negativeCacheTtlSeconds: int(env, 'API_KEY_NEGATIVE_CACHE_TTL_SECONDS', 5, 1, 300),
      cacheMaxEntries: int(env, 'API_KEY_CACHE_MAX_ENTRIES', 10_000, 100, 10_000_000),
      negativeCacheMaxEntries: int(env, 'API_KEY_NEGATIVE_CACHE_MAX_ENTRIES', 10_000, 100, 10_000_000),
      unknownLimitPerIp: int(env, 'API_KEY_UNKNOWN_LIMIT_PER_IP', 60, 1, 1_000_000),
      invalidationTimeoutMs: int(env, 'API_KEY_INVALIDATION_TIMEOUT_MS', 2000, 100, 60_000),
      lastUsedFlushSeconds: int(env, 'API_KEY_LAST_USED_FLUSH_SECONDS', 10, 1, 60),
    },
    notifications: {
      // Standard Webhooks' schedule: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
      retryScheduleMs: durations(env, 'NOTIFICATION_RETRY_SCHEDULE', '0,5s,5m,30m,2h,5h,10h,10h'),
      // Longer than the slowest send can take (webhooks time out at 15 s, SMTP sockets at 30 s).
      leaseMs: int(env, 'NOTIFICATION_LEASE_SECONDS', 120, 1, 3600) * 1000,
      allowPrivateTargets: bool(env, 'WEBHOOK_ALLOW_PRIVATE', false),
      webhookDisableAfterHours: int(env, 'WEBHOOK_DISABLE_AFTER_HOURS', 120, 1, 24 * 60),
      slackApiUrl: (url(env, 'SLACK_API_URL', ['http', 'https']) ?? 'https://slack.com/api').replace(/\/$/, ''),
      vapid: vapid(env, publicUrl),
    },
  };
}
