/**
 * Paths and sanctions exposure: shortest paths and alternatives between two entities, and the
 * lists within a few hops of one. Searches are bounded in depth and rows, and past the runner's
 * timeout by a deadline of their own.
 */
import { KIND_LABEL, NotFoundError, QueryTimeoutError, ResultTooLargeError } from '../model';
import { cypherInt, type CypherRunner } from './cypher-runner';
import { relTypes } from './patterns';
import { entityRow, holdsAsOf, RELATIONSHIP_PROJECTION, relationshipRow } from './records';
import {
  MAX_PATH_DEPTH,
  DEFAULT_SHORTEST_PATH_DEPTH,
  DEFAULT_PATHS_DEPTH,
  DEFAULT_PATHS_LIMIT,
  MAX_PATHS_LIMIT,
  MAX_EXPOSURE_HOPS,
  DEFAULT_EXPOSURE_HOPS,
  MAX_EXPOSURES,
  WORLD_TYPES,
  EXPOSURE_BARRIER_KINDS,
  GraphPath,
  PathRequest,
  ExposureRequest,
  Exposure,
  PathProps,
  ExposureProps,
  boundedInt,
  asOfParam,
  statusesParam,
  EDGE_FILTER,
  toPath,
  pathProjection,
} from './exploration.store';

/** Past the transaction timeout, a request waits this much longer for Neo4j's own timeout error. */
const DEADLINE_GRACE_MS = 1000;

/**
 * `query`'s answer, or a QueryTimeoutError once the runner's timeout (plus a grace) has passed:
 * Neo4j 5.26's SHORTEST does not stop when its transaction is terminated, so the request would
 * otherwise wait for the search to end (its session closes when it does).
 */
