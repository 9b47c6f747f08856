import type { EntityRecord, RelationshipType } from '../model';
import { cypherInt, type CountingTransaction, type CypherRunner } from './cypher-runner';
import type { ImportCounts } from './import-counts';
import { entityProps, entityRow, relationshipRow, type EntityRow, type RelationshipRow } from './records';

/*
 * The change feed: every committed write records what it changed as `:Change` nodes in the
 * same transaction, so a change is in the feed exactly when it is in the graph (Neo4j
 * Community has no change data capture). Sequence numbers come from one counter node that the
 * recording statement locks: the lock is held until commit, so a second writer gets its
 * numbers only after the first committed, and numbers become visible in order. A tailer that
 * reads `seq > last` therefore never skips one that commits later. The price is that writers
 * serialize on the counter at the very end of their transactions (after every other lock, so
 * no deadlock cycle runs through it); a rolled-back write rolls its numbers back too, so the
 * sequence has no gaps except where retention trimmed it.
 */

export const CHANGE_LABEL = 'Change';
/** The counter node; not `:Entity`, so it never shows in the graph. */
export const CHANGE_FEED_LABEL = 'ChangeFeed';
export const CHANGE_FEED_NAME = 'changes';

export type ChangeTarget = 'ENTITY' | 'RELATIONSHIP';
export type ChangeOp = 'CREATED' | 'UPDATED' | 'DELETED';

/** What a write recorded: the new state, or for DELETED the state just before it went. */
export interface ChangeInput {
  target: ChangeTarget;
  op: ChangeOp;
  id: string;
  /** The relationship type (relationships only). */
  type: string | null;
  state: EntityRow | RelationshipRow;
  /** Entities the change touches: the entity itself, or a relationship's two endpoints. */
  entityIds: string[];
}

export interface Change extends Omit<ChangeInput, 'state'> {
  seq: number;
  /** ISO 8601 commit time of the writing transaction. */
  at: string;
  /** JSON of EntityRow or RelationshipRow. */
  state: string;
}

export function entityChange(op: ChangeOp, state: EntityRow): ChangeInput {
  return { target: 'ENTITY', op, id: state.id, type: null, state, entityIds: [state.id] };
}

export function relationshipChange(op: ChangeOp, state: RelationshipRow): ChangeInput {
  return { target: 'RELATIONSHIP', op, id: state.id, type: state.type, state, entityIds: [state.from, state.to] };
}

/** Store properties as read back from Neo4j (a projection of a node or relationship). */
export const entityChangeOf = (op: ChangeOp, props: Record<string, unknown>): ChangeInput =>
  entityChange(op, entityRow(props));
export const relationshipChangeOf = (op: ChangeOp, props: Record<string, unknown>): ChangeInput =>
  relationshipChange(op, relationshipRow(props));

/** Changes per pack: a bulk import records its changes in bounded nodes and statements. */
const RECORD_BATCH = 10_000;

// The documented explicit-lock pattern: write the counter first (exclusive lock until commit),
// then read it, so no concurrent writer can read the same value (a plain `SET seq = seq + n`
// may read before it locks). MERGE keeps a database emptied under a running service working;
// the uniqueness constraint makes concurrent creation of the counter safe.
// One `:Change` node holds a pack of consecutive changes (seq..lastSeq) as parallel lists: a
// 10,000-row import batch writes one node and one index entry, not 10,000 (the import's commit
// cost was dominated by them); readers unpack, so every change keeps its own seq.
const RECORD_CHANGES = `MERGE (feed:${CHANGE_FEED_LABEL} {name: '${CHANGE_FEED_NAME}'})
  SET feed.locked = true
  WITH feed, coalesce(feed.seq, 0) AS base
  SET feed.seq = base + size($ids)
  REMOVE feed.locked
  CREATE (c:${CHANGE_LABEL} {seq: base + 1, lastSeq: base + size($ids), targets: $targets, ops: $ops, ids: $ids,
                             types: $types, states: $states, at: datetime.transaction()})`;

/** Records `changes` in `tx`, numbered in order. Call last in a write transaction (see above). */
export async function recordChanges(tx: CountingTransaction, changes: readonly ChangeInput[]): Promise<void> {
  for (let start = 0; start < changes.length; start += RECORD_BATCH) {
    const batch = changes.slice(start, start + RECORD_BATCH);
    await tx.run(RECORD_CHANGES, {
      targets: batch.map((change) => change.target),
      ops: batch.map((change) => change.op),
      ids: batch.map((change) => change.id),
      // Neo4j lists hold no nulls: '' stands for an entity's missing type.
      types: batch.map((change) => change.type ?? ''),
      states: batch.map((change) => JSON.stringify(change.state)),
    });
  }
  if (changes.length > 0) tx.onCommit((observer) => observer.changesCommitted());
}

/** An entity row of an import that changed the graph (unchanged rows record nothing). */
export interface EntityOutcome {
  entity: EntityRecord;
  outcome: 'created' | 'updated';
}

/** A relationship an import wrote, as its planner decided: stored endpoints and properties. */
export interface RelationshipWrite {
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  props: Record<string, string | string[]>;
  exists?: boolean;
}

