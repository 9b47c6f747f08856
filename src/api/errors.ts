import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import {
  ConflictError,
  DatabaseBusyError,
  DatabaseUnavailableError,
  InvalidInputError,
  NotFoundError,
  QueryTimeoutError,
} from '../model/errors';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

export function badInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions } });
}

/**
 * Apollo's formatError: domain errors become their codes, class-validator failures become
 * BAD_USER_INPUT with the failing fields, and anything unexpected is masked (logged, never
 * shown: no stack, no Cypher).
 */
export function createErrorFormatter(logError: (error: unknown) => void) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const withCode = (code: string, message: string, extra: Record<string, unknown> = {}): GraphQLFormattedError => ({
      message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code, ...extra },
    });
    if (original instanceof InvalidInputError) {
      // ConflictError is an InvalidInputError: a clash with the graph, not a mistake in the input.
      return withCode(
        original instanceof ConflictError ? ErrorCode.CONFLICT : ErrorCode.BAD_USER_INPUT,
        original.message,
        original.details ? { details: original.details } : {},
      );
    }
    if (original instanceof ArgumentValidationError) {
      const details = original.extensions.validationErrors.flatMap((failure) =>
        Object.values(failure.constraints ?? {}).map((message) => ({ path: failure.property, message })),
      );
      return withCode(ErrorCode.BAD_USER_INPUT, `Invalid argument: ${details.map((d) => d.message).join('; ')}`, {
        details,
      });
    }
    if (original instanceof NotFoundError) return withCode(ErrorCode.NOT_FOUND, original.message);
    if (original instanceof DatabaseUnavailableError) {
      return withCode(ErrorCode.SERVICE_UNAVAILABLE, 'The graph database is unavailable; try again shortly');
    }
    if (original instanceof DatabaseBusyError) {
      return withCode(ErrorCode.SERVICE_UNAVAILABLE, 'The graph database is busy; retry shortly', {
        retryAfterSeconds: original.retryAfterSeconds,
      });
    }
    if (original instanceof QueryTimeoutError) {
      return withCode(ErrorCode.QUERY_TIMEOUT, 'The query ran past its time limit; narrow it (depth, types, limit)');
    }
    if (original instanceof GraphQLError) {
      const code = formatted.extensions?.code;
      if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
        const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
        return { ...formatted, extensions };
      }
    }
    logError(original);
    return withCode(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
  };
}
