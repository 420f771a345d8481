/**
 * The one error vocabulary of the domain. Services throw `DomainError` with a code; they know nothing
 * of GraphQL. `src/graphql/errors.ts` is the one place that turns these into GraphQL errors.
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  /** A dependency (the database) cannot answer now; HTTP 503 with Retry-After. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorDetails {
  fields?: FieldError[];
  retryAfterSeconds?: number;
  /** Machine-readable cause (`extensions.reason`), e.g. EXPIRED or SESSION_REQUIRED. */
  reason?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: Exclude<ErrorCode, ErrorCode.INTERNAL_SERVER_ERROR>,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input on one field: the error names it, and the caller's change is not applied. */
export function badInput(field: string, message: string): DomainError {
  return new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { fields: [{ field, message }] });
}
