import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { unwrapResolverError } from '@apollo/server/errors';
import { DomainError, ErrorCode, type FieldError } from '../core/errors';

function flattenValidation(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return own.concat(flattenValidation(error.children ?? [], field));
  });
}

export interface FormatErrorOptions {
  /** Outside development nothing internal (stack, SQL, messages of unexpected errors) leaves the server. */
  exposeInternals: boolean;
}

/** Maps domain and validation errors to their codes and masks anything unexpected (the app logs those with the request id). */
export function createErrorFormatter({ exposeInternals }: FormatErrorOptions) {
  return (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    const error = unwrapResolverError(raw);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    if (error instanceof DomainError) {
      const { fields, retryAfterSeconds, reason } = error.details;
      return { ...base, message: error.message, extensions: { code: error.code, fields, retryAfterSeconds, reason } };
    }
    if (error instanceof ArgumentValidationError) {
      // The input object is always called `input` (see DESIGN.md): name the field inside it.
      const fields = flattenValidation(error.extensions.validationErrors as ValidationError[]).map(({ field, message }) => ({
        field: field.replace(/^input\./, ''),
        message,
      }));
      const message = fields.map((f) => `${f.field}: ${f.message}`).join('; ') || 'Invalid input';
      return { ...base, message, extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
    }
    const code = formatted.extensions?.code;
    // Errors Apollo and graphql-js raise before execution (parse, validation, limits) are the caller's.
    if (typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      return exposeInternals ? formatted : { ...base, extensions: { code } };
    }
    if (exposeInternals) return formatted;
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
