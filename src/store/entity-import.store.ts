import { LISTED_NEAR, LISTED_WITHIN } from './exposure-index.store';
import { ENTITY_KINDS, ENTITY_LABEL, KIND_LABEL, type EntityKind, kindClash, type DocumentError } from '../model';
import type { EntityRecord } from '../model';
import { type ImportCounts } from './import-counts';
import { type EntityOutcome } from './change-feed.store';
import type { CountingTransaction } from './cypher-runner';
import { entityProps } from './records';

import { presentProps, chunks, conflictError, when, REUSE_PLAN, groupBy } from './import-batches';

/* The import's entity statements: one upsert per kind, and the implied entities it only ensures. */

const ENTITY_OUTCOMES = `RETURN sum(CASE outcome WHEN 'created' THEN 1 ELSE 0 END) AS created,
         sum(CASE outcome WHEN 'updated' THEN 1 ELSE 0 END) AS updated,
         sum(CASE outcome WHEN 'unchanged' THEN 1 ELSE 0 END) AS unchanged,
         collect(CASE outcome WHEN 'clash' THEN {index: row.index, storedKind: storedKind} END) AS clashes,
         collect(CASE WHEN outcome IN ['created', 'updated'] THEN {index: row.index, outcome: outcome} END) AS written`;

// The written properties plus the exposure index's bound and listed neighbours, which the store
// keeps, not the document (a map projection needs a variable: `props` is row.props). Where
// listedNear is, a bound is too (exposure-index.store.ts).
const KEEPING_INDEX_BOUND = `CASE WHEN stored.${LISTED_WITHIN} IS NULL THEN props
  WHEN stored.${LISTED_NEAR} IS NULL THEN props { .*, ${LISTED_WITHIN}: stored.${LISTED_WITHIN} }
  ELSE props { .*, ${LISTED_WITHIN}: stored.${LISTED_WITHIN}, ${LISTED_NEAR}: stored.${LISTED_NEAR} } END`;

// One static statement per kind, its label spelled from the registry. The stored kind is read
// before SET so a clash is reported, not overwritten; a node MERGE just created has no kind yet.
const UPSERT_ENTITIES_OF_KIND = new Map(
  ENTITY_KINDS.map((kind) => [
    kind,
    `${REUSE_PLAN} UNWIND $rows AS row
  MERGE (e:${ENTITY_LABEL} {id: row.id})
  WITH e, row, e.kind AS storedKind, properties(e) AS stored, row.props AS props
  WITH e, row, storedKind, stored, props, CASE
      WHEN storedKind IS NULL THEN 'created'
      WHEN storedKind <> row.props.kind THEN 'clash'
      WHEN stored = ${KEEPING_INDEX_BOUND} THEN 'unchanged'
      ELSE 'updated'
    END AS outcome
  ${when("outcome IN ['created', 'updated']", `SET e = ${KEEPING_INDEX_BOUND}, e:${KIND_LABEL[kind]}`)}
  ${ENTITY_OUTCOMES}`,
  ]),
);

// Implied entities (a list named by a sanction) are created when absent and never overwrite
// what the graph holds: the entity's own line, wherever it is in the file, says more.
export const ENSURE_ENTITIES_OF_KIND = new Map(
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

interface EntityBatchResult {
  created: number;
  updated: number;
  unchanged: number;
  clashes: { index: number; storedKind: string }[];
  written: { index: number; outcome: EntityOutcome['outcome'] }[];
}

export async function importEntities(
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
      conflicts.push(kindClash(`${path}[${index}].kind`, id, kind, storedKind as EntityKind));
    }
  }
  if (conflicts.length > 0) throw conflictError(conflicts);
  return written;
}
