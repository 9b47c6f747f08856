import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { InvalidInputError, FtmFlaw, type FtmFlawReason, type FtmImportOptions } from '../model';
import type { EntityKind, EntityRecord, RelationshipRecord, DocumentError } from '../model';
import type { CypherRunner } from '../store';
import {
  importDocument,
  prepareGraphDocument,
  timed,
  type ImportCounts,
  type PhaseTimings,
  emptyImportCounts,
} from '../store';
import { mapFtmEntity } from './ftm-to-graph';

/*
 * `entity-graph import`: NDJSON in (FtM, or our graph records one per line), the graph store's
 * write path out, in batched transactions. Two passes over the input: entities first, then
 * relationships, so an edge may name entities that come later in the file; stdin is spooled to
 * a temporary file for the second pass. Memory holds one batch plus the ids of implied records
 * (lists, authorities, datasets) and the kinds of up to KNOWN_KINDS_MAX entities written,
 * whatever the file size.
 */

/**
 * Entities whose kinds the import remembers from its writes, so the relationship pass need not
 * look up their endpoints in the graph (a fifth of Neo4j's CPU at 100k rows): ~100 MB at most.
 */
const KNOWN_KINDS_MAX = 1_000_000;

export const IMPORT_FORMATS = ['ftm', 'graph'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export type FlawReason = FtmFlawReason | 'conflict';

export interface LineFlaw {
  line: number;
  reason: FlawReason;
  message: string;
}

export interface NdjsonImportOptions {
  format: ImportFormat;
  batchSize: number;
  strict: boolean;
  /** Dataset cited by FtM lines that name none. */
  defaultDataset: string;
  today: string;
  onFlaw(flaw: LineFlaw): void;
  /** Called after every batch: bytes read so far (both passes), rows written so far. */
  onProgress?(progress: { bytes: number; rows: number }): void;
}

export interface NdjsonImportResult {
  counts: ImportCounts;
  lines: number;
  skipped: Partial<Record<FlawReason, number>>;
  timings: PhaseTimings;
}

/** A `--strict` import stopped at its first flaw; the batch holding it was not written. */
export class StrictImportError extends Error {
  override name = 'StrictImportError';
  constructor(readonly flaw: LineFlaw) {
    super(`line ${flaw.line}: ${flaw.reason}: ${flaw.message}`);
  }
}

/**
 * The flaws of one import: each line reported and counted once by reason; with `strict`, the
 * first one throws. Shared by the online and the bulk importer, so both report alike.
 */
export function flawTally(strict: boolean, onFlaw?: (flaw: LineFlaw) => void) {
  const skipped: Partial<Record<FlawReason, number>> = {};
  const flawedLines = new Set<number>();
  const flaw = (found: LineFlaw): void => {
    if (strict) throw new StrictImportError(found);
    if (flawedLines.has(found.line)) return;
    flawedLines.add(found.line);
    skipped[found.reason] = (skipped[found.reason] ?? 0) + 1;
    onFlaw?.(found);
  };
  return { skipped, flawedLines: flawedLines as ReadonlySet<number>, flaw };
}

interface Located<T> {
  line: number;
  record: T;
}

interface Batch {
  entities: Located<EntityRecord>[];
  implied: Located<EntityRecord>[];
  relationships: Located<RelationshipRecord>[];
}

const emptyBatch = (): Batch => ({ entities: [], implied: [], relationships: [] });
const batchRows = (batch: Batch): number => batch.entities.length + batch.implied.length + batch.relationships.length;

/** What one input line holds, as records of ours; throws FtmFlaw when it cannot be read. */
export function recordsOfLine(
  text: string,
  options: Pick<NdjsonImportOptions, 'format'>,
  ftmOptions: FtmImportOptions,
): {
  entities: EntityRecord[];
  implied: EntityRecord[];
  relationships: RelationshipRecord[];
  impliedEdges: RelationshipRecord[];
} {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new FtmFlaw('invalid-value', `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (options.format === 'ftm') {
    const mapped = mapFtmEntity(raw, ftmOptions);
    return {
      entities: mapped.entities,
      implied: mapped.derived,
      relationships: mapped.relationships,
      impliedEdges: mapped.derivedRelationships,
    };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FtmFlaw('invalid-value', 'is not a JSON object');
  }
  // Our graph records: an entity has a kind, a relationship a type; the validator checks the rest.
  if ('kind' in raw) return { entities: [raw as EntityRecord], implied: [], relationships: [], impliedEdges: [] };
  if ('type' in raw) return { entities: [], implied: [], relationships: [raw as RelationshipRecord], impliedEdges: [] };
  throw new FtmFlaw('missing-property', 'a graph record needs "kind" (an entity) or "type" (a relationship)');
}

export const describe = (error: DocumentError): string =>
  `${error.path.replace(/^(entities|relationships|implied)\[\d+\]\.?/, '') || 'record'}: ${error.message}`;

const succeeded = (work: Promise<void>): Promise<boolean> =>
  work.then(
    () => true,
    () => false,
  );

/** Lines of a file, with their numbers; stops reading when the consumer stops. */
export async function* numberedLines(
  input: Readable,
  onBytes: (bytes: number) => void,
): AsyncGenerator<[number, string]> {
  input.on('data', (chunk: Buffer | string) => onBytes(chunk.length));
  let number = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    number += 1;
    if (line.trim() !== '') yield [number, line];
  }
}

/**
 * Imports NDJSON from `file` ('-' for stdin). Flawed lines are reported through `onFlaw` and
 * skipped; with `strict`, the first one throws StrictImportError and its batch is not written.
 */
export async function importNdjson(
  runner: CypherRunner,
  file: string,
  options: NdjsonImportOptions,
): Promise<NdjsonImportResult> {
  const spoolDir = file === '-' ? await mkdtemp(path.join(os.tmpdir(), 'entity-graph-import-')) : undefined;
  const source = spoolDir === undefined ? file : path.join(spoolDir, 'stdin.ndjson');
  const ftmOptions: FtmImportOptions = { today: options.today, defaultDataset: options.defaultDataset };
  const timings: PhaseTimings = {};
  const counts = emptyImportCounts();
  const { skipped, flawedLines, flaw } = flawTally(options.strict, options.onFlaw);
  const impliedSeen = new Set<string>();
  const writtenKinds = new Map<string, EntityKind>();
  let bytes = 0;
  let rows = 0;
  let lines = 0;

  /**
   * Writes a batch in one transaction once `turn` (the previous batch) has succeeded, having
   * validated it meanwhile; in a lenient import, drops flawed records and tries again.
   */
  async function write(batch: Batch, turn: Promise<void>): Promise<void> {
    for (;;) {
      if (batchRows(batch) === 0) return;
      // Per attempt: a failed attempt's phases are not the import's.
      const attempt: PhaseTimings = {};
      try {
        const importOptions = {
          batchSize: options.batchSize,
          timings: attempt,
          implied: batch.implied.map(({ record }) => record),
        };
        const document = await prepareGraphDocument(
          runner,
          {
            entities: batch.entities.map(({ record }) => record),
            relationships: batch.relationships.map(({ record }) => record),
          },
          importOptions,
          writtenKinds,
        );
        // After a failed batch, its error ends the import (submit rethrows it): this one is dropped.
        if (!(await succeeded(turn))) return;
        const result = await timed(attempt, 'write', () =>
          runner.write((tx) => importDocument(tx, document, importOptions)),
        );
        for (const [phase, ms] of Object.entries(attempt)) timings[phase] = (timings[phase] ?? 0) + ms;
        for (const key of Object.keys(counts) as (keyof ImportCounts)[]) counts[key] += result[key];
        // Committed, so each entity now has this kind in the graph (a clash would have failed the batch).
        for (const { id, kind } of [...document.entities, ...importOptions.implied]) {
          if (writtenKinds.size >= KNOWN_KINDS_MAX) break;
          writtenKinds.set(id, kind);
        }
        rows += batchRows(batch);
        options.onProgress?.({ bytes, rows });
        return;
      } catch (error) {
        if (!(error instanceof InvalidInputError) || !error.details?.length) throw error;
        const bad = { entities: new Set<number>(), implied: new Set<number>(), relationships: new Set<number>() };
        for (const detail of error.details) {
          const match = /^(entities|implied|relationships)\[(\d+)\]/.exec(detail.path);
          if (match === null) throw error;
          const part = match[1] as keyof Batch;
          const index = Number(match[2]);
          bad[part].add(index);
          flaw({ line: batch[part][index].line, reason: detail.reason, message: describe(detail) });
        }
        batch = {
          entities: batch.entities.filter((_, index) => !bad.entities.has(index)),
          implied: batch.implied.filter((_, index) => !bad.implied.has(index)),
          relationships: batch.relationships.filter((_, index) => !bad.relationships.has(index)),
        };
      }
    }
  }

  /**
   * The last batch submitted. The next batch is read, parsed and validated while it commits;
   * batches commit one at a time and in order, and none after one that failed.
   */
  let last: Promise<void> = Promise.resolve();
  async function submit(batch: Batch): Promise<void> {
    const turn = last;
    last = write(batch, turn);
    last.catch(() => undefined); // awaited by the next submit or at the end of the pass
    await turn;
  }

  async function pass(which: 'entities' | 'relationships', input: Readable): Promise<void> {
    try {
      await readPass(which, input);
    } finally {
      // Nothing is written after we return; an earlier batch's failure comes first.
      await last;
    }
  }

  async function readPass(which: 'entities' | 'relationships', input: Readable): Promise<void> {
    let batch = emptyBatch();
    for await (const [line, text] of numberedLines(input, (read) => (bytes += read))) {
      if (which === 'entities') lines += 1;
      let records;
      try {
        records = await timed(timings, 'parse', async () => recordsOfLine(text, options, ftmOptions));
      } catch (error) {
        if (!(error instanceof FtmFlaw)) throw error;
        // Reported once, in the first pass.
        if (which === 'entities') flaw({ line, reason: error.reason, message: error.message });
        continue;
      }
      if (which === 'entities') {
        for (const record of records.entities) batch.entities.push({ line, record });
        for (const record of records.implied) {
          if (impliedSeen.has(record.id)) continue;
          impliedSeen.add(record.id);
          batch.implied.push({ line, record });
        }
      } else if (!flawedLines.has(line)) {
        for (const record of records.relationships) batch.relationships.push({ line, record });
        for (const record of records.impliedEdges) {
          if (impliedSeen.has(`edge ${record.id}`)) continue;
          impliedSeen.add(`edge ${record.id}`);
          batch.relationships.push({ line, record });
        }
      }
      if (batchRows(batch) >= options.batchSize) {
        await submit(batch);
        batch = emptyBatch();
      }
    }
    await submit(batch);
  }

  try {
    const first = file === '-' ? process.stdin : createReadStream(source);
    if (spoolDir !== undefined) {
      const spool = createWriteStream(source);
      process.stdin.pipe(spool);
      await pass('entities', first);
      await finished(spool);
    } else {
      await pass('entities', first);
    }
    await pass('relationships', createReadStream(source));
    return { counts, lines, skipped, timings };
  } finally {
    if (spoolDir !== undefined) await rm(spoolDir, { recursive: true, force: true });
  }
}

/** Bytes both passes will read, when known (a file, not stdin): the progress bar's total. */
export async function importTotalBytes(file: string): Promise<number | undefined> {
  return file === '-' ? undefined : 2 * (await stat(file)).size;
}
