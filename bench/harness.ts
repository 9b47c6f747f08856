import { mkdirSync, writeFileSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { importNdjson } from '../src/export/ndjson-import';
import type { FtmEntity } from '../src/model/ftm';
import { evidenceSource } from '../src/model/graph-document';
import type { CypherRunner } from '../src/store/cypher-runner';
import { entitiesByIds } from '../src/store/entity.store';
import { relationshipPagesForEntities } from '../src/store/relationship.store';
import { generateFtm, type GeneratorOptions } from './ftm-generator';
import { percentile, timeRuns } from './stats';

/*
 * The steps of `npm run bench --entities N`, shared with the smoke run in `npm test`:
 * generate FtM NDJSON, import it through the real importer, time an entity page of the biggest
 * hub and of a node of about 50 edges through GraphQL and through the driver, and write results.
 */

/** FtM properties naming an edge's or a sanction's endpoints, as the generator writes them. */
const ENDPOINT_PROPERTIES = ['owner', 'asset', 'director', 'organization', 'subject', 'object', 'entity'];

export interface Generated {
  file: string;
  lines: number;
  /** Edges per entity id, counted while writing: picks the hub and the small node without a query. */
  degrees: Map<string, number>;
}

export async function writeGenerated(file: string, options: GeneratorOptions): Promise<Generated> {
  const out = createWriteStream(file);
  const degrees = new Map<string, number>();
  let lines = 0;
  const count = (entity: FtmEntity): void => {
    for (const name of ENDPOINT_PROPERTIES) {
      for (const id of entity.properties[name] ?? []) degrees.set(id, (degrees.get(id) ?? 0) + 1);
    }
  };
  for (const entity of generateFtm(options)) {
    lines += 1;
    count(entity);
    if (!out.write(`${JSON.stringify(entity)}\n`)) await new Promise<void>((resolve) => out.once('drain', resolve));
  }
  out.end();
  await finished(out);
  return { file, lines, degrees };
}

export interface ImportFigures {
  seconds: number;
  relationshipsCreated: number;
  entitiesCreated: number;
  relationshipsPerSecond: number;
}

/** The online importer, strict: the generator's lines must all be accepted. */
export async function importGenerated(runner: CypherRunner, file: string): Promise<ImportFigures> {
  const started = performance.now();
  const { counts } = await importNdjson(runner, file, {
    format: 'ftm',
    batchSize: 10_000,
    strict: true,
    defaultDataset: 'synthetic',
    today: new Date().toISOString().slice(0, 10),
    onFlaw: () => undefined,
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds,
    relationshipsCreated: counts.relationshipsCreated,
    entitiesCreated: counts.entitiesCreated,
    relationshipsPerSecond: Math.round(counts.relationshipsCreated / seconds),
  };
}

/** The biggest hub, and the entity whose degree is closest to 50. */
export function pickEntities(degrees: ReadonlyMap<string, number>): { hub: string; small: string } {
  const entries = [...degrees].sort(([a], [b]) => (a < b ? -1 : 1));
  const hub = entries.reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
  const small = entries.reduce((best, entry) =>
    Math.abs(entry[1] - 50) < Math.abs(best[1] - 50) && entry[0] !== hub ? entry : best,
  )[0];
  return { hub, small };
}

export const PAGE_QUERY = `query($id: ID!) { entity(id: $id) { id name relationships(first: 50) {
  totalCount edges { node { id type status since from { id name } to { id name } evidence { quote source { id name } } } } } } }`;

export interface Percentiles {
  p50: number;
  p99: number;
}

export interface PageFigures {
  id: string;
  degree: number;
  /** Cypher queries one request makes, counted by the service's runner. */
  roundTrips: { graphql: number; driver: number };
  graphql: Percentiles;
  driver: Percentiles;
}

const percentiles = (samples: readonly number[]): Percentiles => ({
  p50: percentile(samples, 50),
  p99: percentile(samples, 99),
});

/**
 * An entity page (50 relationships, endpoints, evidence sources) through GraphQL over HTTP and
 * as the same three Cypher queries through the driver, A/B interleaved so noise hits both.
 */
export async function measurePages(
  target: { url: string; runner: CypherRunner },
  entities: { id: string; degree: number }[],
  runs: number,
  warmup: number,
): Promise<PageFigures[]> {
  const viaGraphql = (id: string) => async (): Promise<void> => {
    const response = await fetch(`${target.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: PAGE_QUERY, variables: { id } }),
    });
    const body = (await response.json()) as { errors?: unknown; data?: { entity?: unknown } };
    if (body.errors || !body.data?.entity) throw new Error(`page of ${id}: ${JSON.stringify(body.errors ?? body)}`);
  };
  const viaDriver = (id: string) => async (): Promise<void> => {
    await entitiesByIds(target.runner, [id]);
    const pages = await relationshipPagesForEntities(target.runner, [id], { direction: 'BOTH' }, 50);
    const rows = pages.get(id)?.rows ?? [];
    const referenced = rows.flatMap((row) => [row.from, row.to, ...row.evidence.map(evidenceSource)]);
    await entitiesByIds(target.runner, [...new Set(referenced)]);
  };
  const figures: PageFigures[] = [];
  const roundTrips = async (request: () => Promise<void>): Promise<number> => {
    const before = target.runner.queryCount;
    await request();
    return target.runner.queryCount - before;
  };
  for (const { id, degree } of entities) {
    await timeRuns(warmup, viaGraphql(id));
    await timeRuns(warmup, viaDriver(id));
    const trips = { graphql: await roundTrips(viaGraphql(id)), driver: await roundTrips(viaDriver(id)) };
    const graphql: number[] = [];
    const driver: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      driver.push(...(await timeRuns(1, viaDriver(id))));
      graphql.push(...(await timeRuns(1, viaGraphql(id))));
    }
    figures.push({ id, degree, roundTrips: trips, graphql: percentiles(graphql), driver: percentiles(driver) });
  }
  return figures;
}

export interface BenchResult {
  date: string;
  machine: { cpus: number; model: string; node: string; platform: string };
  scale: { entities: number; seed: number; lines: number };
  import: ImportFigures;
  pages: { hub: PageFigures; small: PageFigures };
  ratios: {
    hubOverSmallDriver: number;
    hubOverSmallGraphql: number;
    graphqlOverDriverHub: number;
    graphqlOverDriverSmall: number;
  };
}

export function benchResult(
  scale: BenchResult['scale'],
  imported: ImportFigures,
  [hub, small]: PageFigures[],
): BenchResult {
  return {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model ?? 'cpu',
      node: process.version,
      platform: os.platform(),
    },
    scale,
    import: imported,
    pages: { hub, small },
    ratios: {
      hubOverSmallDriver: hub.driver.p50 / small.driver.p50,
      hubOverSmallGraphql: hub.graphql.p50 / small.graphql.p50,
      graphqlOverDriverHub: hub.graphql.p50 / hub.driver.p50,
      graphqlOverDriverSmall: small.graphql.p50 / small.driver.p50,
    },
  };
}

const verdict = (value: number, target: number): string =>
  `${value.toFixed(2)} (${value <= target ? 'met' : 'not met'})`;

export function resultMarkdown(result: BenchResult): string {
  const { hub, small } = result.pages;
  const ms = (value: number): string => value.toFixed(2);
  return [
    '# Benchmark results',
    '',
    `Run ${result.date} on ${result.machine.cpus} cores (${result.machine.model}), Node ${result.machine.node}: ` +
      `${result.scale.entities} generated entities (seed ${result.scale.seed}, ${result.scale.lines} FtM lines).`,
    'Timings on a shared machine are noisy: read the ratios, not the absolute numbers.',
    '',
    '| measure | result | target (DESIGN §7) |',
    '| --- | --- | --- |',
    `| online FtM import (${result.import.relationshipsCreated} relationships, ${result.import.entitiesCreated} entities) | ` +
      `${result.import.relationshipsPerSecond} relationships/s (${result.import.seconds.toFixed(1)} s) | ≥ 50,000/s |`,
    `| hub page (${hub.degree} edges), GraphQL p50 / p99 | ${ms(hub.graphql.p50)} / ${ms(hub.graphql.p99)} ms | |`,
    `| hub page, driver p50 / p99 | ${ms(hub.driver.p50)} / ${ms(hub.driver.p99)} ms | |`,
    `| small page (${small.degree} edges), GraphQL p50 / p99 | ${ms(small.graphql.p50)} / ${ms(small.graphql.p99)} ms | |`,
    `| small page, driver p50 / p99 | ${ms(small.driver.p50)} / ${ms(small.driver.p99)} ms | |`,
    `| Cypher queries per hub page request, GraphQL / driver | ${hub.roundTrips.graphql} / ${hub.roundTrips.driver} | one per nesting level |`,
    `| hub ÷ small page, driver p50 | ${verdict(result.ratios.hubOverSmallDriver, 2)} | ≤ 2 |`,
    `| hub ÷ small page, GraphQL p50 | ${verdict(result.ratios.hubOverSmallGraphql, 2)} | ≤ 2 |`,
    `| GraphQL ÷ driver p50, hub page | ${verdict(result.ratios.graphqlOverDriverHub, 1.15)} | ≤ 1.15 |`,
    `| GraphQL ÷ driver p50, small page | ${verdict(result.ratios.graphqlOverDriverSmall, 1.15)} | ≤ 1.15 |`,
    '',
  ].join('\n');
}

/** Writes `<date>-<entities>.json` and `latest.md` into `dir`; returns their paths. */
export function writeResult(dir: string, result: BenchResult): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `${result.date.slice(0, 10)}-${result.scale.entities}.json`);
  const markdown = path.join(dir, 'latest.md');
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(markdown, resultMarkdown(result));
  return { json, markdown };
}
