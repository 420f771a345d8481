import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { DomainError, ErrorCode, type FieldError } from '../core/errors';
import { asUnavailable } from '../db/postgres-errors';

function flattenValidation(errors: unknown, parent = ''): FieldError[] {
  if (!Array.isArray(errors)) return [];
  return (errors as ValidationError[]).flatMap((error) => {
    const field = parent ? `${parent}.${String(error?.property)}` : String(error?.property);
    const own = Object.values(error?.constraints ?? {}).map((message) => ({ field, message: String(message) }));
    return own.concat(flattenValidation(error?.children, field));
  });
}

/** The input object is always called `input` (see DESIGN.md): a field is named by its path inside it. */
const insideInput = (path: string): string => path.replace(/^input\./, '');

/** The innermost cause: Apollo wraps errors thrown from plugins and context, graphql-js those of resolvers. */
function rootCause(raw: unknown): unknown {
  let error = raw;
  for (let depth = 0; depth < 5 && error instanceof GraphQLError && error.originalError; depth++) error = error.originalError;
  return error;
}

// graphql-js's variable coercion: `Variable "$input" got invalid value "x" at "input.expiresInDays"; Int cannot …`,
// or about the whole variable: `Variable "$input" of required type "X!" was not provided.`
const VARIABLE_COERCION = /^Variable "\$([^"]+)" (?:got invalid value .*? at "([^"]+)"; ([\s\S]*)|([\s\S]*))$/;
// graphql-js's argument coercion during execution, e.g. `Argument "first" of non-null type "Int!" must not be null.`
const ARGUMENT_COERCION = /^Argument "([^"]+)" /;

/** Errors graphql-js raises about the caller's request, recognised by message since they carry no code. */
function callerError(error: GraphQLError, formatted: GraphQLFormattedError): GraphQLFormattedError | undefined {
  const variable = VARIABLE_COERCION.exec(error.message);
  if (variable) {
    const [, name, path, pathMessage, message] = variable;
    const fields = [{ field: path ? insideInput(path) : name, message: pathMessage ?? message }];
    return { message: error.message, locations: formatted.locations, extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
  }
  const argument = ARGUMENT_COERCION.exec(error.message);
  if (argument) {
    return { ...formatted, extensions: { code: ErrorCode.BAD_USER_INPUT, fields: [{ field: argument[1], message: error.message }] } };
  }
  // Without a path it happened before execution: parsing, validation ("Too many validation errors"),
  // persisted queries. All of those are about the request.
  if (!error.path) return { message: error.message, locations: formatted.locations, extensions: { code: 'BAD_REQUEST' } };
  return undefined;
}

export interface FormatErrorOptions {
  /** Outside development nothing internal (stack, SQL, messages of unexpected errors) leaves the server. */
  exposeInternals: boolean;
}

/** Maps domain and validation errors to their codes and masks anything unexpected (the app logs those with the request id). */
export function createErrorFormatter({ exposeInternals }: FormatErrorOptions) {
  const internal = (formatted: GraphQLFormattedError): GraphQLFormattedError =>
    exposeInternals ? formatted : { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };

  const format = (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    const cause = rootCause(raw);
    const error = asUnavailable(cause) ?? cause;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (error instanceof DomainError) {
      const { fields, retryAfterSeconds, reason } = error.details;
      return { ...base, message: error.message, extensions: { code: error.code, fields, retryAfterSeconds, reason } };
    }
    if (error instanceof ArgumentValidationError) {
      const fields = flattenValidation(error.extensions?.validationErrors).map(({ field, message }) => ({ field: insideInput(field), message }));
      const message = fields.map((f) => `${f.field}: ${f.message}`).join('; ') || 'Invalid input';
      return { ...base, message, extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
    }
    const code = formatted.extensions?.code;
    if (code === ErrorCode.BAD_USER_INPUT && raw instanceof GraphQLError) {
      const named = callerError(raw, formatted);
      if (named) return named;
    }
    // Errors Apollo and graphql-js raise before execution (parse, validation, limits) are the caller's.
    if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      return exposeInternals ? formatted : { ...base, extensions: { code } };
    }
    if (error instanceof GraphQLError && !error.originalError) return callerError(error, formatted) ?? internal(formatted);
    return internal(formatted);
  };

  // The formatter answers every request, so it must not throw, whatever a library hands it.
  return (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    try {
      return format(formatted, raw);
    } catch {
      return internal({ message: String(formatted?.message), locations: formatted?.locations, path: formatted?.path });
    }
  };
}
