import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from './config';

const PRODUCTION = { NODE_ENV: 'production', APP_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/gatehouse', REDIS_URL: 'redis://cache:6379', ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}` };

/** The one line start-up prints for `env`. */
function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('runs in development with no environment at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 4000,
      publicUrl: 'http://localhost:4000',
      appUrl: 'http://localhost:4000',
      databaseUrl: undefined,
      redisUrl: undefined,
      smtpUrl: undefined,
      mailOutboxDir: '.data/outbox',
      introspection: true,
      runWorkerInProcess: true,
      logLevel: 'info',
    });
    expect(config.appSecret).toHaveLength(64);
  });

  it('turns introspection and the in-process worker off in production', () => {
    expect(loadConfig(PRODUCTION)).toMatchObject({ nodeEnv: 'production', introspection: false, runWorkerInProcess: false });
    expect(loadConfig({ ...PRODUCTION, GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('reads limits and URLs, treating blank values as unset', () => {
    const config = loadConfig({ PORT: '8080', PUBLIC_URL: 'https://gatehouse.example.com/', GRAPHQL_MAX_DEPTH: '4', SMTP_URL: ' ', WORKSPACE_REGIONS: 'eu-west-1, us-east-1' });
    expect(config).toMatchObject({ port: 8080, publicUrl: 'https://gatehouse.example.com', appUrl: 'https://gatehouse.example.com', smtpUrl: undefined, workspace: { regions: ['eu-west-1', 'us-east-1'] } });
    expect(config.graphqlLimits.maxDepth).toBe(4);
    expect(config.metricsPort).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '2500' }).database).toEqual({ statementTimeoutMs: 2500, connectTimeoutMs: 5000 });
    // Mail links lead to the front end when it lives elsewhere.
    expect(loadConfig({ APP_URL: 'https://app.example.com/' })).toMatchObject({ appUrl: 'https://app.example.com', publicUrl: 'http://localhost:4000' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer from 0 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be an integer from 0 to 65535 (got "70000")'],
    [{ METRICS_PORT: '9100x' }, 'METRICS_PORT must be an integer from 0 to 65535 (got "9100x")'],
    [{ PORT: '9100', METRICS_PORT: '9100' }, 'METRICS_PORT must be a port other than PORT (got "9100")'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, production, test (got "staging")'],
    [{ DATABASE_URL: 'mysql://root:hunter2@db/gatehouse' }, 'DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "mysql://root:***@db/gatehouse")'],
    [{ DATABASE_URL: 'localhost:5432' }, 'DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "localhost:5432")'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL must be a URL starting with redis:// or rediss://'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL must be a URL starting with smtp:// or smtps:// (got "http://mail")'],
    [{ APP_SECRET: 'short' }, 'APP_SECRET must be at least 32 characters (got 5)'],
    [{ GRAPHQL_INTROSPECTION: 'maybe' }, 'GRAPHQL_INTROSPECTION must be true or false (got "maybe")'],
    [{ GRAPHQL_MAX_DEPTH: '1' }, 'GRAPHQL_MAX_DEPTH must be an integer from 2 to 100 (got "1")'],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '0' }, 'DATABASE_STATEMENT_TIMEOUT_MS must be an integer from 100 to 600000 (got "0")'],
    [{ DATABASE_CONNECT_TIMEOUT_MS: '1s' }, 'DATABASE_CONNECT_TIMEOUT_MS must be an integer from 100 to 60000 (got "1s")'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'],
    [{ WORKSPACE_REGIONS: 'EU West' }, 'WORKSPACE_REGIONS must be a comma-separated list of identifiers (got "EU West")'],
    [{ ...PRODUCTION, APP_SECRET: '' }, 'APP_SECRET must be set in production (32 or more random characters)'],
    [{ ...PRODUCTION, DATABASE_URL: '' }, 'DATABASE_URL must be set in production (postgres://user:pass@host:5432/db)'],
    [{ ...PRODUCTION, REDIS_URL: '' }, 'REDIS_URL must be set in production (redis://host:6379)'],
    [{ ...PRODUCTION, ENCRYPTION_KEYS: '' }, 'ENCRYPTION_KEYS must be set in production (id:base64 of 32 random bytes, comma-separated; the first encrypts)'],
    [{ ENCRYPTION_KEYS: `k1:${Buffer.alloc(16).toString('base64')}` }, 'ENCRYPTION_KEYS must be 32-byte keys (key "k1" has 16 bytes)'],
    [{ ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')},k1:${Buffer.alloc(32).toString('base64')}` }, 'ENCRYPTION_KEYS must be pairs with distinct ids'],
  ])('stops on %j with one line naming the variable', (env, message) => {
    expect(configError(env)).toBe(message);
    expect(message).not.toContain('\n');
  });

  it('never echoes a secret', () => {
    expect(configError({ APP_SECRET: 'hunter2' })).not.toContain('hunter2');
    expect(configError({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).not.toContain('hunter2');
    expect(configError({ DATABASE_URL: 'postgres://root:hunter2@db:port/x' })).not.toContain('hunter2');
  });

  it('has a README row for every variable it reads', () => {
    const source = readFileSync(path.join(__dirname, 'config.ts'), 'utf8');
    const variables = [...source.matchAll(/\(env, '([A-Z_]+)'/g)].map((match) => match[1]);
    expect(variables.length).toBeGreaterThan(20);
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    expect(variables.filter((name) => !readme.includes(`| \`${name}\` |`))).toEqual([]);
  });
});
