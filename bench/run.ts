import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { startService } from '../src/http/service';
import { benchResult, importGenerated, measurePages, pickEntities, writeGenerated, writeResult } from './harness';
import { benchNeo4j } from './neo4j';

/*
 * `npm run bench -- --entities N [--seed S] [--runs R]`: generated FtM data through the online
 * importer into a throw-away Neo4j (or NEO4J_URI), then an entity page of the biggest hub and of a
 * node of about 50 edges, GraphQL vs driver, interleaved. Writes bench/results/<date>-<N>.json and
 * bench/results/latest.md.
 */
const log = (message: string): void => void process.stderr.write(`${message}\n`);

async function main(): Promise<void> {
  const options = new Command()
    .option(
      '--entities <n>',
      'generated entities (about 5 relationships each)',
      (value) => Number.parseInt(value, 10),
      10_000,
    )
    .option('--seed <s>', 'generator seed', (value) => Number.parseInt(value, 10), 1)
    .option('--runs <r>', 'interleaved samples per page and path', (value) => Number.parseInt(value, 10), 200)
    .parse()
    .opts<{ entities: number; seed: number; runs: number }>();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-bench-'));
  const neo4j = await benchNeo4j(log);
  const config = loadConfig({
    ...process.env,
    NEO4J_URI: neo4j.uri,
    PORT: '0',
    LOG_LEVEL: 'silent',
    QUERY_TIMEOUT_MS: '600000',
  });
  const service = await startService(config, { logger: pino({ level: 'silent' }) });
  try {
    log(`bench: generating ${options.entities} entities (seed ${options.seed})…`);
    const generated = await writeGenerated(path.join(dir, 'input.ndjson'), options);
    log(`bench: importing ${generated.lines} FtM lines…`);
    const imported = await importGenerated(service.runner, generated.file);
    log(`bench: ${imported.relationshipsPerSecond} relationships/s (${imported.seconds.toFixed(1)} s)`);
    const { hub, small } = pickEntities(generated.degrees);
    const entities = [hub, small].map((id) => ({ id, degree: generated.degrees.get(id) ?? 0 }));
    log(`bench: pages of ${entities.map(({ id, degree }) => `${id} (${degree} edges)`).join(' and ')}…`);
    const pages = await measurePages(service, entities, options.runs, 30);
    const result = benchResult(
      { entities: options.entities, seed: options.seed, lines: generated.lines },
      imported,
      pages,
    );
    const files = writeResult(path.join(__dirname, 'results'), result);
    log(
      `bench: hub ÷ small (driver) ${result.ratios.hubOverSmallDriver.toFixed(2)}, GraphQL ÷ driver (hub) ${result.ratios.graphqlOverDriverHub.toFixed(2)}`,
    );
    log(
      `bench: results written to ${path.relative(process.cwd(), files.json)} and ${path.relative(process.cwd(), files.markdown)}`,
    );
  } finally {
    await service.close();
    await neo4j.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
