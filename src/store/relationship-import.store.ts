import {
  ENTITY_LABEL,
  isSymmetricType,
  RELATIONSHIP_TYPE_NAMES,
  type RelationshipType,
  symmetricDuplicate,
  symmetricFactKey,
  type DocumentError,
} from '../model';
import type { RelationshipRecord } from '../model';
import { type ImportCounts } from './import-counts';
import type { CountingTransaction } from './cypher-runner';
import { SYMMETRIC_TYPES } from './patterns';
import { relationshipProps, withEndpointIds } from './records';

import {
  PresentProps,
  presentProps,
  chunks,
  conflictError,
  rejection,
  when,
  REUSE_PLAN,
  groupBy,
} from './import-batches';

/* The import's relationship statements: the preflight against the graph, then creates and updates per type. */

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
    const earlier = { described: `relationships[${first}] ("${relationships[first].id}")`, stored: false };
    errors.push(symmetricDuplicate(`relationships[${index}]`, relationship.id, relationship.type, earlier));
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
export async function planRelationships(
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
      conflicts.push(
        symmetricDuplicate(`relationships[${index}]`, row.id, row.type, {
          described: `the existing relationship "${id}"`,
          stored: true,
        }),
      );
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
          reason: 'conflict',
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

export async function writeRelationships(
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
        reason: 'conflict',
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
