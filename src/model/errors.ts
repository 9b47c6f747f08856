/**
 * Domain errors: thrown by the model and the store, mapped to GraphQL codes in src/api/errors.ts,
 * so lower layers never know about GraphQL.
 */
export class InvalidInputError extends Error {
  constructor(
    message: string,
    readonly details?: readonly { path: string; record?: string; message: string }[],
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** Neo4j cannot be reached (down, restarting, network). */
export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** A query ran past its transaction timeout. */
export class QueryTimeoutError extends Error {
  override name = 'QueryTimeoutError';
}

/** A request read more rows from Neo4j than its budget allows (the run-time guard behind the cost limit). */
export class ResultTooLargeError extends Error {
  override name = 'ResultTooLargeError';

  constructor(readonly limit: number) {
    super(`The request read more than ${limit} rows from the graph; ask for smaller pages or fewer levels`);
  }
}
