import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { Driver } from 'neo4j-driver';
import pino, { type Logger } from 'pino';
import {
  createApolloServer,
  ApiKeyring,
  roleFromAuthorization,
  ChangeHub,
  createLoaders,
  buildApiSchema,
} from '../api';
import type { ApiContext } from '../api';
import type { Config, Role } from '../config';
import { isMigrated, migrate, openGraph, warmExposurePlans, warmRelationshipPagePlans } from '../store';
import type { CypherRunner } from '../store';
import { explorerRoutes } from './explorer';
import { exportRoutes } from './export';
import { ServiceMetrics } from './metrics';
import { screenRoutes } from './screen';
import { createHttpServer, type Readiness } from './server';
import { subscriptionServer, type SubscriptionServer } from './subscriptions';

export interface Service {
  url: string;
  runner: CypherRunner;
  logger: Logger;
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** Runs once Neo4j is migrated, e.g. loading the seed into an empty database. */
  onDatabaseReady?: (runner: CypherRunner, logger: Logger) => Promise<void>;
  logger?: Logger;
}

const PROBE_TIMEOUT_MS = 5000;

/**
 * Migrates on first contact; after Neo4j restarts empty, readiness migrates again. Only reaching
 * Neo4j is bounded: under load the schema check itself can take longer than a probe's bound, and
 * giving up there left a service serving an unmigrated database (no indexes, no constraints).
 */
function readinessCheck(driver: Driver, database: string, logger: Logger): () => Promise<Readiness> {
  return async () => {
    try {
      // The driver retries an unreachable Neo4j for seconds; a probe must answer at once.
      await Promise.race([
        driver.getServerInfo({ database }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref(),
        ),
      ]);
      const migrated = await isMigrated(driver, database);
      if (!migrated) {
        logger.info('database not migrated: migrating');
        await migrate(driver, database);
      }
      return { ready: true };
    } catch (error) {
      logger.warn({ err: error }, 'not ready');
      return { ready: false, reason: 'Neo4j is unreachable or not migrated' };
    }
  };
}

/**
 * The composition root: Neo4j (the local one when NEO4J_URI is unset), the driver, migrations,
 * Apollo and the HTTP server. `close()` drains HTTP, closes the driver and stops a Neo4j we started.
 */
export async function startService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  const logger = options.logger ?? pino({ level: config.logLevel, redact: ['req.headers.authorization'] });
  // Readiness migrates: the service serves (and says it is not ready) while Neo4j is unreachable.
  const graph = await openGraph(config, {
    log: (message) => logger.info(message),
    migrate: false,
    // The observer's targets exist before any query runs (they are created right below).
    observer: {
      queryFinished: (mode, seconds, outcome) => metrics.queryFinished(mode, seconds, outcome),
      rowsImported: (rows) => metrics.rowsImported(rows),
      changesCommitted: () => hub.pollSoon(),
    },
  });
  const { uri, driver, runner, local } = graph;
  const hub = new ChangeHub(runner.forBackground(), {
    pollMs: config.changes.pollMs,
    retentionHours: config.changes.retentionHours,
    log: logger,
    onPoll: (ok) => metrics.setNeo4jUp(ok),
  });
  let subscriptions: SubscriptionServer | undefined;
  const metrics = new ServiceMetrics({
    gate: runner.gate,
    subscriptions: () => hub.size,
    connections: () => subscriptions?.connections ?? 0,
    neo4jRestarts: () => local?.restarts ?? 0,
  });
  const readiness = readinessCheck(driver, config.neo4j.database, logger);

  try {
    if ((await readiness()).ready) {
      await options.onDatabaseReady?.(runner, logger);
      // In the background: the first page of each type would otherwise wait for Neo4j to plan it.
      const background = runner.forBackground();
      void Promise.all([warmRelationshipPagePlans(background), warmExposurePlans(background)]).catch((error: unknown) =>
        logger.warn({ err: error }, 'could not plan the relationship page and exposure queries ahead'),
      );
    } else logger.warn(`Neo4j at ${uri} is not reachable yet; serving, /readyz answers 503 until it is`);

    hub.start();
    const schema = await buildApiSchema();
    const apollo = createApolloServer(schema, config, [metrics.apolloPlugin()]);
    const keyring = new ApiKeyring(config.apiKeys);
    const anonymousWrites = config.allowAnonymousWrites && keyring.size === 0;
    const contextFor = (role: Role | undefined, log: FastifyRequest['log']): ApiContext => {
      const requestRunner = runner.forRequest(config.limits.maxObjects);
      return {
        runner: requestRunner,
        loaders: createLoaders(requestRunner),
        role,
        keysConfigured: keyring.size > 0,
        anonymousWrites,
        log,
      };
    };
    const context = async (request: FastifyRequest): Promise<ApiContext> => {
      const header = request.headers.authorization;
      return contextFor(roleFromAuthorization(Array.isArray(header) ? header[0] : header, keyring), request.log);
    };
    subscriptions = subscriptionServer({ schema, config, keyring, hub, context: contextFor });
    await apollo.start();
    const app = await createHttpServer({
      config,
      apollo,
      context,
      readiness,
      keyring,
      logger,
      subscriptions,
      metrics,
      routes: (app) => {
        exportRoutes(runner)(app);
        screenRoutes(runner, config, keyring)(app);
        explorerRoutes()(app);
      },
    });
    await app.listen({ port: config.port, host: config.host });
    const { port } = app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    logger.info(`entity-graph serving ${url}/graphql (Neo4j ${uri})`);
    if (anonymousWrites)
      logger.warn('ALLOW_ANONYMOUS_WRITES is on and API_KEYS unset: anyone may write (development only)');
    else if (keyring.size === 0)
      logger.info('API_KEYS is unset: the API is read-only (mutations answer UNAUTHENTICATED)');

    return {
      url,
      runner,
      logger,
      async close() {
        // In-flight requests finish; past the bound their connections are cut so shutdown never hangs.
        const cut = setTimeout(() => app.server.closeAllConnections(), config.http.shutdownTimeoutMs);
        try {
          await app.close();
        } finally {
          clearTimeout(cut);
        }
        await apollo.stop();
        await hub.stop();
        await graph.close();
      },
    };
  } catch (error) {
    await hub.stop();
    await graph.close();
    throw error;
  }
}
