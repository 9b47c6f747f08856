import type { Driver } from 'neo4j-driver';
import type { Config } from '../config';
import { createDriver, configuredLocalNeo4j, type LocalNeo4j, type Log } from '../db';
import { migrate } from './migrations';
import { CypherRunner, type StoreObserver } from './cypher-runner';

/** An open graph: the Neo4j it talks to (started here when NEO4J_URI is unset), its driver and runner. */
export interface GraphConnection {
  uri: string;
  driver: Driver;
  runner: CypherRunner;
  /** The local Neo4j this process started, if it did. */
  local?: LocalNeo4j;
  /** Closes the driver and stops the local Neo4j it started. */
  close(): Promise<void>;
}

export interface OpenGraphOptions {
  log: Log;
  /** Transaction timeout of the runner's statements (default QUERY_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Apply the migrations before returning (default true); the service leaves them to its readiness check. */
  migrate?: boolean;
  observer?: StoreObserver;
}

/**
 * The one way every command, the service, the bench and the tests open the graph: NEO4J_URI, or
 * the local Neo4j started for this process (and killed with it, should it die without close()).
 */
export async function openGraph(config: Config, options: OpenGraphOptions): Promise<GraphConnection> {
  const local = config.neo4j.uri ? undefined : configuredLocalNeo4j(config.neo4j, options.log);
  await local?.start();
  if (local) process.once('exit', () => local.killNow());
  const uri = config.neo4j.uri ?? (local as LocalNeo4j).uri;
  const driver = createDriver(uri, config.neo4j);
  const close = async (): Promise<void> => {
    await driver.close();
    await local?.stop();
  };
  try {
    if (options.migrate ?? true) await migrate(driver, config.neo4j.database);
  } catch (error) {
    await close();
    throw error;
  }
  const { database, sessions } = config.neo4j;
  const runner = new CypherRunner(
    driver,
    database,
    options.timeoutMs ?? config.queryTimeoutMs,
    sessions,
    options.observer,
  );
  return { uri, driver, runner, local, close };
}
