import {
  ENTITY_KINDS,
  ENTITY_LABEL,
  KIND_LABEL,
  isEntityKind,
  type EntityKind,
  ConflictError,
  InvalidInputError,
  isSymmetricType,
  RELATIONSHIP_TYPE_NAMES,
  type RelationshipType,
  normalizedId,
  validateGraphDocument,
  type DocumentError,
} from '../model';
import type { EntityRecord, GraphDocument, RelationshipRecord } from '../model';
import { emptyImportCounts, type ImportCounts } from './import-counts';
import { recordImportChanges, type EntityOutcome } from './change-feed.store';
import type { CountingTransaction, CypherRunner } from './cypher-runner';
import { SYMMETRIC_TYPES } from './patterns';
import { entityProps, relationshipProps, withEndpointIds, type StoredProps } from './records';
import { lockWriteKeys, relationshipIdKey, symmetricFactKey } from './write-locks';

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

/** Time spent per import phase, in ms, added up over batches (`import --verbose`). */
export type PhaseTimings = Record<string, number>;

export interface ImportOptions {
  /** Rows per UNWIND statement (default DEFAULT_BATCH_SIZE). */
  batchSize?: number;
  /** Transaction timeout for importGraphDocument (default: the runner's). */
  timeoutMs?: number;
  /** When given, the validate, entities, preflight and create phases add their time here. */
  timings?: PhaseTimings;
  /**
   * Entities a document implies rather than states (the list a sanction names): created when
   * absent, never overwriting; errors name them `implied[i]`.
   */
  implied?: readonly EntityRecord[];
}

/** Runs `work`, adding its duration to `timings[phase]` when timings are kept. */
export async function timed<T>(timings: PhaseTimings | undefined, phase: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    if (timings) timings[phase] = (timings[phase] ?? 0) + performance.now() - started;
  }
}

export const DEFAULT_BATCH_SIZE = 10_000;

/** Properties as Neo4j holds them: `SET x = props` drops null entries, so the comparison must too. */
type PresentProps = Record<string, string | string[]>;

