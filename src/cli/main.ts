#!/usr/bin/env node
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { printApiSchema } from '../api/schema';
import { ConfigError, loadConfig } from '../config';
import { DEV_HOME, LocalNeo4j, LocalNeo4jError, REPO_ROOT } from '../db/local-neo4j';
import { startService } from '../http/service';

const say = (message: string): void => void process.stderr.write(`${message}\n`);

function localNeo4j(): LocalNeo4j {
  const { neo4j } = loadConfig();
  return new LocalNeo4j({ home: DEV_HOME, port: neo4j.localPort, heap: neo4j.localHeap, log: say });
}

async function serve(): Promise<void> {
  const service = await startService(loadConfig());
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    service.logger.info(`${signal}: shutting down`);
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        service.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

const program = new Command()
  .name('entity-graph')
  .description('A typed GraphQL service over a Neo4j graph of who is connected to whom.')
  .showHelpAfterError();

program
  .command('serve', { isDefault: true })
  .description('serve GraphQL on PORT (starts a local Neo4j when NEO4J_URI is unset)')
  .action(serve);

const neo4jCommand = program.command('neo4j').description('the local, Docker-free Neo4j (data in .neo4j/dev)');
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
    if (options.write) writeFileSync(path.join(REPO_ROOT, 'schema', 'schema.graphql'), sdl);
    else process.stdout.write(sdl);
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof LocalNeo4jError) {
    say(`entity-graph: ${error.message}`);
  } else {
    say(`entity-graph: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  process.exit(1);
});
