/**
 * Paths and sanctions exposure: shortest paths and alternatives between two entities, and the
 * lists within a few hops of one. Searches are bounded in depth and rows, and past the runner's
 * timeout by a deadline of their own.
 */
import { ENTITY_LABEL, NotFoundError, QueryTimeoutError, ResultTooLargeError } from '../model';
import { cypherInt, type CypherRunner } from './cypher-runner';
import { relTypes } from './patterns';
import {
  entityRow,
  type EntityRow,
  holdsAsOf,
  RELATIONSHIP_PROJECTION,
  relationshipRow,
  type RelationshipRow,
} from './records';
import { LISTED_NEAR, LISTED_WITHIN, NOT_BARRIER } from './exposure-index.store';
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

const LISTING = `(listed)-[l:LISTED_ON]->(list:SanctionsList)
  WHERE l.status IN $listingStatuses AND ($lists IS NULL OR list.id IN $lists) AND ${holdsAsOf('l')}`;

/** An edge an exposure path may take: a world edge that has not ENDED and holds asOf. */
const EXPOSURE_EDGE = `r${relTypes(WORLD_TYPES)} WHERE r.status <> 'ENDED' AND ${holdsAsOf('r')}`;

/**
 * One level of the search: the frontier's neighbours an exposure path may enter whose bound
 * (exposure-index.store.ts) leaves a listing within the hops left, each once, by its lowest edge id.
 */
const EXPOSURE_LEVEL = `UNWIND $frontier AS id
  MATCH (f:${ENTITY_LABEL} {id: id})-[${EXPOSURE_EDGE}]-(n:${NOT_BARRIER})
  WHERE n.${LISTED_WITHIN} <= $hopsLeft
  WITH n, f, r ORDER BY r.id
  WITH n, head(collect([f.id, r.id])) AS via
  RETURN n.id AS node, via[0] AS parent, via[1] AS edge, n.${LISTED_WITHIN} = 0 AS mayBeListed`;

/**
 * The last level: only listed neighbours can count, and each frontier entity names them
 * (listedNear), so a hub's adjacency is not walked; each edge is checked between its two known
 * ends (Expand(Into) walks the smaller side).
 */
const EXPOSURE_LAST_LEVEL = `UNWIND $frontier AS id
  MATCH (f:${ENTITY_LABEL} {id: id})
  UNWIND coalesce(f.${LISTED_NEAR}, []) AS near
  MATCH (n:${ENTITY_LABEL} {id: near}) WHERE n:${NOT_BARRIER}
  MATCH (f)-[${EXPOSURE_EDGE}]-(n)
  WITH n, f, r ORDER BY r.id
  WITH n, head(collect([f.id, r.id])) AS via
  RETURN n.id AS node, via[0] AS parent, via[1] AS edge, true AS mayBeListed`;

/** The listings of the entities reached that may be listed, nearest first, and whether the start exists. */
const EXPOSURE_LISTINGS = `OPTIONAL MATCH (start:${ENTITY_LABEL} {id: $id})
  RETURN start IS NOT NULL AS found, start:${NOT_BARRIER} AS ordinary, COLLECT {
    UNWIND $candidates AS candidate
    MATCH (listed:${ENTITY_LABEL} {id: candidate.id})
    MATCH ${LISTING}
    WITH candidate, listed, list, l AS r ORDER BY candidate.hops, listed.id, list.id LIMIT $max
    RETURN { hops: candidate.hops, entity: listed { .* }, list: list { .* }, listing: ${RELATIONSHIP_PROJECTION} }
  } AS exposures`;

/** The entities and edges of the paths found, by id. */
const PATH_PARTS = `RETURN
  COLLECT { UNWIND $nodes AS id MATCH (e:${ENTITY_LABEL} {id: id}) RETURN e { .* } } AS nodes,
  COLLECT { UNWIND $links AS link
            MATCH (:${ENTITY_LABEL} {id: link.parent})-[r]-(:${ENTITY_LABEL} {id: link.node}) WHERE r.id = link.edge
            RETURN ${RELATIONSHIP_PROJECTION} } AS edges`;

interface Reached {
  parent: string | null;
  edge: string | null;
  hops: number;
  mayBeListed: boolean;
}

/**
 * Listings within `maxHops` of an entity (itself at 0 hops), each with a shortest path to the
 * listed entity, nearest first. Paths use world edges that have not ENDED and hold asOf,
 * and never pass through EXPOSURE_BARRIER_KINDS (so never through a listing edge either).
 * A breadth-first search from the entity, one statement per level, entering only entities whose
 * exposure-index bound leaves a listing within the hops left: what it reads follows the paths
 * towards listings, not the number of listings nor a hub's whole neighbourhood (a hub's own
 * edges are read once). Then the reached entities' listings, and the paths of those returned.
 */