function presentProps(props: StoredProps): PresentProps {
  const present: PresentProps = {};
  for (const [name, value] of Object.entries(props)) if (value !== null) present[name] = value;
  return present;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

export function describeDocumentError(error: DocumentError): string {
  return `${error.path || '(document)'}${error.record === undefined ? '' : ` [${error.record}]`}: ${error.message}`;
}

function documentErrorMessage(what: string, errors: readonly DocumentError[]): string {
  const shown = errors.slice(0, 3).map(describeDocumentError);
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  const noun = errors.length === 1 ? 'problem' : 'problems';
  return `${what} (${errors.length} ${noun}, nothing written): ${shown.join('; ')}${more}`;
}

/** The error for a rejected document: every problem in `details`, the first few in the message. */
export function invalidDocumentError(errors: readonly DocumentError[]): InvalidInputError {
  return new InvalidInputError(documentErrorMessage('Invalid graph document', errors), errors);
}

/** The error for a document that clashes with the graph, in the same shape. */
function conflictError(conflicts: readonly DocumentError[]): ConflictError {
  return new ConflictError(documentErrorMessage('The graph document clashes with the graph', conflicts), conflicts);
}

/** A mistake in the document itself outweighs clashes: fixing it comes first, so it names both. */
function rejection(problems: readonly DocumentError[], conflicts: readonly DocumentError[]): InvalidInputError {
  return problems.length > 0 ? invalidDocumentError([...problems, ...conflicts]) : conflictError(conflicts);
}

// ---------------------------------------------------------------- entities

/** `FOREACH` runs its update only when `condition` holds: Cypher's conditional write. */
const when = (condition: string, update: string): string =>
  `FOREACH (_ IN CASE WHEN ${condition} THEN [1] ELSE [] END | ${update})`;

/**
 * Prefix of the import's statements: their plans are fixed by unique keys and index hints, and
 * a graph growing under an import made Neo4j re-plan them whenever its statistics moved (the
 * preflight's 28-type plan cost seconds of CPU each time), so a cached plan is always reused.
 */
const REUSE_PLAN = 'CYPHER replan=skip';

const ENTITY_OUTCOMES = `RETURN sum(CASE outcome WHEN 'created' THEN 1 ELSE 0 END) AS created,
         sum(CASE outcome WHEN 'updated' THEN 1 ELSE 0 END) AS updated,
         sum(CASE outcome WHEN 'unchanged' THEN 1 ELSE 0 END) AS unchanged,
         collect(CASE outcome WHEN 'clash' THEN {index: row.index, storedKind: storedKind} END) AS clashes,
         collect(CASE WHEN outcome IN ['created', 'updated'] THEN {index: row.index, outcome: outcome} END) AS written`;

// One static statement per kind, its label spelled from the registry. The stored kind is read
// before SET so a clash is reported, not overwritten; a node MERGE just created has no kind yet.
const UPSERT_ENTITIES_OF_KIND = new Map(
  ENTITY_KINDS.map((kind) => [
    kind,
    `${REUSE_PLAN} UNWIND $rows AS row
  MERGE (e:${ENTITY_LABEL} {id: row.id})
  WITH e, row, e.kind AS storedKind, properties(e) AS stored
  WITH e, row, storedKind, CASE
      WHEN storedKind IS NULL THEN 'created'
      WHEN storedKind <> row.props.kind THEN 'clash'
      WHEN stored = row.props THEN 'unchanged'
      ELSE 'updated'
    END AS outcome
  ${when("outcome IN ['created', 'updated']", `SET e = row.props, e:${KIND_LABEL[kind]}`)}
  ${ENTITY_OUTCOMES}`,
  ]),
);

// Implied entities (a list named by a sanction) are created when absent and never overwrite
// what the graph holds: the entity's own line, wherever it is in the file, says more.
const ENSURE_ENTITIES_OF_KIND = new Map(
  ENTITY_KINDS.map((kind) => [
    kind,
    `${REUSE_PLAN} UNWIND $rows AS row
  OPTIONAL MATCH (existing:${ENTITY_LABEL} {id: row.id})
  WITH row, existing.kind AS storedKind
  MERGE (e:${ENTITY_LABEL} {id: row.id})
  ON CREATE SET e = row.props, e:${KIND_LABEL[kind]}
  WITH row, storedKind, CASE
      WHEN storedKind IS NULL THEN 'created'
      WHEN storedKind <> row.props.kind THEN 'clash'
      ELSE 'unchanged'
    END AS outcome
  ${ENTITY_OUTCOMES}`,
  ]),
);

/** Rows grouped by a key, in first-seen order. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

interface EntityBatchResult {
  created: number;
  updated: number;
  unchanged: number;
  clashes: { index: number; storedKind: string }[];
  written: { index: number; outcome: EntityOutcome['outcome'] }[];
}

async function importEntities(
  tx: CountingTransaction,
  entities: readonly EntityRecord[],
  batchSize: number,
  counts: ImportCounts,
  statements: ReadonlyMap<EntityKind, string> = UPSERT_ENTITIES_OF_KIND,
  path = 'entities',
): Promise<EntityOutcome[]> {
  const conflicts: DocumentError[] = [];
  const written: EntityOutcome[] = [];
  const rows = entities.map((entity, index) => ({ index, id: entity.id, props: presentProps(entityProps(entity)) }));
  const byKind = groupBy(rows, (row) => entities[row.index].kind);
  for (const [kind, batch] of [...byKind].flatMap(([kind, group]) =>
    chunks(group, batchSize).map((chunk) => [kind, chunk] as const),
  )) {
    const [result] = await tx.run<EntityBatchResult>(statements.get(kind) as string, { rows: batch });
    counts.entitiesCreated += result.created;
    counts.entitiesUpdated += result.updated;
    counts.entitiesUnchanged += result.unchanged;
    written.push(...result.written.map(({ index, outcome }) => ({ entity: entities[index], outcome })));
    for (const { index, storedKind } of result.clashes) {
      const { id, kind } = entities[index];
      conflicts.push({
        path: `${path}[${index}].kind`,
        record: id,
        message: `is ${kind}, but "${id}" is already a ${storedKind} in the graph; an entity's kind cannot change`,
      });
    }
  }
  if (conflicts.length > 0) throw conflictError(conflicts);
  return written;
}

// ----------------------------------------------------------- relationships

/** Symmetric facts are stored once: a document must not state one twice, either way round. */
function symmetricDuplicatesInDocument(relationships: readonly RelationshipRecord[]): DocumentError[] {
  const errors: DocumentError[] = [];
  const firstIndexByFact = new Map<string, number>();
  relationships.forEach((relationship, index) => {
    if (!isSymmetricType(relationship.type)) return;
    const fact = symmetricFactKey(relationship.type, relationship.from, relationship.to);
    const first = firstIndexByFact.get(fact);
    if (first === undefined) {
      firstIndexByFact.set(fact, index);
      return;
    }
    errors.push({
      path: `relationships[${index}]`,
      record: relationship.id,
      message:
        `states the same ${relationship.type} fact as relationships[${first}] ("${relationships[first].id}"); ` +
        'symmetric relationships are stored once',
    });
  });
  return errors;
}

/**
 * Index hints keep endpoint lookups on the id index whatever the statistics were when the plan
 * was cached: planned on a near-empty graph, Neo4j chose a scan of every entity per row.
 */
const SEEK_BOTH_ENDS = `USING INDEX a:${ENTITY_LABEL}(id) USING INDEX b:${ENTITY_LABEL}(id)`;

/** Which relationship types the graph holds at all, in one statement of count-store lookups. */
const PRESENT_TYPES = `${REUSE_PLAN} RETURN [type IN [${RELATIONSHIP_TYPE_NAMES.map(
  (type) => `CASE WHEN EXISTS { ()-[:${type}]->() } THEN '${type}' END`,
).join(', ')}] WHERE type IS NOT NULL] AS present`;

/**
 * What the graph already holds for a batch, in one statement and round trip: the relationship
 * with each id, seeking (by hint) the types in `present` (ids are unique across types), and,
 * for symmetric types present, another relationship of that type between the same two
 * entities either way. `present` is read after the write locks, so no writer can add one of
 * the batch's ids or facts under another type meanwhile; a plan covers only those types (all
 * 28 took Neo4j seconds of CPU to plan). Only ids go in and only found edges' properties come
 * out: the comparison runs in JS, so a new edge costs one index seek and no parameter map.
 */
function preflightStatement(present: readonly RelationshipType[]): string {
  const existing = present.map(
    (type) => `UNWIND range(0, size($ids) - 1) AS row
    MATCH ()-[r:${type} {id: $ids[row]}]->() USING INDEX SEEK r:${type}(id)
    RETURN {index: row, type: type(r), from: startNode(r).id, to: endNode(r).id, props: properties(r)} AS found`,
  );
  const duplicates = SYMMETRIC_TYPES.filter((type) => present.includes(type)).map(
    (type) => `UNWIND coalesce($symmetricRows.${type}, []) AS row
    MATCH (a:${ENTITY_LABEL} {id: row.from})-[r:${type}]-(b:${ENTITY_LABEL} {id: row.to})
    ${SEEK_BOTH_ENDS}
    WHERE r.id <> row.id
    RETURN {index: row.index, id: r.id} AS duplicate`,
  );
  const collect = (parts: string[]): string =>
    parts.length === 0 ? '[]' : `COLLECT {\n    ${parts.join('\n    UNION ALL\n    ')}\n  }`;
  return `${REUSE_PLAN} RETURN ${collect(existing)} AS existing, ${collect(duplicates)} AS duplicates`;
}

/** Preflight statements by the set of types present: a graph gains types only now and then. */
const preflights = new Map<string, string>();
function preflightFor(present: readonly RelationshipType[]): string {
  const key = present.join(' ');
  let statement = preflights.get(key);
  if (statement === undefined) preflights.set(key, (statement = preflightStatement(present)));
  return statement;
}

interface PreflightResult {
  /** `index` is the row's position in the batch. */
  existing: { index: number; type: RelationshipType; from: string; to: string; props: PresentProps }[];
  duplicates: { index: number; id: string }[];
}

/** Whether two stored property maps (strings and string lists only) are equal. */
function sameProps(a: PresentProps, b: PresentProps): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every((name) => {
    const [x, y] = [a[name], b[name]];
    if (!Array.isArray(x) || !Array.isArray(y)) return x === y;
    return x.length === y.length && x.every((item, index) => item === y[index]);
  });
}

