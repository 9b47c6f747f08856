#!/usr/bin/env node
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { printApiSchema } from '../api';
import { loadConfig, type Config } from '../config';
import { configuredLocalNeo4j, LocalNeo4j } from '../db';
import { SCHEMA_FILE, SEED_FILE } from '../paths';
import { EXPORT_FORMAT_NAMES } from '../formats';
import { StrictImportError } from '../ingest';
import { startService } from '../http';
import { InvalidInputError, NotFoundError } from '../model';
import { describeDocumentError, openGraph, describeImportCounts, loadSeedFile, seedIfEmpty } from '../store';
import { describeFailure, EXIT, EXIT_CODES_HELP } from './exit-codes';
import { runExport, type ExportCommandOptions } from './export';
import { checkImportArguments, runBulkImport, runImport, type ImportCommandOptions } from './import';
import { runExtract, type ExtractCommandOptions } from './extract';
import { checkScreenArguments, runScreen, SCREEN_DEFAULTS, SCREEN_HELP, type ScreenCommandOptions } from './screen';

const say = (message: string): void => void process.stderr.write(`${message}\n`);

function localNeo4j({ neo4j }: Config = loadConfig()): LocalNeo4j {
  return configuredLocalNeo4j(neo4j, say);
}

async function serve(): Promise<void> {
  // Handlers go in before startup, so a Ctrl-C while Neo4j starts still stops it cleanly.
  let stopping = false;
  const starting = startService(loadConfig(), {
    onDatabaseReady: async (runner, logger) => {
      const counts = await seedIfEmpty(runner);
      if (counts) logger.info(`the graph was empty: loaded the seed, ${describeImportCounts(counts)}`);
    },
  });
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: shutting down…`);
    starting
      .then((service) => service.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          say(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  await starting;
}

/** Loads a graph document into NEO4J_URI, or into the local Neo4j (started for this command when not running). */
async function seed(options: { file?: string }): Promise<void> {
  const file = options.file === undefined ? SEED_FILE : path.resolve(options.file);
  const graph = await openGraph(loadConfig(), { log: say });
  try {
    const counts = await loadSeedFile(graph.runner, file);
    process.stdout.write(`seed: ${describeImportCounts(counts)}\n`);
  } catch (error) {
    // The message previews the problems; list every one on its own line instead.
    if (!(error instanceof InvalidInputError && error.details?.length)) throw error;
    say(`seed: ${file} is invalid, nothing was written (${error.details.length} problems):`);
    for (const detail of error.details) say(`  ${describeDocumentError(detail)}`);
    process.exitCode = EXIT.REFUSED;
  } finally {
    await graph.close();
  }
}

const program = new Command()
  .name('entity-graph')
  .description('A typed GraphQL service over a Neo4j graph of who is connected to whom.')
  .showHelpAfterError()
  // Usage errors reach describeFailure (exit status 2) instead of commander's own exit(1).
  .exitOverride();

program
  .command('serve', { isDefault: true })
  .description('serve GraphQL on PORT (starts a local Neo4j when NEO4J_URI is unset)')
  .action(serve);

program
  .command('seed')
  .description('validate and load the seed (or --file) in one transaction; running it again changes nothing')
  .option('--file <path>', 'a graph document in the seed format (default: seed/hikvision-sanctions-2022.json)')
  .action(seed);

const neo4jCommand = program
  .command('neo4j')
  .description('the local, Docker-free Neo4j (data in NEO4J_LOCAL_HOME, default .neo4j/dev)');
neo4jCommand
  .command('start')
  .description('start it in the background and wait until Bolt answers')
  .action(async () => {
    const server = localNeo4j();
    await server.start({ detached: true });
    say(`NEO4J_URI=${server.uri}`);
  });
neo4jCommand
  .command('stop')
  .description('stop it and wait for it to exit')
  .action(async () => {
    if (!(await localNeo4j().stop({ force: true }))) say('neo4j: not running');
  });
neo4jCommand
  .command('status')
  .description('say whether it runs')
  .action(() => {
    const server = localNeo4j();
    const pid = server.runningPid();
    say(pid ? `neo4j: running on ${server.uri} (pid ${pid})` : 'neo4j: not running');
    process.exitCode = pid ? 0 : 3;
  });

program
  .command('schema')
  .description('print the GraphQL SDL, or write it to schema/schema.graphql')
  .option('--write', 'write schema/schema.graphql')
  .action(async (options: { write?: boolean }) => {
    const sdl = await printApiSchema();
    if (options.write) writeFileSync(SCHEMA_FILE, sdl);
    else process.stdout.write(sdl);
  });

/** A batch of 10,000 rows on a cold server plans and writes in well under this. */
const IMPORT_TIMEOUT_MS = 300_000;

program
  .command('import')
  .description(
    'import NDJSON (FollowTheMoney, or our graph records) in batched transactions; re-running changes nothing',
  )
  .argument('<file>', "the NDJSON file, or '-' for stdin")
  .option('--format <format>', 'ftm | graph (one entity or relationship of ours per line)', 'ftm')
  .option('--batch-size <n>', 'rows per transaction (default 10000)')
  .option('--strict', 'stop at the first flawed line; its batch is not written')
  .option('--verbose', 'print the time spent in each phase')
  .option('--dataset <name>', 'dataset cited by FtM lines that name none (default: the file name)')
  .option('--bulk', 'load with neo4j-admin into the stopped, empty local Neo4j (fastest; see the README)')
  .option('--force', 'with --bulk: replace the local database if it already exists')
  .addHelpText('after', EXIT_CODES_HELP)
  .action(async (file: string, options: ImportCommandOptions) => {
    checkImportArguments(file, options);
    if (!options.bulk) {
      const graph = await openGraph(loadConfig(), { log: say, timeoutMs: IMPORT_TIMEOUT_MS });
      try {
        return await runImport(graph.runner, file, options, say);
      } finally {
        await graph.close();
      }
    }
    try {
      await runBulkImport(loadConfig(), file, options, say);
    } catch (error) {
      if (!(error instanceof StrictImportError)) throw error;
      say(`import --bulk: --strict: stopped at ${error.message}; nothing was imported`);
      process.exitCode = EXIT.REFUSED;
    }
  });

program
  .command('export')
  .description(
    'write a neighbourhood (--id) or the whole graph (capped) as GraphML, GEXF, Cytoscape JSON, CSV or FtM NDJSON',
  )
  .requiredOption('--format <format>', EXPORT_FORMAT_NAMES.join(' | '))
  .option('--id <id>', 'export the neighbourhood of this entity (default: the whole graph, first 10000 nodes by id)')
  .option('--depth <n>', 'hops from --id, 1 to 3 (default 1)')
  .option('--types <types>', 'relationship types to follow, comma-separated')
  .option('--direction <direction>', 'OUTGOING | INCOMING | BOTH (with --id)')
  .option('--status <statuses>', 'relationship statuses, comma-separated')
  .option('--as-of <date>', 'only relationships holding on this date (2019, 2022-05, 2022-05-05)')
  .option('--limit <n>', 'most nodes (neighbourhood: 200, at most 1000; whole graph: at most 10000)')
  .option('--part <part>', 'csv only: edges (default) or nodes')
  .option('--out <file>', 'write here instead of stdout')
  .action(async (options: ExportCommandOptions) => {
    // Reads only: an unmigrated graph exports as it is, and read-only credentials suffice.
    const graph = await openGraph(loadConfig(), { log: say, migrate: false });
    try {
      await runExport(graph.runner, options, say);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      say(`export: ${error.message}`);
      process.exitCode = EXIT.REFUSED;
    } finally {
      await graph.close();
    }
  });

program
  .command('screen')
  .description('screen a file of names (CSV or FtM NDJSON) against the graph: matches, listings and exposure per query')
  .argument('<file>', "the queries, or '-' for stdin (with --format)")
  .option('--format <format>', 'csv | ftm (default: from the extension)')
  .option('--output-format <format>', 'ndjson | csv', 'ndjson')
  .option('--out <file>', 'write here instead of stdout')
  .option('--resume', 'with --out: skip the keys --out holds already, and append')
  .option(
    '--threshold <score>',
    `score from which a candidate is a match, 0 to 1 (default ${SCREEN_DEFAULTS.threshold})`,
  )
  .option(
    '--matches <n>',
    `matches per query, best first, 1 to ${SCREEN_DEFAULTS.maxMatches} (default ${SCREEN_DEFAULTS.matches})`,
  )
  .option(
    '--hops <n>',
    `exposure within this many hops of a match, 1 to ${SCREEN_DEFAULTS.maxHops} (default ${SCREEN_DEFAULTS.hops})`,
  )
  .option(
    '--exposures <n>',
    `nearest exposures per match, 1 to ${SCREEN_DEFAULTS.maxExposures} (default ${SCREEN_DEFAULTS.exposures})`,
  )
  .option('--lists <ids>', 'only listings on these lists count, comma-separated')
  .option('--as-of <date>', 'listings and path edges holding on this date (2019, 2022-05, 2022-05-05)')
  .option('--status <statuses>', 'listing statuses that count, comma-separated (default ACTIVE)')
  .option('--kinds <kinds>', 'only candidates of these kinds, comma-separated')
  .option('--topics <topics>', 'only candidates with any of these FtM topics, comma-separated')
  .option('--exclude-ids <ids>', 'never these entities, comma-separated')
  .addHelpText('after', SCREEN_HELP)
  .action(async (file: string, options: ScreenCommandOptions) => {
    checkScreenArguments(file, options);
    // Reads only, like export: read-only credentials suffice.
    const graph = await openGraph(loadConfig(), { log: say, migrate: false });
    try {
      await runScreen(graph.runner, file, options, say);
    } finally {
      await graph.close();
    }
  });

program
  .command('extract')
  .description(
    "propose an article's entities and relationships (names linked to the graph, links typed by cue words, " +
      'verbatim quotes); prints the draft for `ingest`, writes nothing',
  )
  .argument(
    '<file>',
    'the article: an optional header of `Key: value` lines (Title, Publisher, Published, Authors, URL) and `---`, then its text',
  )
  .option('--id <id>', 'the article id (default: a slug of the title)')
  .option('--title <title>', 'the title (default: the header’s Title, else the file name)')
  .option('--threshold <score>', 'match score from which a name is a stored entity, 0 to 1 (default 0.7)')
  .option('--full', 'print the whole extraction (mentions with offsets and candidates, proposals) instead of the draft')
  .action(async (file: string, options: ExtractCommandOptions) => {
    const graph = await openGraph(loadConfig(), { log: say, migrate: false });
    try {
      await runExtract(graph.runner, path.resolve(file), options);
    } finally {
      await graph.close();
    }
  });

program.parseAsync().catch((error: unknown) => {
  const { line, code } = describeFailure(error);
  // Commander has printed its own usage errors and help already.
  if (line) say(`entity-graph: ${line}`);
  process.exit(code);
});
