import {
  ENTITY_LABEL,
  isEntityKind,
  type EntityKind,
  isSymmetricType,
  normalizedId,
  validateGraphDocument,
  symmetricFactKey,
} from '../model';
import type { GraphDocument } from '../model';
import { emptyImportCounts, type ImportCounts } from './import-counts';
import { recordImportChanges } from './change-feed.store';
import type { CountingTransaction, CypherRunner } from './cypher-runner';
import { lockWriteKeys, relationshipIdKey } from './write-locks';
import { type ImportOptions, timed, DEFAULT_BATCH_SIZE, invalidDocumentError, REUSE_PLAN } from './import-batches';
import { ENSURE_ENTITIES_OF_KIND, importEntities } from './entity-import.store';
import { planRelationships, writeRelationships } from './relationship-import.store';
import { EXPOSURE_INDEX_KEY, lowersExposureIndex, relaxExposureIndex } from './exposure-index.store';

/*
 * The one write path for graph documents: the seed, the `ingest` mutation and the streaming
 * importer. Batched with UNWIND and grouped by kind and type: per `batchSize` rows, one static
 * statement per kind upserts entities, one set-based statement checks relationship ids against
 * the types the graph holds at all, and one static statement per type creates relationships,
 * so round trips grow with batches, not rows, and each plan is cached once. One statement first
 * takes the write locks (src/store/write-locks.ts) that keep those checks true until commit
 * under concurrent writers.
 */

export type { ImportCounts } from './import-counts';
export {
  DEFAULT_BATCH_SIZE,
  describeDocumentError,
  invalidDocumentError,
  timed,
  type ImportOptions,
  type PhaseTimings,
} from './import-batches';

/**
 * Writes a validated document inside `tx`: the write locks of its relationships first, then
 * entities (MERGE on id, kind label from the registry), then relationships (checked against
 * the graph, created or updated). Throws ConflictError, naming the records, when the document
 * contradicts the graph (an entity of another kind, a relationship id used by another type or
 * other endpoints, a symmetric fact already stored under another id, a vanished endpoint), and
 * InvalidInputError when it states one symmetric fact twice; the caller's transaction then
 * rolls back.
 */
