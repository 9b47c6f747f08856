/** The page's only way to the data: GraphQL over HTTP, same origin, JSON bodies (Apollo's CSRF rule). */

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** `headers`: what a write adds (its `authorization`); reads send none, so no key travels with them. */
export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('The service does not answer. Check that it is running, then try again.', 'UNREACHABLE');
  }
  let body: GraphQLBody<T>;
  try {
    body = (await response.json()) as GraphQLBody<T>;
  } catch {
    throw new ApiError(`The service answered HTTP ${response.status} without a readable body.`, 'BAD_RESPONSE');
  }
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'UNKNOWN');
  if (!body.data) throw new ApiError(`The service answered HTTP ${response.status} without data.`, 'BAD_RESPONSE');
  return body.data;
}

/** An error in words an analyst can act on; the service's own message is kept where it helps. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return `Something went wrong in the page: ${String(error)}`;
  switch (error.code) {
    case 'UNREACHABLE':
    case 'BAD_RESPONSE':
      return error.message;
    case 'SERVICE_UNAVAILABLE':
      return 'The service is up but its database is not available right now. Try again in a few seconds.';
    case 'QUERY_TOO_COMPLEX':
      return `This view needs more than the service allows in one request (${error.message}). Draw fewer neighbours or expand fewer nodes.`;
    case 'RESULT_TOO_LARGE':
      return 'The answer would be too large for the service. Narrow the filters or draw fewer neighbours.';
    case 'QUERY_TIMEOUT':
      return 'The database took too long to answer. Narrow the filters or try again.';
    case 'RATE_LIMITED':
      return 'Too many requests in a short time. Wait a minute, then try again.';
    case 'NOT_FOUND':
      return `Not found: ${error.message}`;
    case 'BAD_USER_INPUT':
      return `The service refused the request: ${error.message}`;
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
      return `The service refused to write: ${error.message}`;
    case 'CONFLICT':
      return `The write clashes with the graph: ${error.message}`;
    default:
      return `The service answered with an error: ${error.message}`;
  }
}
