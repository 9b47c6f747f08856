import pino from 'pino';
import { loadConfig, type Config } from '../../src/config';
import { startService, type Service, type ServiceOptions } from '../../src/http/service';

/** The real service on a free port, against the run's Neo4j (or `neo4jUri`). */
export async function startTestService(
  overrides: { env?: Record<string, string>; neo4jUri?: string } & ServiceOptions = {},
): Promise<Service> {
  const config: Config = loadConfig({
    ...process.env,
    PORT: '0',
    LOG_LEVEL: 'silent',
    QUERY_TIMEOUT_MS: '60000',
    ...overrides.env,
  });
  if (overrides.neo4jUri) config.neo4j.uri = overrides.neo4jUri;
  return startService(config, { logger: pino({ level: 'silent' }), ...overrides });
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[] };
}

export async function graphql<T = Record<string, unknown>>(
  service: Service,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'] };
}
