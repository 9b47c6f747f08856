import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { importNdjson } from '../src/ingest/ndjson-import';
import type { FtmEntity } from '../src/model/ftm';
import type { CypherRunner } from '../src/store/cypher-runner';
import { generateFtm, type GeneratorOptions } from './ftm-generator';

/*
 * The data steps of `npm run bench --entities N`, shared with the smoke run in `npm test`:
 * generate FtM NDJSON (streamed to a file, only a degree per entity kept) and import it.
 */

/** FtM properties naming an edge's or a sanction's endpoints, as the generator writes them. */
const ENDPOINT_PROPERTIES = ['owner', 'asset', 'director', 'organization', 'subject', 'object', 'entity'];

export interface Generated {
  file: string;
  lines: number;
  /** Edges per entity id, counted while writing: picks the hub and the small node without a query. */
  degrees: Map<string, number>;
}

/** Lines and endpoint degrees of the generated graph, and each entity as it goes by (to write it). */
async function tally(options: GeneratorOptions, each: (entity: FtmEntity) => Promise<void> | void) {
  const degrees = new Map<string, number>();
  let lines = 0;
  for (const entity of generateFtm(options)) {
    lines += 1;
    for (const name of ENDPOINT_PROPERTIES) {
      for (const id of entity.properties[name] ?? []) degrees.set(id, (degrees.get(id) ?? 0) + 1);
    }
    await each(entity);
  }
  return { lines, degrees };
}

/** What the bench needs of a graph already loaded (by import --bulk): nothing written. */
export const describeGenerated = (options: GeneratorOptions): Promise<Omit<Generated, 'file'>> =>
  tally(options, () => undefined);

export async function writeGenerated(file: string, options: GeneratorOptions): Promise<Generated> {
  const out = createWriteStream(file);
  const { lines, degrees } = await tally(options, async (entity) => {
    if (!out.write(`${JSON.stringify(entity)}\n`)) await new Promise<void>((resolve) => out.once('drain', resolve));
  });
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

/** The import step, behind one function: the online importer, strict (every generated line must be accepted). */
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