export async function importDocument(
  tx: CountingTransaction,
  doc: GraphDocument,
  options: ImportOptions = {},
): Promise<ImportCounts> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer`);
  const counts = emptyImportCounts();
  // Before anything else: entity writes take node locks too, and locking slots later would let
  // two writers each hold one lock the other waits for.
  const { timings } = options;
  await timed(timings, 'lock', () =>
    lockWriteKeys(tx, [
      ...doc.relationships.flatMap(({ id, type, from, to }) =>
        isSymmetricType(type) ? [relationshipIdKey(id), symmetricFactKey(type, from, to)] : [relationshipIdKey(id)],
      ),
      ...(doc.relationships.some(lowersExposureIndex) ? [EXPOSURE_INDEX_KEY] : []),
    ]),
  );
  const written = await timed(timings, 'entities', async () => {
    const implied = options.implied ?? [];
    const impliedWritten =
      implied.length > 0
        ? await importEntities(tx, implied, batchSize, counts, ENSURE_ENTITIES_OF_KIND, 'implied')
        : [];
    return [...impliedWritten, ...(await importEntities(tx, doc.entities, batchSize, counts))];
  });
  const writes = await timed(timings, 'preflight', () => planRelationships(tx, doc.relationships, batchSize, counts));
  await timed(timings, 'create', () => writeRelationships(tx, doc.relationships, writes, batchSize));
  await timed(timings, 'exposure', () => relaxExposureIndex(tx, doc.relationships));
  // Last: the feed's counter lock is held until commit (src/store/change-feed.store.ts).
  await timed(timings, 'feed', () => recordImportChanges(tx, written, writes, counts));
  return counts;
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Entity ids a raw document refers to (endpoints, evidence articles) without defining them. */
function externalReferences(raw: unknown): string[] {
  if (!isObject(raw)) return [];
  const defined = new Set(
    arrayOf(raw['entities']).map((entity) => (isObject(entity) ? normalizedId(entity['id']) : undefined)),
  );
  const referenced = new Set<string>();
  const add = (value: unknown): void => {
    const id = normalizedId(value);
    if (id !== undefined && !defined.has(id)) referenced.add(id);
  };
  for (const relationship of arrayOf(raw['relationships'])) {
    if (!isObject(relationship)) continue;
    add(relationship['from']);
    add(relationship['to']);
    for (const evidence of arrayOf(relationship['evidence'])) {
      if (isObject(evidence)) add(evidence['article'] ?? evidence['dataset']);
    }
  }
  return [...referenced];
}

// One row holding a list, not a row per id: Bolt's per-record cost outweighed the seek.
const KINDS_BY_ID = `${REUSE_PLAN} UNWIND $ids AS id MATCH (e:${ENTITY_LABEL} {id: id}) USING INDEX e:${ENTITY_LABEL}(id)
  RETURN collect([id, e.kind]) AS found`;

/** Runs one read statement: a transaction's run, or a runner's read. */
type RunStatement = <T extends Record<string, unknown>>(
  cypher: string,
  params: Record<string, unknown>,
) => Promise<T[]>;

/**
 * Validates a raw document; entities it refers to without defining them are looked up in the
 * graph (one query, through `run`) unless the caller already knows their kinds. Throws
 * InvalidInputError with every problem in `details`.
 */
async function validateAgainstGraph(
  run: RunStatement,
  raw: unknown,
  knownEntityKinds: ReadonlyMap<string, EntityKind> | undefined,
  options: ImportOptions,
): Promise<GraphDocument> {
  // Only the referenced ids: the caller's map may hold a whole import's entities.
  const known = new Map<string, EntityKind>();
  const unknownIds: string[] = [];
  for (const id of externalReferences(raw)) {
    const kind = knownEntityKinds?.get(id);
    if (kind === undefined) unknownIds.push(id);
    else known.set(id, kind);
  }
  for (const entity of options.implied ?? []) known.set(entity.id, entity.kind);
  const result = await timed(options.timings, 'validate', async () => {
    if (unknownIds.length > 0) {
      const [{ found }] = await run<{ found: [string, unknown][] }>(KINDS_BY_ID, { ids: unknownIds });
      for (const [id, kind] of found) if (isEntityKind(kind) && !known.has(id)) known.set(id, kind);
    }
    return validateGraphDocument(raw, { knownEntityKinds: known });
  });
  if (!result.ok) throw invalidDocumentError(result.errors);
  return result.document;
}

/**
 * Validates a raw document (seed file, `ingest` input) and imports it in one write
 * transaction: either all of it applies or nothing. The look-up of entities it refers to runs
 * in the same transaction. Throws InvalidInputError (ConflictError for clashes with the
 * graph) with every problem in `details`.
 */
export async function importGraphDocument(
  runner: CypherRunner,
  raw: unknown,
  knownEntityKinds?: ReadonlyMap<string, EntityKind>,
  options: ImportOptions = {},
): Promise<ImportCounts> {
  return runner.write(async (tx) => {
    const document = await validateAgainstGraph(
      (cypher, params) => tx.run(cypher, params),
      raw,
      knownEntityKinds,
      options,
    );
    return importDocument(tx, document, options);
  }, options.timeoutMs);
}

/**
 * Validates a raw document for a later importDocument, reading the graph outside any write
 * transaction, so a streaming import validates its next batch while one commits; entities in
 * `knownEntityKinds` (say, ones this import wrote) are not looked up. Sound because an entity's
 * kind never changes, and an endpoint deleted in between is reported by the write as a clash.
 */
export function prepareGraphDocument(
  runner: CypherRunner,
  raw: unknown,
  options: ImportOptions = {},
  knownEntityKinds?: ReadonlyMap<string, EntityKind>,
): Promise<GraphDocument> {
  return validateAgainstGraph((cypher, params) => runner.read(cypher, params), raw, knownEntityKinds, options);
}

/** True when the graph holds no entity at all (the cue to load the seed). */
export async function isGraphEmpty(runner: CypherRunner): Promise<boolean> {
  const [row] = await runner.read<{ empty: boolean }>(`RETURN NOT EXISTS { MATCH (:${ENTITY_LABEL}) } AS empty`);
  return row.empty;
}
