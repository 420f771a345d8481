import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../core/errors';
import { DATABASE_RETRY_AFTER_SECONDS, asUnavailable } from '../db/postgres-errors';

const retryAfter = () => new HeaderMap([['retry-after', String(DATABASE_RETRY_AFTER_SECONDS)]]);

/**
 * An answer holding SERVICE_UNAVAILABLE (the formatter's mapping of a database outage) is HTTP 503 with
 * Retry-After, so clients and load balancers retry instead of treating it as a bug.
 */
export function unavailableStatus<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          if (!errors?.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) return;
          response.http.status = 503;
          for (const [name, value] of retryAfter()) response.http.headers.set(name, value);
        },
      };
    },
  };
}

/** Context creation reads credentials from the database; during an outage that fails before any plugin runs. */
export async function contextOrUnavailable<T>(create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (error) {
    const unavailable = asUnavailable(error);
    if (!unavailable) throw error;
    throw new GraphQLError(unavailable.message, { originalError: error as Error, extensions: { http: { status: 503, headers: retryAfter() } } });
  }
}
