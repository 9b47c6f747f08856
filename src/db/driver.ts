import neo4j, { type Driver } from 'neo4j-driver';
import { NEO4J_POOL_SIZE, type Config } from '../config';

/** One driver per process. Short acquisition/connection timeouts so a down Neo4j fails fast (→ SERVICE_UNAVAILABLE). */
export function createDriver(uri: string, config: Config['neo4j']): Driver {
  const auth = config.password ? neo4j.auth.basic(config.user, config.password) : undefined;
  return neo4j.driver(uri, auth, {
    disableLosslessIntegers: true,
    connectionTimeout: 5000,
    connectionAcquisitionTimeout: 5000,
    maxTransactionRetryTime: config.sessions.maxRetryTimeMs,
    maxConnectionPoolSize: NEO4J_POOL_SIZE,
    userAgent: 'entity-graph/0.1',
  });
}
