import DataLoader from 'dataloader';
import type { DataSource, EntityMetadata, EntityTarget, FindOptionsSelect, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { preparedQuery } from './prepared-query';

/*
 * The read path: per-request loaders that select only the columns a response can use, as plain
 * objects. Entity hydration and whole rows (password hashes, timestamps nobody shows) were most of the
 * CPU a large response cost; TypeORM entities stay for writes. The SQL is built once per entity and
 * column list from TypeORM's metadata, so table and column names are never spelled twice.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A loader's SQL and the properties it reads as epoch milliseconds, built once per data source and shape. */
interface Statement {
  sql: string;
  dates: readonly string[];
  /** The same, of the embedded row. */
  embeddedDates?: readonly string[];
}

const statementCache = new WeakMap<DataSource, Map<string, Statement>>();

function cachedStatement(dataSource: DataSource, cacheKey: string, build: () => Statement): Statement {
  let cache = statementCache.get(dataSource);
  if (!cache) statementCache.set(dataSource, (cache = new Map()));
  let statement = cache.get(cacheKey);
  if (!statement) cache.set(cacheKey, (statement = build()));
  return statement;
}

function columnOf(metadata: EntityMetadata, property: string): ColumnMetadata {
  const found = metadata.findColumnWithPropertyName(property);
  if (!found) throw new Error(`${metadata.name} has no column for property "${property}"`);
  return found;
}

const isTimestamp = (column: ColumnMetadata) => column.type === 'timestamptz' || column.type === 'timestamp with time zone' || column.type === Date;

/**
 * A timestamp as a read path selects it: epoch milliseconds. pg parses a number with parseFloat,
 * where a timestamp's text took a regular expression per value (8 % of a members listing's CPU);
 * `new Date(ms)` makes the Date.
 */
export const epochMs = (expression: string): string => `(extract(epoch from ${expression}) * 1000)::float8`;

/** A column as a loader reads it; `revive` makes Dates of the timestamps. */
function readColumn(column: ColumnMetadata, alias: string): string {
  const name = `${alias}."${column.databaseName}"`;
  return isTimestamp(column) ? epochMs(name) : name;
}

/** `"prop", expression, …` for json_build_object, with the properties read as timestamps. */
function jsonPairs(metadata: EntityMetadata, properties: readonly string[], alias: string): { pairs: string; dates: string[] } {
  const columns = properties.map((property) => columnOf(metadata, property));
  return {
    pairs: columns.map((column, index) => `'${properties[index]}', ${readColumn(column, alias)}`).join(', '),
    dates: properties.filter((_, index) => isTimestamp(columns[index])),
  };
}

function revive(row: Record<string, unknown>, dates: readonly string[]): void {
  for (const property of dates) if (row[property] !== null) row[property] = new Date(row[property] as number);
}

/** `SELECT "col" AS "prop", … FROM "table" WHERE "key" = ANY($1::uuid[])`. */
function selectByKey(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>, properties: readonly string[], key: string): Statement {
  const metadata = dataSource.getMetadata(entity);
  return cachedStatement(dataSource, `${metadata.name}|${properties.join(',')}|${key}`, () => {
    const columns = properties.map((property) => columnOf(metadata, property));
    const list = columns.map((column, index) => `${readColumn(column, 't')} AS "${properties[index]}"`).join(', ');
    return {
      sql: `SELECT ${list} FROM "${metadata.tableName}" t WHERE t."${columnOf(metadata, key).databaseName}" = ANY($1::uuid[])`,
      dates: properties.filter((_, index) => isTimestamp(columns[index])),
    };
  });
}

/** find()'s `select` for `properties` alone: a short list read through TypeORM takes no secret column along. */
export function selectOnly<T extends ObjectLiteral>(properties: ReadonlyArray<keyof T & string>): FindOptionsSelect<T> {
  return Object.fromEntries(properties.map((property) => [property, true])) as FindOptionsSelect<T>;
}

/** Keys that cannot be ids answer empty without reaching PostgreSQL (which would refuse the cast). */
const validIds = (keys: readonly string[]): string[] => keys.filter((key) => UUID.test(key));

/** Rows by primary key, with only `properties`: one `WHERE id = ANY(…)` per tick; missing ids load as null. */
export function pickByIdLoader<T extends ObjectLiteral & { id: string }, K extends keyof T & string>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  properties: readonly K[],
): DataLoader<string, Pick<T, K | 'id'> | null> {
  const select = [...new Set<string>(['id', ...properties])];
  return new DataLoader(async (ids) => {
    const { sql, dates } = selectByKey(dataSource, entity, select, 'id');
    const { rows } = await preparedQuery<Pick<T, K | 'id'>>(dataSource, sql, [validIds(ids)]);
    for (const row of rows) revive(row, dates);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** A row read with the rows that point at it: `as` holds the row of `entity` whose id is the pointing row's `via`. */
export interface Embedded<E extends ObjectLiteral> {
  as: string;
  via: string;
  entity: EntityTarget<E>;
  properties: ReadonlyArray<keyof E & string>;
}

/**
 * The rows pointing at each key through `key`, oldest `orderBy` first, with only `properties`, and
 * with an embedded row each (a member's user) when asked. One statement per batch, whose rows
 * PostgreSQL aggregates into a JSON array per key: one value for pg to hand to JSON.parse, where a row
 * per member cost pg's parser a call per column, and the members' users need no second statement.
 */
export function pickByForeignKeyLoader<T extends ObjectLiteral, K extends keyof T & string, R = Pick<T, K>>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  key: K,
  properties: readonly K[],
  orderBy: keyof T & string,
  embedded?: Embedded<ObjectLiteral>,
): DataLoader<string, R[]> {
  const metadata = dataSource.getMetadata(entity);
  const { sql, dates, embeddedDates } = cachedStatement(dataSource, `${metadata.name}|${properties.join(',')}|${key}|${orderBy}|${embedded ? `${embedded.as}:${embedded.properties.join(',')}` : ''}`, () => {
    const own = jsonPairs(metadata, properties, 't');
    const inner = embedded && jsonPairs(dataSource.getMetadata(embedded.entity), embedded.properties, 'e');
    const object = `json_build_object(${own.pairs}${inner ? `, '${embedded.as}', json_build_object(${inner.pairs})` : ''})`;
    const join = embedded ? ` JOIN "${dataSource.getMetadata(embedded.entity).tableName}" e ON e."id" = t."${columnOf(metadata, embedded.via).databaseName}"` : '';
    const keyColumn = `t."${columnOf(metadata, key).databaseName}"`;
    return {
      sql: `SELECT ${keyColumn} AS "key", json_agg(${object} ORDER BY t."${columnOf(metadata, orderBy).databaseName}", t."id") AS "rows"
              FROM "${metadata.tableName}" t${join} WHERE ${keyColumn} = ANY($1::uuid[]) GROUP BY ${keyColumn}`,
      dates: own.dates,
      embeddedDates: inner?.dates,
    };
  });
  return new DataLoader(async (keys) => {
    const { rows: groups } = await preparedQuery<{ key: string; rows: Array<Record<string, unknown>> }>(dataSource, sql, [validIds(keys)]);
    const byKey = new Map<string, R[]>();
    for (const group of groups) {
      for (const row of group.rows) {
        revive(row, dates);
        if (embedded) revive(row[embedded.as] as Record<string, unknown>, embeddedDates!);
      }
      byKey.set(group.key, group.rows as R[]);
    }
    return keys.map((value) => byKey.get(value) ?? []);
  });
}