async function withinDeadline<T>(runner: CypherRunner, query: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new QueryTimeoutError('The query ran past its time limit')),
      runner.timeoutMs + DEADLINE_GRACE_MS,
    );
  });
  // Once the deadline has answered, the query's own outcome has nobody to go to.
  query.catch(() => undefined);
  try {
    return await Promise.race([query, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Up to `count` shortest simple paths between two entities (no node twice), shortest first,
 * then those with fewer non-ACTIVE edges. Neo4j 5 `SHORTEST k` takes a literal k and the
 * quantifier literal bounds: both are validated integers, never request text.
 */
async function shortestPaths(
  runner: CypherRunner,
  request: PathRequest,
  maxDepth: number,
  count: number,
): Promise<GraphPath[]> {
  const types = relTypes(request.types?.length ? request.types : WORLD_TYPES);
  const statuses = statusesParam(request.statuses);
  const asOf = asOfParam(request.asOf);
  const filtered = statuses !== null || asOf !== null;
  // Neo4j 5.26 searches SHORTEST breadth-first only without an edge predicate or a path check: with
  // either it enumerates walks, past the transaction timeout (which it does not observe) at 5M edges.
  // One filtered path takes the bidirectional breadth-first shortestPath(), which tests all() per
  // edge as it goes (it fails when both ends are one node, which SHORTEST answers at once).
  const search =
    count === 1 && filtered && request.from !== request.to
      ? `MATCH p = shortestPath((a)-[rs${types}*..${maxDepth}]-(b)) WHERE all(r IN rs WHERE ${EDGE_FILTER})
         RETURN ${pathProjection()}`
      : `MATCH p = SHORTEST ${count} ((a) ((x)-[r${types}${filtered ? ` WHERE ${EDGE_FILTER}` : ''}]-(y)){0,${maxDepth}} (b)
           ${
             // A single shortest walk never repeats a node, so only k > 1 needs the simple-path check.
             count > 1 ? 'WHERE all(i IN range(0, size(x) - 1) WHERE NOT y[i] IN x[0..i + 1])' : ''
           })
         WITH p ORDER BY length(p), size([r IN relationships(p) WHERE r.status <> 'ACTIVE']), [r IN relationships(p) | r.id]
         RETURN ${pathProjection()}`;
  const [row] = await withinDeadline(
    runner,
    runner.read<{ fromFound: boolean; toFound: boolean; paths: PathProps[] }>(
      `OPTIONAL MATCH (a:Entity {id: $from})
       OPTIONAL MATCH (b:Entity {id: $to})
       RETURN a IS NOT NULL AS fromFound, b IS NOT NULL AS toFound, COLLECT { ${search} } AS paths`,
      { from: request.from, to: request.to, statuses, asOf },
    ),
  );
  if (!row.fromFound) throw new NotFoundError(`Entity ${request.from} does not exist`);
  if (!row.toFound) throw new NotFoundError(`Entity ${request.to} does not exist`);
  return row.paths.map(toPath);
}

/** The shortest path between two entities, or null when none exists within maxDepth. */
export async function shortestPath(runner: CypherRunner, request: PathRequest): Promise<GraphPath | null> {
  const maxDepth = boundedInt('maxDepth', request.maxDepth, DEFAULT_SHORTEST_PATH_DEPTH, 1, MAX_PATH_DEPTH);
  const [path] = await shortestPaths(runner, request, maxDepth, 1);
  return path ?? null;
}

/** Up to `limit` alternative paths, shortest first: why two entities are connected. */
export async function paths(
  runner: CypherRunner,
  request: PathRequest & { limit?: number | null },
): Promise<GraphPath[]> {
  const maxDepth = boundedInt('maxDepth', request.maxDepth, DEFAULT_PATHS_DEPTH, 1, MAX_PATH_DEPTH);
  const limit = boundedInt('limit', request.limit, DEFAULT_PATHS_LIMIT, 1, MAX_PATHS_LIMIT);
  return shortestPaths(runner, request, maxDepth, limit);
}

const BARRIER_LABELS = EXPOSURE_BARRIER_KINDS.map((kind) => `!${KIND_LABEL[kind]}`).join('&');
const LISTING = `(listed)-[l:LISTED_ON]->(list:SanctionsList)
  WHERE l.status IN $listingStatuses AND ($lists IS NULL OR list.id IN $lists) AND ${holdsAsOf('l')}`;

/** Past this many hops from a hub, the listings-side search below does not apply. */
const LISTINGS_SIDE_MAX_HOPS = 2;

/** An edge an exposure path may take: a world edge that has not ENDED and holds asOf. */
const EXPOSURE_EDGE = (r: string) => `${r}${relTypes(WORLD_TYPES)} WHERE ${r}.status <> 'ENDED' AND ${holdsAsOf(r)}`;

/**
 * From a hub, one shortest path to each listed entity found from the listed side: is it the
 * entity itself, next to it, or next to one of its neighbours. Each listed entity walks its
 * own edges only; the hub's adjacency is only probed by Expand(Into), which walks the smaller
 * side of each pair, once per distinct middle node (another hub next to many listed entities is
 * probed once), so neither time nor memory grows with the hub's degree.
 */
const HUB_EXPOSURE = `
  MATCH ${LISTING}
  WITH DISTINCT start, listed
  CALL (start, listed) {
    WITH start, listed WHERE listed = start
    RETURN [start] AS pathNodes, [] AS pathEdges
    UNION ALL
    WITH start, listed WHERE listed <> start AND listed:${BARRIER_LABELS}
    MATCH (start)-[${EXPOSURE_EDGE('r')}]-(listed)
    RETURN [start, listed] AS pathNodes, [r] AS pathEdges ORDER BY r.id LIMIT 1
  }
  RETURN pathNodes, pathEdges, listed
  UNION ALL
  MATCH ${LISTING}
  WITH DISTINCT start, listed
  WHERE $maxHops >= 2 AND listed <> start AND listed:${BARRIER_LABELS}
    AND NOT EXISTS { (start)-[${EXPOSURE_EDGE('r')}]-(listed) }
  // Only listed imported: its own edges are walked, and the hub is reached from the middle node.
  CALL (listed) {
    MATCH (listed)-[${EXPOSURE_EDGE('second')}]-(middle:${BARRIER_LABELS})
    RETURN middle, second
  }
  WITH start, listed, middle, second WHERE middle <> start AND middle <> listed
  WITH start, middle, collect({ listed: listed, second: second }) AS reached
  CALL (start, middle) {
    MATCH (start)-[${EXPOSURE_EDGE('first')}]-(middle)
    RETURN first ORDER BY first.id LIMIT 1
  }
  UNWIND reached AS item
  WITH item.listed AS listed, [start, middle, item.listed] AS pathNodes, [first, item.second] AS pathEdges
    ORDER BY middle.id, first.id, item.second.id
  WITH listed, head(collect({ nodes: pathNodes, edges: pathEdges })) AS path
  RETURN path.nodes AS pathNodes, path.edges AS pathEdges, listed`;

/**
 * Listings within `maxHops` of an entity (itself at 0 hops), each with a shortest path to the
 * listed entity, nearest first. Paths use world edges that have not ENDED and hold asOf,
 * and never pass through EXPOSURE_BARRIER_KINDS (so never through a listing edge either).
 * The search runs whichever way costs less: towards each listed entity in turn (a search per
 * listing, from the smaller side) while the entity has fewer edges than the graph has listings;
 * from a hub, from each listed entity's side (HUB_EXPOSURE, up to LISTINGS_SIDE_MAX_HOPS).
 * Paths are projected only for the rows returned.
 */
export async function exposure(runner: CypherRunner, request: ExposureRequest): Promise<Exposure[]> {
  const maxHops = boundedInt('maxHops', request.maxHops, DEFAULT_EXPOSURE_HOPS, 1, MAX_EXPOSURE_HOPS);
  const first = request.first == null ? null : boundedInt('first', request.first, MAX_EXPOSURES, 1, MAX_EXPOSURES);
  const steps = `((x)-[${EXPOSURE_EDGE('r')}]-(y:${BARRIER_LABELS})){0,${maxHops}}`;
  const isHub = `COUNT { (start)-[${relTypes(WORLD_TYPES)}]-() } > COUNT { ()-[:LISTED_ON]->() }`;
  const search =
    maxHops > LISTINGS_SIDE_MAX_HOPS
      ? `MATCH p = SHORTEST 1 (start) ${steps} (listed:Entity) WHERE EXISTS { MATCH ${LISTING} }
         WITH nodes(p) AS pathNodes, relationships(p) AS pathEdges, listed`
      : `CALL (start) {
           WITH start WHERE NOT ${isHub}
           MATCH ${LISTING}
           WITH DISTINCT start, listed
           MATCH p = SHORTEST 1 (start) ${steps} (listed)
           RETURN nodes(p) AS pathNodes, relationships(p) AS pathEdges, listed
           UNION ALL
           WITH start WHERE ${isHub}
           CALL (start) { ${HUB_EXPOSURE} }
           RETURN pathNodes, pathEdges, listed
         }`;
  const [row] = await runner.read<{ found: boolean; exposures: ExposureProps[] }>(
    `OPTIONAL MATCH (start:Entity {id: $id})
     RETURN start IS NOT NULL AS found, COLLECT {
       ${search}
       MATCH ${LISTING}
       WITH pathNodes, pathEdges, listed, list, l AS r ORDER BY size(pathEdges), listed.id, list.id LIMIT $max
       WITH pathNodes, pathEdges, listed, list, ${RELATIONSHIP_PROJECTION} AS listing
       RETURN { entity: listed { .* }, list: list { .* }, listing: listing, hops: size(pathEdges),
                path: ${pathProjection('pathNodes', 'pathEdges')} }
     } AS exposures`,
    {
      id: request.id,
      lists: request.lists?.length ? request.lists : null,
      listingStatuses: request.statuses?.length ? request.statuses : ['ACTIVE'],
      asOf: asOfParam(request.asOf),
      maxHops: cypherInt(maxHops),
      // Without `first`, one past the cap tells a full answer from a cut one.
      max: cypherInt(first ?? MAX_EXPOSURES + 1),
    },
  );
  if (!row.found) throw new NotFoundError(`Entity ${request.id} does not exist`);
  if (row.exposures.length > MAX_EXPOSURES)
    throw new ResultTooLargeError(
      `More than ${MAX_EXPOSURES} listings are within ${maxHops} hops of ${request.id}; ask for the nearest (first) or narrow it (maxHops, lists, status, asOf)`,
      MAX_EXPOSURES,
    );
  return row.exposures.map((exposure) => ({
    entity: entityRow(exposure.entity),
    list: entityRow(exposure.list),
    listing: relationshipRow(exposure.listing),
    path: toPath(exposure.path),
    hops: exposure.hops,
  }));
}