export async function exposure(runner: CypherRunner, request: ExposureRequest): Promise<Exposure[]> {
  const maxHops = boundedInt('maxHops', request.maxHops, DEFAULT_EXPOSURE_HOPS, 1, MAX_EXPOSURE_HOPS);
  const first = request.first == null ? null : boundedInt('first', request.first, MAX_EXPOSURES, 1, MAX_EXPOSURES);
  const asOf = asOfParam(request.asOf);
  // Without `first`, one past the cap tells a full answer from a cut one.
  const max = first ?? MAX_EXPOSURES + 1;
  const listingsOf = async (candidates: [string, number][], limit: number) => {
    const [row] = await runner.read<{
      found: boolean;
      ordinary: boolean | null;
      exposures: Omit<ExposureProps, 'path'>[];
    }>(EXPOSURE_LISTINGS, {
      id: request.id,
      candidates: candidates.map(([id, hops]) => ({ id, hops: cypherInt(hops) })),
      lists: request.lists?.length ? request.lists : null,
      listingStatuses: request.statuses?.length ? request.statuses : ['ACTIVE'],
      asOf,
      max: cypherInt(limit),
    });
    return row;
  };
  // The start may be listed whatever its bound (a barrier kind has none).
  const start = await listingsOf([[request.id, 0]], max);
  if (!start.found) throw new NotFoundError(`Entity ${request.id} does not exist`);
  const found = [...start.exposures];
  const reached = new Map<string, Reached>([[request.id, { parent: null, edge: null, hops: 0, mayBeListed: true }]]);
  let frontier = [request.id];
  // Level by level, nearest first: once `max` are found, deeper listings cannot come before them.
  for (let hops = 1; hops <= maxHops && frontier.length > 0 && found.length < max; hops += 1) {
    const rows = await runner.read<{ node: string; parent: string; edge: string; mayBeListed: boolean }>(
      // A barrier kind keeps no listedNear: from one, the first level walks its edges.
      hops === maxHops && (hops > 1 || start.ordinary === true) ? EXPOSURE_LAST_LEVEL : EXPOSURE_LEVEL,
      { frontier, hopsLeft: cypherInt(maxHops - hops), asOf },
    );
    const fresh = rows.filter((row) => !reached.has(row.node));
    for (const row of fresh) reached.set(row.node, { ...row, hops });
    frontier = fresh.map((row) => row.node);
    const candidates = fresh.filter((row) => row.mayBeListed).map((row): [string, number] => [row.node, hops]);
    if (candidates.length > 0) found.push(...(await listingsOf(candidates, max - found.length)).exposures);
  }
  if (found.length > MAX_EXPOSURES)
    throw new ResultTooLargeError(
      `More than ${MAX_EXPOSURES} listings are within ${maxHops} hops of ${request.id}; ask for the nearest (first) or narrow it (maxHops, lists, status, asOf)`,
      MAX_EXPOSURES,
    );
  const row = { exposures: found };
  const chains = new Map(
    row.exposures.map((exposure) => [exposure.entity.id as string, chainTo(reached, exposure.entity.id as string)]),
  );
  const links = [...new Map([...chains.values()].flat().map((link) => [link.edge, link])).values()];
  const [parts] = await runner.read<{ nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] }>(
    PATH_PARTS,
    {
      nodes: [...new Set([request.id, ...links.map((link) => link.node)])],
      links,
    },
  );
  const nodes = new Map(parts.nodes.map((node) => [node.id as string, entityRow(node)]));
  const edges = new Map(parts.edges.map((edge) => [edge.id as string, relationshipRow(edge)]));
  return row.exposures.map((exposure) => {
    const chain = chains.get(exposure.entity.id as string) ?? [];
    return {
      entity: entityRow(exposure.entity),
      list: entityRow(exposure.list),
      listing: relationshipRow(exposure.listing),
      path: {
        nodes: [request.id, ...chain.map((link) => link.node)].map((id) => nodes.get(id) as EntityRow),
        edges: chain.map((link) => edges.get(link.edge) as RelationshipRow),
        length: chain.length,
      },
      hops: exposure.hops,
    };
  });
}

/** The links from the start to `id` in the search's tree, start side first. */
function chainTo(reached: ReadonlyMap<string, Reached>, id: string): { parent: string; edge: string; node: string }[] {
  const chain: { parent: string; edge: string; node: string }[] = [];
  let node = id;
  let at = reached.get(node);
  while (at?.parent && at.edge) {
    chain.unshift({ parent: at.parent, edge: at.edge, node });
    node = at.parent;
    at = reached.get(node);
  }
  return chain;
}

/** Plans the exposure search's statements before the first screening needs them. */
export async function warmExposurePlans(runner: CypherRunner): Promise<void> {
  for (const statement of [EXPOSURE_LEVEL, EXPOSURE_LAST_LEVEL]) {
    await runner.read(statement, { frontier: [''], hopsLeft: cypherInt(0), asOf: null });
  }
  await exposure(runner, { id: '' }).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
  });
  await runner.read(PATH_PARTS, { nodes: [''], links: [{ parent: '', node: '', edge: '' }] });
}