interface PlannedRelationship {
  /** Position in the document, for naming the record in errors. */
  index: number;
  id: string;
  type: RelationshipType;
  /** Direction to store: the input's for a new edge, the stored one for an existing edge. */
  from: string;
  to: string;
  props: PresentProps;
  /** Already in the graph (an update), as the preflight found. */
  exists?: boolean;
}

/** Decides, batch by batch, which relationships to create or update; conflicts become errors. */
async function planRelationships(
  tx: CountingTransaction,
  relationships: readonly RelationshipRecord[],
  batchSize: number,
  counts: ImportCounts,
): Promise<PlannedRelationship[]> {
  const problems = symmetricDuplicatesInDocument(relationships);
  const conflicts: DocumentError[] = [];
  const writes: PlannedRelationship[] = [];
  const rows: PlannedRelationship[] = relationships.map((relationship, index) => ({
    index,
    id: relationship.id,
    type: relationship.type,
    from: relationship.from,
    to: relationship.to,
    props: presentProps(relationshipProps(relationship)),
  }));

  // Read once: this transaction's own edges are written after every batch is planned.
  const present = rows.length > 0 ? (await tx.run<{ present: RelationshipType[] }>(PRESENT_TYPES))[0].present : [];
  for (const batch of chunks(rows, batchSize)) {
    const symmetricRows: Partial<Record<RelationshipType, Omit<PlannedRelationship, 'type' | 'props'>[]>> = {};
    for (const { index, id, type, from, to } of batch) {
      if (isSymmetricType(type)) (symmetricRows[type] ??= []).push({ index, id, from, to });
    }
    // An empty graph (the first batch of a fresh import) holds nothing to check against.
    const [{ existing, duplicates }] =
      present.length === 0
        ? [{ existing: [], duplicates: [] }]
        : await tx.run<PreflightResult>(preflightFor(present), { ids: batch.map(({ id }) => id), symmetricRows });

    for (const { index, id } of duplicates) {
      const row = rows[index];
      conflicts.push({
        path: `relationships[${index}]`,
        record: row.id,
        message: `states the same ${row.type} fact as the existing relationship "${id}"; symmetric relationships are stored once`,
      });
    }
    const existingByIndex = new Map(existing.map((stored) => [batch[stored.index].index, stored]));
    for (const row of batch) {
      const stored = existingByIndex.get(row.index);
      if (stored === undefined) {
        counts.relationshipsCreated += 1;
        writes.push({ ...row, exists: false });
        continue;
      }
      const sameEndpoints =
        (stored.from === row.from && stored.to === row.to) ||
        (isSymmetricType(row.type) && stored.from === row.to && stored.to === row.from);
      if (stored.type !== row.type || !sameEndpoints) {
        conflicts.push({
          path: `relationships[${row.index}].id`,
          record: row.id,
          message:
            `"${row.id}" is already the id of ${stored.type} "${stored.from}" → "${stored.to}"; ` +
            'relationship ids are unique across types and a relationship cannot change its type or endpoints',
        });
      } else if (sameProps(stored.props, withEndpointIds(row.props, stored.from, stored.to))) {
        counts.relationshipsUnchanged += 1;
      } else {
        counts.relationshipsUpdated += 1;
        writes.push({ ...row, from: stored.from, to: stored.to, exists: true });
      }
    }
  }
  if (problems.length > 0 || conflicts.length > 0) throw rejection(problems, conflicts);
  return writes;
}

