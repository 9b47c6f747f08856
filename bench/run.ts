import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { createDriver } from '../src/db/driver';
import { startService } from '../src/http/service';
import { ensureApoc } from './apoc';
import { runBench } from './bench';
import { CypherCapture } from './capture';
import { BENCH_NEO4J_SETTINGS, benchNeo4j } from './neo4j';
import { writeResult } from './report';

/*
 * `npm run bench -- --entities N [--seed S] [--runs R] [--no-throughput]`: generated FtM data
 * through the online importer into a throw-away Neo4j (or NEO4J_URI); then the query set of
 * GraphQL vs the same Cypher through the driver, interleaved; then throughput against
 * @neo4j/graphql 7. Writes bench/results/<date>-<N>.{json,md,svg} and latest.{md,svg}.
 */
const log = (message: string): void => void process.stderr.write(`${message}\n`);
const int = (value: string): number => Number.parseInt(value, 10);

async function main(): Promise<void> {
  const options = new Command()
    .option('--entities <n>', 'generated entities (about 5 relationships each)', int, 10_000)
    .option('--seed <s>', 'generator and pair seed', int, 1)
    .option('--runs <r>', 'interleaved samples per query', int, 200)
    .option('--warmup <w>', 'untimed requests per query and variable set first', int, 10)
    .option('--pairs <p>', 'random shortestPath pairs', int, 10)
    .option('--deep-pages <p>', 'pages walked at most to reach the deep cursor', int, 200)
    .option('--no-throughput', 'skip the comparison with @neo4j/graphql')
    .option('--connections <c>', 'autocannon connections', int, 10)
    .option('--seconds <s>', 'seconds per throughput run', int, 10)
    .option('--rounds <r>', 'alternating throughput rounds', int, 2)
    .option('--home <dir>', 'an existing local Neo4j home to start and keep (e.g. filled by import --bulk)')
    .option('--loaded', 'the database already holds this --entities/--seed graph: import only an online sample')
    .option(
      '--online-sample <n>',
      'with --loaded: entities (ids of their own) imported online to time the importer',
      int,
      10_000,
    )
    .option('--query-timeout <ms>', "the service's QUERY_TIMEOUT_MS (the import gets 10 minutes)", int, 15_000)
    .option('--heap <size>', 'Neo4j heap', BENCH_NEO4J_SETTINGS.heap)
    .option('--page-cache <size>', 'Neo4j page cache', BENCH_NEO4J_SETTINGS.pageCache)
    .parse()
    .opts<{
      entities: number;
      seed: number;
      runs: number;
      warmup: number;
      pairs: number;
      deepPages: number;
      throughput: boolean;
      connections: number;
      seconds: number;
      rounds: number;
      home?: string;
      loaded?: boolean;
      onlineSample: number;
      heap: string;
      pageCache: string;
      queryTimeout: number;
    }>();
  const neo4j = await benchNeo4j(log, {
    plugins: options.throughput ? ensureApoc(log) : undefined,
    home: options.home,
    heap: options.heap,
    pageCache: options.pageCache,
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-bench-'));
  const config = loadConfig({
    ...process.env,
    NEO4J_URI: neo4j.uri,
    PORT: '0',
    LOG_LEVEL: 'silent',
    // Requests keep the production cap, so a query past it counts as a failure; the import gets longer.
    QUERY_TIMEOUT_MS: String(options.queryTimeout),
    RATE_LIMIT_MAX: '0',
    // The feed tailer's polls would land in the recordings of requests' Cypher.
    CHANGE_POLL_MS: '60000',
  });
  // Errors only, to stderr: a failing query's cause shows beside its masked GraphQL error.
  const service = await startService(config, { logger: pino({ level: 'error' }, process.stderr) });
  const capture = new CypherCapture(service.runner.driver);
  const driver = createDriver(neo4j.uri, config.neo4j);
  try {
    const result = await runBench(
      { service, capture, driver, database: config.neo4j.database },
      dir,
      {
        ...options,
        throughput: options.throughput
          ? { neo4jUri: neo4j.uri, connections: options.connections, seconds: options.seconds, rounds: options.rounds }
          : undefined,
        loaded: options.loaded ? { onlineSample: options.onlineSample } : undefined,
        neo4jSettings: process.env.NEO4J_URI
          ? { external: 'NEO4J_URI' }
          : { heap: options.heap, pageCache: options.pageCache, ...(options.home ? { home: 'kept (--home)' } : {}) },
      },
      log,
    );
    const files = writeResult(path.join(__dirname, 'results'), result);
    for (const target of result.targets)
      log(`bench: ${target.name} ${target.target}: ${target.figure} (${String(target.met)})`);
    log(
      `bench: results written to ${Object.values(files)
        .map((file) => path.relative(process.cwd(), file))
        .join(', ')}`,
    );
  } finally {
    await driver.close();
    await service.close();
    await neo4j.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Ctrl-C exits through 'exit' handlers, which stop the servers this run started.
process.once('SIGINT', () => process.exit(130));
main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
