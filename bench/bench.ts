import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import type { Service } from '../src/http/service';
import { CypherCapture } from './capture';
import { entityId, HUB_INDEXES, type GeneratorOptions } from './ftm-generator';
import { describeGenerated, importGenerated, writeGenerated, type Generated, type ImportFigures } from './harness';
import { deepCursor, measureQueries } from './latency';
import { pickEntities, querySet, randomPairs } from './queries';
import { evaluateTargets, machine, packageVersions, type BenchResult } from './report';
import { measureThroughput, type ThroughputResult } from './throughput';

/*
 * One bench run on a started service: generate, import, the latency query set, and (unless
 * skipped) throughput against @neo4j/graphql; shared by `npm run bench` and the smoke test.
 */

/** Import batches of 10,000 rows may outlast a request's cap on a loaded machine. */
const IMPORT_TIMEOUT_MS = 600_000;

export interface BenchOptions extends GeneratorOptions {
  runs: number;
  warmup: number;
  /** shortestPath pairs, drawn with the seed. */
  pairs: number;
  /** Pages walked at most to reach the deep cursor of the hub. */
  deepPages: number;
  throughput?: { neo4jUri: string; connections: number; seconds: number; rounds: number };
  /**
   * The database already holds this graph (loaded by `import --bulk`): only a sample of
   * `onlineSample` entities of its own prefix goes through the online importer, into the full graph.
   */
  loaded?: { onlineSample: number };
  neo4jSettings: Record<string, string>;
}

export interface BenchTarget {
  service: Service;
  /** Installed on the service's driver before its first request. */
  capture: CypherCapture;
  /** A plain driver for the replays. */
  driver: Driver;
  database: string;
}

export async function runBench(
  target: BenchTarget,
  workDir: string,
  options: BenchOptions,
  log: (message: string) => void,
): Promise<BenchResult> {
  log(`bench: generating ${options.entities} entities (seed ${options.seed})…`);
  let generated: Omit<Generated, 'file'>;
  let imported: ImportFigures;
  const importRunner = target.service.runner.withTimeout(IMPORT_TIMEOUT_MS);
  if (options.loaded) {
    // The graph is in already: its degrees are derived, not its 800 MB file written again at 1M.
    generated = await describeGenerated(options);
    // A prefix of its own per run: a sample already in the kept graph would re-import as unchanged.
    const prefix = `online${Date.now().toString(36)}`;
    const sample = { entities: options.loaded.onlineSample, seed: options.seed, prefix };
    log(`bench: graph already loaded; importing an online sample of ${sample.entities} entities into it…`);
    const sampleFile = await writeGenerated(path.join(workDir, 'online-sample.ndjson'), sample);
    imported = await importGenerated(importRunner, sampleFile.file);
  } else {
    const written = await writeGenerated(path.join(workDir, 'input.ndjson'), options);
    generated = written;
    log(`bench: importing ${written.lines} FtM lines…`);
    imported = await importGenerated(importRunner, written.file);
  }
  log(`bench: ${imported.relationshipsPerSecond} relationships/s (${imported.seconds.toFixed(1)} s)`);
  const picked = pickEntities(generated.degrees);
  const degree = (id: string): number => generated.degrees.get(id) ?? 0;
  const entities = {
    hub: { id: picked.hub, degree: degree(picked.hub) },
    small: { id: picked.small, degree: degree(picked.small) },
    median: { id: picked.median, degree: degree(picked.median) },
  };
  const url = target.service.url;
  const cursor = await deepCursor(url, picked.hub, entities.hub.degree, options.deepPages);
  const queries = querySet(picked, randomPairs(generated.degrees, options.seed, options.pairs), cursor);
  const latency = await measureQueries(
    { url, runner: target.service.runner, capture: target.capture, driver: target.driver, database: target.database },
    queries,
    options.runs,
    options.warmup,
    log,
  );
  let throughput: ThroughputResult | undefined;
  if (options.throughput) {
    const { neo4jUri, ...load } = options.throughput;
    const prefix = options.prefix ?? 'gen';
    throughput = await measureThroughput(
      neo4jUri,
      [
        {
          name: 'owners of the ownership hub (OWNS in, 50)',
          id: entityId(prefix, HUB_INDEXES[1]),
          type: 'OWNS',
          peerField: 'ownersConnection',
        },
        {
          name: 'directors of the 50-edge node (DIRECTS in, 50)',
          id: picked.small,
          type: 'DIRECTS',
          peerField: 'directorsConnection',
        },
      ],
      load,
      log,
    );
  }
  const server = await target.driver.getServerInfo();
  const result: Omit<BenchResult, 'targets'> = {
    date: new Date().toISOString(),
    machine: machine(),
    versions: packageVersions(),
    neo4j: { server: server.agent ?? 'unknown', settings: options.neo4jSettings },
    scale: { entities: options.entities, seed: options.seed, lines: generated.lines, runs: options.runs },
    import: imported,
    entities,
    latency: latency.figures,
    failures: latency.failures,
    throughput,
    benchProcessPeakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  return { ...result, targets: evaluateTargets(result) };
}