/** The import's one call into the feed: its real changes, and its row counts for the metrics. */
export async function recordImportChanges(
  tx: CountingTransaction,
  entities: readonly EntityOutcome[],
  relationships: readonly RelationshipWrite[],
  counts: ImportCounts,
): Promise<void> {
  await recordChanges(tx, [
    ...entities.map(({ entity, outcome }) =>
      entityChange(outcome === 'created' ? 'CREATED' : 'UPDATED', entityRow(entityProps(entity))),
    ),
    ...relationships.map(({ exists, props, type, from, to }) =>
      relationshipChange(exists ? 'UPDATED' : 'CREATED', relationshipRow({ ...props, type, from, to })),
    ),
  ]);
  tx.onCommit((observer) => observer.rowsImported(counts));
}

const LATEST = `COLLECT { MATCH (feed:${CHANGE_FEED_LABEL} {name: '${CHANGE_FEED_NAME}'}) RETURN feed.seq }[0]`;

export interface ChangePage {
  rows: Change[];
  totalCount: number;
  hasNextPage: boolean;
  /** The newest seq in the feed when the page was read. */
  latest: number;
}

/** A pack's slice [lo, hi] of changes, unpacked; packs written before packing hold one change each. */
interface PackSlice {
  seq: number;
  at: string;
  targets: ChangeTarget[];
  ops: ChangeOp[];
  ids: string[];
  types: string[];
  states: string[];
}

// `start` is the first seq kept after $after (retention may have trimmed past it); sequence
// numbers have no gaps from there, so the page is start..start+$limit-1 and the total is
// latest-start+1. Each pack overlapping the page is sliced once, then unwound.
const READ_CHANGES = `WITH ${LATEST} AS latest,
       COLLECT { MATCH (c:${CHANGE_LABEL}) WHERE c.lastSeq > $after
                 RETURN c.seq ORDER BY c.lastSeq LIMIT 1 }[0] AS firstKept
  WITH latest, firstKept, CASE WHEN firstKept > $after THEN firstKept ELSE $after + 1 END AS start
  RETURN latest, CASE WHEN firstKept IS NULL THEN 0 ELSE latest - start + 1 END AS total,
    COLLECT {
      MATCH (c:${CHANGE_LABEL}) USING INDEX c:${CHANGE_LABEL}(lastSeq)
      WHERE c.lastSeq >= start AND c.seq < start + $limit
      WITH c ORDER BY c.lastSeq LIMIT $limit
      WITH c, CASE WHEN c.seq >= start THEN 0 ELSE start - c.seq END AS lo,
           CASE WHEN c.lastSeq < start + $limit THEN c.lastSeq - c.seq ELSE start + $limit - 1 - c.seq END AS hi
      RETURN {seq: c.seq + lo, at: toString(c.at), targets: c.targets[lo..hi + 1], ops: c.ops[lo..hi + 1],
              ids: c.ids[lo..hi + 1], types: c.types[lo..hi + 1], states: c.states[lo..hi + 1]} AS pack
      ORDER BY c.lastSeq
    } AS packs`;

/** What a change touches, as entityChange and relationshipChange derive it from the state. */
function entityIdsOf(target: ChangeTarget, state: string): string[] {
  const parsed = JSON.parse(state) as { id: string; from?: string; to?: string };
  return target === 'ENTITY' ? [parsed.id] : [parsed.from as string, parsed.to as string];
}

/** Changes after `after` (a seq; 0 or less: from the oldest kept), oldest first, an index range scan. */
export async function readChanges(
  runner: CypherRunner,
  after: number,
  first: number,
  { withTotal = true }: { withTotal?: boolean } = {},
): Promise<ChangePage> {
  const [row] = await runner.read<{ total: number; packs: PackSlice[]; latest: number | null }>(READ_CHANGES, {
    after: cypherInt(Math.max(0, after)),
    limit: cypherInt(first + 1),
  });
  const rows = row.packs.flatMap((pack) =>
    pack.ids.map((id, index): Change => ({
      seq: pack.seq + index,
      at: pack.at,
      target: pack.targets[index],
      op: pack.ops[index],
      id,
      type: pack.types[index] || null,
      state: pack.states[index],
      entityIds: entityIdsOf(pack.targets[index], pack.states[index]),
    })),
  );
  return {
    rows: rows.slice(0, first),
    totalCount: withTotal ? row.total : 0,
    hasNextPage: rows.length > first,
    latest: row.latest ?? 0,
  };
}

/** The newest seq and the oldest kept one (0 and 0 on an empty feed). */
export async function feedBounds(runner: CypherRunner): Promise<{ latest: number; oldest: number }> {
  const [row] = await runner.read<{ latest: number | null; oldest: number | null }>(
    `RETURN ${LATEST} AS latest,
       COLLECT { MATCH (c:${CHANGE_LABEL}) WHERE c.seq > 0 RETURN c.seq AS seq ORDER BY seq LIMIT 1 }[0] AS oldest`,
  );
  return { latest: row.latest ?? 0, oldest: row.oldest ?? 0 };
}

/**
 * Deletes up to `limit` packs of changes older than `before` (oldest first, along the seq index,
 * so each call is one bounded transaction); returns how many went. Call again while it returns `limit`.
 */
export async function trimChanges(runner: CypherRunner, before: Date, limit: number): Promise<number> {
  return runner.write(async (tx) => {
    const [row] = await tx.run<{ trimmed: number }>(
      `MATCH (c:${CHANGE_LABEL}) WHERE c.seq > 0
       WITH c ORDER BY c.seq LIMIT $limit
       WITH c WHERE c.at < datetime($before)
       DELETE c RETURN count(*) AS trimmed`,
      { before: before.toISOString(), limit: cypherInt(limit) },
    );
    return row.trimmed;
  });
}
