import type { DocumentError } from './record-rules';

/**
 * Domain errors: thrown by the model and the store, mapped to GraphQL codes in src/api/errors.ts,
 * so lower layers never know about GraphQL.
 */
export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly details?: readonly DocumentError[],
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/**
 * A write that clashes with what the graph holds (an entity of another kind, a relationship id
 * taken by another type or other endpoints, a symmetric fact stored under another id), often
 * because another writer got there first. A subclass so every InvalidInputError handler (the
 * seed CLI's per-problem listing) keeps working; the API answers CONFLICT rather than
 * BAD_USER_INPUT.
 */
export class ConflictError extends InvalidInputError {
  override name = 'ConflictError';
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** Neo4j cannot be reached (down, restarting, network). */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** Too many requests wait for Neo4j already: refused at once rather than queued without end. */
export class DatabaseBusyError extends Error {
  override name = 'DatabaseBusyError';

  constructor(
    message: string,
    /** When a retry is worth it (the HTTP layer's Retry-After): a busy spell passes as sessions free up. */
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}

/** A query ran past its transaction timeout. */
export class QueryTimeoutError extends Error {
  override name = 'QueryTimeoutError';
}

/** A request read more than its budget, or a query needed more memory than Neo4j allows a transaction. */
export class ResultTooLargeError extends Error {
  override name = 'ResultTooLargeError';

  constructor(
    message: string,
    readonly limit?: number,
  ) {
    super(message);
  }
}