// New edges are CREATEd: the preflight, in this transaction, showed their ids are free, and
// MERGE would walk every edge of a hub endpoint per row. One static statement per type.
const CREATE_RELATIONSHIPS_OF_TYPE = new Map(
  RELATIONSHIP_TYPE_NAMES.map((type) => [
    type,
    `${REUSE_PLAN} UNWIND $rows AS row
  OPTIONAL MATCH (a:${ENTITY_LABEL} {id: row.from}) USING INDEX a:${ENTITY_LABEL}(id)
  OPTIONAL MATCH (b:${ENTITY_LABEL} {id: row.to}) USING INDEX b:${ENTITY_LABEL}(id)
  WITH row, a, b, a IS NOT NULL AND b IS NOT NULL AS linked
  ${when('linked', `CREATE (a)-[r:${type}]->(b) SET r = row.props`)}
  RETURN collect(CASE WHEN NOT linked THEN row.index END) AS missing`,
  ]),
);

// Existing edges keep their endpoints (the preflight checked them) and get the new properties.
const UPDATE_RELATIONSHIPS_OF_TYPE = new Map(
  RELATIONSHIP_TYPE_NAMES.map((type) => [
    type,
    `${REUSE_PLAN} UNWIND $rows AS row
  MATCH ()-[r:${type} {id: row.id}]->() USING INDEX SEEK r:${type}(id)
  SET r = row.props`,
  ]),
);

