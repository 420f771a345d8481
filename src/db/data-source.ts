import path from 'node:path';
import { DataSource, type Logger } from 'typeorm';
import { SnakeNamingStrategy } from './naming-strategy';

const root = path.resolve(__dirname, '..', '..');

export interface DataSourceOptions {
  url: string;
  /** Receives every SQL statement; tests count statements through it. */
  logger?: Logger;
  poolSize?: number;
  /** Statements running longer are cancelled by the server; unset: no limit (scripts, migrations generation). */
  statementTimeoutMs?: number;
  /** A pool connection not established within this fails instead of waiting for the OS (minutes). */
  connectTimeoutMs?: number;
}

/**
 * Entities are found by file name, so a feature adds a table by adding `*.entity.ts` to its folder.
 * Schema changes go through migrations only: `synchronize` stays off everywhere.
 */
export function createDataSource({ url, logger, poolSize = 10, statementTimeoutMs, connectTimeoutMs }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [path.join(root, 'src', '**', '*.entity.{ts,js}')],
    migrations: [path.join(root, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension (and no superuser) needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // TypeORM's own error log prints the SQL and its parameters (password hashes included) to stdout;
    // expected failures (unique violations) are handled, unexpected ones are logged by the API with the request id.
    logging: logger ? ['query', 'error'] : false,
    logger,
    // TCP keep-alive notices a peer that vanished without closing (a dead host), so its connection is dropped.
    extra: { max: poolSize, application_name: 'gatehouse', statement_timeout: statementTimeoutMs, connectionTimeoutMillis: connectTimeoutMs, keepAlive: true },
  });
}
