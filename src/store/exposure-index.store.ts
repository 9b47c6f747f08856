/**
 * The exposure index. Each entity that is not an exposure barrier may carry `listedWithin`: a
 * lower bound of the hops (at most MAX_EXPOSURE_HOPS) from it to an entity listed on a sanctions
 * list, over world edges that have not ENDED, through entities that are not barriers. Listings of
 * any status on any list count, and edges at any time: every exposure request filters those
 * further, so its distances are never shorter than the bound. A search for listings within k hops
 * may then skip each entity whose bound exceeds the hops it has left (path.store.ts exposure): it
 * walks towards listings only, so its cost follows the paths to listings near the entity, not the
 * number of listings in the graph nor the whole neighbourhood of a hub.
 *
 * Beside it, `listedNear` (LISTED_NEAR) names the listed neighbours, kept the same way.
 *
 * Writes that add or revive edges or listings lower the bound in their own transaction
 * (relaxExposureIndex), all of them under one write lock: two such writes never run at once, so
 * neither misses the other's edge. Deletes and edges that END leave it as it was: still a lower
 * bound, only looser. A graph written outside the store (the bulk import, raw Cypher) gets it
 * from relaxAllExposureIndex, which the migrations run once per database.
 */
import { ENTITY_LABEL, KIND_LABEL, type RelationshipRecord } from '../model';
import type { CountingTransaction } from './cypher-runner';
import { EXPOSURE_BARRIER_KINDS, MAX_EXPOSURE_HOPS, WORLD_TYPES } from './exploration.store';
import { relTypes } from './patterns';

/** The entity property holding the bound. */
export const LISTED_WITHIN = 'listedWithin';
/**
 * The entity property listing the ids of listed entities next to it (over an edge the index
 * follows): the search's last level reads them instead of a hub's whole adjacency. A superset
 * after deletes; the search checks each edge. Set only where a bound is (a listed neighbour
 * makes the bound at most 1).
 */
export const LISTED_NEAR = 'listedNear';

/** A label expression every entity an exposure path may enter after its start satisfies. */
export const NOT_BARRIER = EXPOSURE_BARRIER_KINDS.map((kind) => `!${KIND_LABEL[kind]}`).join('&');

/** The write-lock key every relaxing writer holds (src/store/write-locks.ts). */
export const EXPOSURE_INDEX_KEY = 'exposure index';

const WORLD = relTypes(WORLD_TYPES);
// No bound stored reads as one more than any bound, so comparisons need no null checks.
const UNSET = MAX_EXPOSURE_HOPS + 1;
const BOUND = (variable: string): string => `coalesce(${variable}.${LISTED_WITHIN}, ${UNSET})`;

/** An edge the index follows: a world edge that has not ENDED (any time). */
const followsEdge = (relationship: Pick<RelationshipRecord, 'type' | 'status'>): boolean =>
  relationship.status !== 'ENDED' && WORLD_TYPES.includes(relationship.type);

/** Whether writing `relationship` may lower the index: an edge it follows, or a listing of any status. */
export const lowersExposureIndex = (relationship: Pick<RelationshipRecord, 'type' | 'status'>): boolean =>
  relationship.type === 'LISTED_ON' || followsEdge(relationship);

const LISTED = `EXISTS { (n)-[:LISTED_ON]->(:${KIND_LABEL.SANCTIONS_LIST}) }`;

/** Entities among $ids that are listed: bound 0. */
const SEED_LISTED = `UNWIND $ids AS id
  MATCH (n:${ENTITY_LABEL} {id: id}) WHERE n:${NOT_BARRIER} AND ${BOUND('n')} > 0 AND ${LISTED}
  SET n.${LISTED_WITHIN} = 0
  RETURN n.id AS id`;

/** Each $pairs' `from` one hop past its `to`: the written edges, each way round. */
const SEED_EDGES = `UNWIND $pairs AS pair
  MATCH (a:${ENTITY_LABEL} {id: pair.from}) WHERE a:${NOT_BARRIER}
  MATCH (b:${ENTITY_LABEL} {id: pair.to}) WHERE b:${NOT_BARRIER} AND ${BOUND('b')} < ${MAX_EXPOSURE_HOPS}
  WITH a, min(${BOUND('b')}) + 1 AS hops WHERE ${BOUND('a')} > hops
  SET a.${LISTED_WITHIN} = hops
  RETURN a.id AS id`;

// Sorted and distinct: the same neighbours give the same list whatever order they were written in.
const SORTED_UNION = (ids: string): string =>
  `COLLECT { UNWIND coalesce(n.${LISTED_NEAR}, []) + ${ids} AS id RETURN DISTINCT id ORDER BY id }`;

