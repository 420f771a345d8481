import type { Pool, QueryResult, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Runs one statement, outside any transaction, as a named prepared statement: each pooled connection
 * plans it once instead of on every call (TypeORM's query() cannot name one). For the few statements
 * run per delivery or per request, where planning cost PostgreSQL more than executing.
 */
export function preparedQuery<Row extends QueryResultRow>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<QueryResult<Row>> {
  return ((dataSource.driver as PostgresDriver).master as Pool).query<Row>({ name, text, values });
}
