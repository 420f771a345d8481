import path from 'node:path';
import { DataSource, type Logger } from 'typeorm';
import { SnakeNamingStrategy } from './naming-strategy';

const root = path.resolve(__dirname, '..', '..');

export interface DataSourceOptions {
  url: string;
  /** Receives every SQL statement; tests count statements through it. */
  logger?: Logger;
  poolSize?: number;
}

/**
 * Entities are found by file name, so a feature adds a table by adding `*.entity.ts` to its folder.
 * Schema changes go through migrations only: `synchronize` stays off everywhere.
 */
export function createDataSource({ url, logger, poolSize = 10 }: DataSourceOptions): DataSource {
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
    extra: { max: poolSize, application_name: 'gatehouse' },
  });
}
