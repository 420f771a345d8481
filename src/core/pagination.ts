import { badInput } from './errors';

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
}

/** Keyset cursors over (time, id), newest first: stable while rows are added. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Both parts are checked here: whatever reaches the query is a valid timestamp and uuid. */
export function decodeCursor(cursor: string, field = 'after'): { at: Date; id: string } {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const [iso, id] = parts;
  const at = new Date(iso);
  if (parts.length !== 2 || !ISO_TIME.test(iso) || Number.isNaN(at.getTime()) || !UUID.test(id)) throw badInput(field, 'is not a cursor from this list');
  return { at, id };
}

/** Builds a connection from `first + 1` rows fetched newest first. */
export function toConnection<Row, Node>(rows: Row[], first: number, cursorOf: (row: Row) => string, toNode: (row: Row) => Node): Connection<Node> {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: cursorOf(row), node: toNode(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
