import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/*
 * The read path: per-request loaders that select only the columns a response can use, as plain
 * objects. Entity hydration and whole rows (password hashes, timestamps nobody shows) were most of the
 * CPU a large response cost; TypeORM entities stay for writes. The SQL is built once per entity and
 * column list from TypeORM's metadata, so table and column names are never spelled twice.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const selectCache = new WeakMap<DataSource, Map<string, string>>();

/** `SELECT "col" AS "prop", … FROM "table" WHERE "key" = ANY($1::uuid[])`, cached per data source. */
function selectByKey(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>, properties: readonly string[], key: string, orderBy?: string): string {
  let cache = selectCache.get(dataSource);
  if (!cache) selectCache.set(dataSource, (cache = new Map()));
  const metadata = dataSource.getMetadata(entity);
  const cacheKey = `${metadata.name}|${properties.join(',')}|${key}|${orderBy ?? ''}`;
  let sql = cache.get(cacheKey);
  if (!sql) {
    const column = (property: string) => {
      const found = metadata.findColumnWithPropertyName(property);
      if (!found) throw new Error(`${metadata.name} has no column for property "${property}"`);
      return `"${found.databaseName}"`;
    };
    const list = properties.map((property) => `${column(property)} AS "${property}"`).join(', ');
    const order = orderBy ? ` ORDER BY ${column(orderBy)}, "id"` : '';
    sql = `SELECT ${list} FROM "${metadata.tableName}" WHERE ${column(key)} = ANY($1::uuid[])${order}`;
    cache.set(cacheKey, sql);
  }
  return sql;
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
    const rows: Array<Pick<T, K | 'id'>> = await dataSource.query(selectByKey(dataSource, entity, select, 'id'), [validIds(ids)]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** The rows pointing at each key through `key`, oldest `orderBy` first, with only `properties`. */
export function pickByForeignKeyLoader<T extends ObjectLiteral, K extends keyof T & string>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  key: K,
  properties: readonly K[],
  orderBy: keyof T & string,
): DataLoader<string, Array<Pick<T, K>>> {
  return new DataLoader(async (keys) => {
    const rows: Array<Pick<T, K>> = await dataSource.query(selectByKey(dataSource, entity, properties, key, orderBy), [validIds(keys)]);
    const groups = new Map<string, Array<Pick<T, K>>>(keys.map((value) => [value, []]));
    for (const row of rows) groups.get(row[key] as string)?.push(row);
    return keys.map((value) => groups.get(value) ?? []);
  });
}