/** Each type's rows in batches of at most `batchSize`, as [type, batch] pairs. */
function batchesByType(
  writes: readonly PlannedRelationship[],
  batchSize: number,
): [RelationshipType, PlannedRelationship[]][] {
  return [...groupBy(writes, (write) => write.type)].flatMap(([type, group]) =>
    chunks(group, batchSize).map((chunk): [RelationshipType, PlannedRelationship[]] => [type, chunk]),
  );
}

async function writeRelationships(
  tx: CountingTransaction,
  relationships: readonly RelationshipRecord[],
  writes: readonly PlannedRelationship[],
  batchSize: number,
): Promise<void> {
  const conflicts: DocumentError[] = [];
  for (const [type, batch] of batchesByType(
    writes.filter((write) => !write.exists),
    batchSize,
  )) {
    const rows = batch.map(({ index, from, to, props }) => ({
      index,
      from,
      to,
      props: withEndpointIds(props, from, to),
    }));
    const [{ missing }] = await tx.run<{ missing: number[] }>(CREATE_RELATIONSHIPS_OF_TYPE.get(type) as string, {
      rows,
    });
    for (const index of missing) {
      const { id, from, to } = relationships[index];
      conflicts.push({
        path: `relationships[${index}]`,
        record: id,
        message: `links "${from}" to "${to}", but one of them is not in the graph`,
      });
    }
  }
  if (conflicts.length > 0) throw conflictError(conflicts);
  for (const [type, batch] of batchesByType(
    writes.filter((write) => write.exists),
    batchSize,
  )) {
    await tx.run(UPDATE_RELATIONSHIPS_OF_TYPE.get(type) as string, {
      rows: batch.map(({ id, from, to, props }) => ({ id, props: withEndpointIds(props, from, to) })),
    });
  }
}

// ------------------------------------------------------------------ public

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
    lockWriteKeys(
      tx,
      doc.relationships.flatMap(({ id, type, from, to }) =>
        isSymmetricType(type) ? [relationshipIdKey(id), symmetricFactKey(type, from, to)] : [relationshipIdKey(id)],
      ),
    ),
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
