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
  ResultTooLargeError,
} from '../model';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  RESULT_TOO_LARGE: 'RESULT_TOO_LARGE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** Seconds a client is asked to wait (Retry-After) when Neo4j is down. */
export const RETRY_AFTER_SECONDS = 2;

/** graphql-js stops parsing at `maxTokens` with this message (its "more that" typo included): a limit, not a syntax error. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

interface Classified {
  code: string;
  message: string;
  extensions?: Record<string, unknown>;
}

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/** A class-validator failure and those of nested inputs (`filter.topics`), each with its path. */
function failureDetails(failure: ValidationFailure, parent: string): { path: string; message: string }[] {
  const path = parent === '' ? failure.property : `${parent}.${failure.property}`;
  return [
    ...Object.values(failure.constraints ?? {}).map((message) => ({ path, message })),
    ...(failure.children ?? []).flatMap((child) => failureDetails(child, path)),
  ];
}

/**
 * What a client may learn from an error: domain errors become their codes, class-validator
 * failures BAD_USER_INPUT with the failing fields, GraphQL errors keep the code they were
 * raised with. `undefined` means unexpected: masked for the client, logged for us.
 */
export function classifyError(error: unknown): Classified | undefined {
  const original = unwrapResolverError(error);
  if (original instanceof InvalidInputError) {
    return {
      // ConflictError is an InvalidInputError: a clash with the graph, not a mistake in the input.
      code: original instanceof ConflictError ? ErrorCode.CONFLICT : ErrorCode.BAD_USER_INPUT,
      message: original.message,
      extensions: original.details ? { details: original.details } : undefined,
    };
  }
  if (original instanceof ArgumentValidationError) {
    const details = original.extensions.validationErrors.flatMap((failure) => failureDetails(failure, ''));
    return {
      code: ErrorCode.BAD_USER_INPUT,
      message: `Invalid argument: ${details.map((d) => d.message).join('; ')}`,
      extensions: { details },
    };
  }
  if (original instanceof NotFoundError) return { code: ErrorCode.NOT_FOUND, message: original.message };
  if (original instanceof DatabaseUnavailableError) {
    return {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      message: 'The graph database is unavailable; try again shortly',
      extensions: { retryAfterSeconds: RETRY_AFTER_SECONDS },
    };
  }
  if (original instanceof DatabaseBusyError) {
    return {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      message: 'The graph database is busy; retry shortly',
      extensions: { retryAfterSeconds: original.retryAfterSeconds },
    };
  }
  if (original instanceof QueryTimeoutError) {
    return {
      code: ErrorCode.QUERY_TIMEOUT,
      message: 'The query ran past its time limit; narrow it (depth, types, limit)',
    };
  }
  if (original instanceof ResultTooLargeError) {
    return {
      code: ErrorCode.RESULT_TOO_LARGE,
      message: original.message,
      extensions: original.limit === undefined ? undefined : { max: original.limit },
    };
  }
  const tokens = original instanceof GraphQLError ? TOKEN_LIMIT.exec(original.message) : null;
  if (tokens) {
    return {
      code: ErrorCode.QUERY_TOO_COMPLEX,
      message: `The document has more than ${tokens[1]} tokens, the limit`,
      extensions: { limit: 'tokens', max: Number(tokens[1]) },
    };
  }
  // Apollo re-codes validation errors as GRAPHQL_VALIDATION_FAILED; the code our own rules
  // raised (QUERY_TOO_COMPLEX) sits on the original error and is the more useful one.
  const raisedWith = original instanceof GraphQLError ? original.originalError : undefined;
  const coded = [raisedWith, original, error].find(
    (candidate): candidate is GraphQLError =>
      candidate instanceof GraphQLError &&
      typeof candidate.extensions.code === 'string' &&
      candidate.extensions.code !== ErrorCode.INTERNAL_SERVER_ERROR,
  );
  if (coded) {
    const { http: _http, stacktrace: _stacktrace, ...extensions } = coded.extensions;
    return { code: coded.extensions.code as string, message: coded.message, extensions };
  }
  return undefined;
}

/** Apollo's formatError: classified errors keep their code and message, anything else is masked (no stack, no Cypher). */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const classified = classifyError(error);
  return {
    message: classified?.message ?? 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { ...classified?.extensions, code: classified?.code ?? ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