/** Adds `l`'s id to the listedNear of each `n` it reaches (rows of l, n). */
const ADD_LISTED_NEAR = `WITH n, collect(DISTINCT l.id) AS near
  SET n.${LISTED_NEAR} = ${SORTED_UNION('near')}`;

/** The neighbours of the newly listed $ids learn of them. */
const NEAR_LISTED = `UNWIND $ids AS id
  MATCH (l:${ENTITY_LABEL} {id: id})-[r${WORLD}]-(n:${NOT_BARRIER}) WHERE r.status <> 'ENDED'
  ${ADD_LISTED_NEAR}`;

/** Each $pairs' `from` learns of its `to` when that is listed. */
const NEAR_EDGES = `UNWIND $pairs AS pair
  MATCH (n:${ENTITY_LABEL} {id: pair.from}) WHERE n:${NOT_BARRIER}
  MATCH (l:${ENTITY_LABEL} {id: pair.to}) WHERE l.${LISTED_WITHIN} = 0
  ${ADD_LISTED_NEAR}`;

/** One round of relaxation from the entities whose bound just fell. */
const PROPAGATE = `UNWIND $ids AS id
  MATCH (f:${ENTITY_LABEL} {id: id}) WHERE ${BOUND('f')} < ${MAX_EXPOSURE_HOPS}
  MATCH (f)-[r${WORLD}]-(n:${NOT_BARRIER}) WHERE r.status <> 'ENDED'
  WITH n, min(${BOUND('f')}) + 1 AS hops WHERE ${BOUND('n')} > hops
  SET n.${LISTED_WITHIN} = hops
  RETURN n.id AS id`;

/**
 * Lowers the bound where `relationships`, just written in `tx`, bring entities closer to a
 * listing: their endpoints, then outwards round by round (at most MAX_EXPOSURE_HOPS rounds).
 * The caller holds EXPOSURE_INDEX_KEY's lock since before it wrote.
 */
export async function relaxExposureIndex(
  tx: CountingTransaction,
  relationships: readonly Pick<RelationshipRecord, 'type' | 'from' | 'to' | 'status'>[],
): Promise<void> {
  // A listing of any status makes its entity listed (requests may ask for ENDED ones).
  const listed = relationships.filter(({ type }) => type === 'LISTED_ON').map(({ from }) => from);
  const followed = relationships.filter(followsEdge);
  if (followed.length === 0 && listed.length === 0) return;
  const pairs = followed.flatMap(({ from, to }) => [
    { from, to },
    { from: to, to: from },
  ]);
  const ids = async (cypher: string, params: Record<string, unknown>): Promise<string[]> =>
    (await tx.run<{ id: string }>(cypher, params)).map((row) => row.id);
  const newlyListed = await ids(SEED_LISTED, { ids: [...new Set(listed)] });
  await tx.run(NEAR_LISTED, { ids: newlyListed });
  await tx.run(NEAR_EDGES, { pairs });
  let frontier = [...new Set([...newlyListed, ...(await ids(SEED_EDGES, { pairs }))])];
  for (let round = 0; frontier.length > 0 && round < MAX_EXPOSURE_HOPS; round += 1) {
    frontier = await ids(PROPAGATE, { ids: frontier });
  }
}

/**
 * The whole graph's bounds, lowered level by level from every listed entity: the build after a
 * bulk import or the migration that introduced the index. Only ever lowers a bound, so it is safe
 * to repeat; `IN TRANSACTIONS`, so it needs an auto-commit session (migrations.ts).
 */
export const RELAX_ALL_EXPOSURE_INDEX = [
  `MATCH (n:${ENTITY_LABEL}) WHERE n:${NOT_BARRIER} AND ${BOUND('n')} > 0 AND ${LISTED}
   CALL (n) { SET n.${LISTED_WITHIN} = 0 } IN TRANSACTIONS OF 10000 ROWS`,
  `MATCH (l:${ENTITY_LABEL}) WHERE l.${LISTED_WITHIN} = 0
   CALL (l) {
     MATCH (l)-[r${WORLD}]-(n:${NOT_BARRIER}) WHERE r.status <> 'ENDED' AND NOT l.id IN coalesce(n.${LISTED_NEAR}, [])
     SET n.${LISTED_NEAR} = ${SORTED_UNION('[l.id]')}
   } IN TRANSACTIONS OF 100 ROWS`,
  ...Array.from(
    { length: MAX_EXPOSURE_HOPS },
    (_, level) =>
      `MATCH (f:${ENTITY_LABEL}) WHERE f.${LISTED_WITHIN} = ${level}
       CALL (f) {
         MATCH (f)-[r${WORLD}]-(n:${NOT_BARRIER}) WHERE r.status <> 'ENDED' AND ${BOUND('n')} > ${level + 1}
         SET n.${LISTED_WITHIN} = ${level + 1}
       } IN TRANSACTIONS OF 1000 ROWS`,
  ),
];
