import { DomainError, ErrorCode } from '../core/errors';

/** PostgreSQL's unique_violation: a concurrent or repeated insert hit a unique index. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505';

/** How long a client is told to wait before retrying while the database is away (it reconnects by itself). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Connection-level failures: the statement never ran, or ran on a connection that is gone.
const UNREACHABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);
// SQLSTATE: 57014 query_canceled (statement timeout), 57P01-57P03 shutdown/cannot connect now, class 08 connection exceptions, 53300 too many connections.
const UNAVAILABLE_SQLSTATE = /^(57014|57P0[1-3]|08\w{3}|53300)$/;
const DRIVER_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection is closed)/;

/** Whether a failure means the database cannot answer now (down, restarting, too slow), not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, driverError, thrownValue, errors } = error as { code?: unknown; message?: unknown; driverError?: unknown; thrownValue?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNREACHABLE_NODE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (typeof message === 'string' && DRIVER_MESSAGES.test(message)) return true;
  // TypeORM's QueryFailedError, graphql-js's wrapper of a thrown non-Error (pg rejects with plain objects on
  // connect), and the AggregateError of a connect to every resolved address failing.
  const inner = [driverError, thrownValue, Array.isArray(errors) ? errors[0] : undefined];
  return inner.some((cause) => cause !== undefined && cause !== error && isDatabaseUnavailable(cause, depth + 1));
}

/** The domain error a database outage becomes, so every caller gets the same answer; undefined for anything else. */
export function asUnavailable(error: unknown): DomainError | undefined {
  if (!isDatabaseUnavailable(error)) return undefined;
  return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The service is temporarily unavailable; try again shortly', { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
}
