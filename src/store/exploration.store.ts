import {
  type EntityKind,
  InvalidInputError,
  NotFoundError,
  evidenceSource,
  periodStart,
  RELATIONSHIP_TYPE_NAMES,
  type RelationshipType,
} from '../model';
import type { RelationshipStatus } from '../model';
import { cypherInt, type CypherRunner } from './cypher-runner';
import { entitiesByIds } from './entity.store';
import { buildSearchQuery } from './lucene';
import { registeredTypes, relTypes, SYMMETRIC_TYPES } from './patterns';
import {
  ENTITY_PROJECTION,
  entityRow,
  holdsAsOf,
  RELATIONSHIP_PROJECTION,
  relationshipRow,
  stillStored,
  type EntityRow,
  type RelationshipRow,
} from './records';
import type { RelationshipSelection } from './relationship.store';

/**
 * Graph exploration: k-hop neighbourhoods, paths, sanctions exposure, common neighbours,
 * full-text search and export selections. Every query is bounded in depth, node count and
 * rows, on top of the runner's transaction timeout.
 */
export const MAX_NEIGHBORHOOD_DEPTH = 3;
export const DEFAULT_NEIGHBORHOOD_LIMIT = 200;
export const MAX_NEIGHBORHOOD_LIMIT = 1000;
export const MAX_PATH_DEPTH = 6;
export const DEFAULT_SHORTEST_PATH_DEPTH = 6;
export const DEFAULT_PATHS_DEPTH = 4;
export const DEFAULT_PATHS_LIMIT = 10;
export const MAX_PATHS_LIMIT = 50;
export const MAX_EXPOSURE_HOPS = 4;
export const DEFAULT_EXPOSURE_HOPS = 2;
export const MAX_EXPOSURES = 500;
export const MAX_COMMON_NEIGHBORS = 500;
export const DEFAULT_SEARCH_SIZE = 20;
export const MAX_SEARCH_SIZE = 100;
export const MAX_EXPORT_NODES = 10000;

/**
 * Edges that record where a statement comes from (an article's publisher, author, the entities
 * it names, what a document or a note is about), not a link in the world: paths and exposure
 * skip them unless `types` asks for them. A shared address (HAS_ADDRESS) is a link in the world.
 */
export const PROVENANCE_TYPES: readonly RelationshipType[] = [
  'MENTIONS',
  'PUBLISHED_BY',
  'AUTHORED_BY',
  'SYNDICATED_FROM',
  'DOCUMENTS',
  'ABOUT',
];
export const WORLD_TYPES = RELATIONSHIP_TYPE_NAMES.filter((type) => !PROVENANCE_TYPES.includes(type));

/**
 * Kinds an exposure path may not pass through: a list links everything on it, an article
 * everything it names, a place everything in it, a post everyone who ever held it, and a
 * dataset is a source, not a party; none of that is exposure.
 */
export const EXPOSURE_BARRIER_KINDS: readonly EntityKind[] = [
  'SANCTIONS_LIST',
  'ARTICLE',
  'PLACE',
  'POSITION',
  'DATASET',
];

export interface Subgraph {
  nodes: EntityRow[];
  edges: RelationshipRow[];
  /** More nodes matched than the limit allowed. */
  truncated: boolean;
}

export interface GraphPath {
  /** From the start to the end, in order. */
  nodes: EntityRow[];
  /** nodes[i] — edges[i] — nodes[i+1]; each edge keeps its stored direction. */
  edges: RelationshipRow[];
  length: number;
}

export interface NeighborhoodRequest extends RelationshipSelection {
  id: string;
  depth?: number | null;
  limit?: number | null;
}

/** The whole graph's first nodes by id; edge filters as in a neighbourhood. */
export interface WholeGraphRequest extends Omit<RelationshipSelection, 'direction'> {
  limit?: number | null;
}

/** What an export covers: a neighbourhood when `id` is given, else the whole graph (capped). */
export type ExportSelection = NeighborhoodRequest | WholeGraphRequest;

export interface PathRequest {
  from: string;
  to: string;
  maxDepth?: number | null;
  /** Default: every type except the provenance ones (PROVENANCE_TYPES). */
  types?: RelationshipType[] | null;
  statuses?: RelationshipStatus[] | null;
  asOf?: string | null;
}

export interface ExposureRequest {
  id: string;
  maxHops?: number | null;
  /** Only listings on these lists; default: any list. */
  lists?: string[] | null;
  asOf?: string | null;
  /** Listing statuses that count; default ACTIVE. */
  statuses?: RelationshipStatus[] | null;
  /**
   * Only the nearest `first` (1 to MAX_EXPOSURES), however many are in reach. Unset: all of them,
   * and more than MAX_EXPOSURES are refused, since the list has no truncated flag.
   */
  first?: number | null;
}

export interface Exposure {
  entity: EntityRow;
  list: EntityRow;
  listing: RelationshipRow;
  path: GraphPath;
  hops: number;
}

export interface SearchHit {
  score: number;
  entity: EntityRow;
}

type Props = Record<string, unknown>;
export interface PathProps {
  nodes: Props[];
  edges: Props[];
}
export interface ExposureProps {
  entity: Props;
  list: Props;
  listing: Props;
  hops: number;
  path: PathProps;
}

/** An integer in [min, max], or the fallback when absent; otherwise an InvalidInputError naming it. */
export function boundedInt(
  name: string,
  value: number | null | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < min || result > max) {
    throw new InvalidInputError(`"${name}" must be an integer between ${min} and ${max}, got ${result}`);
  }
  return result;
}

export const asOfParam = (asOf?: string | null): string | null => (asOf ? periodStart(asOf) : null);
export const statusesParam = (statuses?: RelationshipStatus[] | null) => (statuses?.length ? statuses : null);
export const EDGE_FILTER = `($statuses IS NULL OR r.status IN $statuses) AND ${holdsAsOf('r')}`;

/** A subgraph's nodes and edges, without those deleted while the statement read them. */
function storedParts(row: { nodes: Props[]; edges: Props[] }): Pick<Subgraph, 'nodes' | 'edges'> {
  return {
    nodes: row.nodes.filter(stillStored).map(entityRow),
    edges: row.edges.filter(stillStored).map(relationshipRow),
  };
}

export function toPath({ nodes, edges }: PathProps): GraphPath {
  return { nodes: nodes.map(entityRow), edges: edges.map(relationshipRow), length: edges.length };
}

/** A path as a map of its nodes and edges, from path `p` or from lists of them. */
export const pathProjection = (nodes = 'nodes(p)', edges = 'relationships(p)') =>
  `{ nodes: [n IN ${nodes} | n { .* }], edges: [r IN ${edges} | ${RELATIONSHIP_PROJECTION}] }`;

/**
 * `f`'s relationships `r` to neighbours `n` in the selection, read lazily, so the caller's LIMIT
 * stops a hub early. A direction reads only that side of the directed types (a hub's other side
 * is never walked to be filtered out), and both sides of the symmetric ones.
 */
function neighbourCall(selection: RelationshipSelection): string {
  const direction = selection.direction ?? 'BOTH';
  if (direction === 'BOTH') return `MATCH (f)-[r${relTypes(selection.types)}]-(n)`;
  const types = registeredTypes(selection.types);
  const directed = types.filter((type) => !SYMMETRIC_TYPES.includes(type));
  const symmetric = types.filter((type) => SYMMETRIC_TYPES.includes(type));
  const [left, right] = direction === 'OUTGOING' ? ['-', '->'] : ['<-', '-'];
  const branches = [
    ...(directed.length > 0 ? [`MATCH (f)${left}[r${relTypes(directed)}]${right}(n) RETURN r, n`] : []),
    ...(symmetric.length > 0 ? [`MATCH (f)-[r${relTypes(symmetric)}]-(n) RETURN r, n`] : []),
  ];
  return `CALL (f) { ${branches.join(' UNION ALL ')} }`;
}

/** One breadth-first level: up to $limit new nodes next to the frontier, none seen before. */
const NEIGHBORHOOD_LEVEL = (selection: RelationshipSelection) => `
  CALL (visited, frontier) {
    UNWIND CASE WHEN size(visited) > $limit THEN [] ELSE frontier END AS f
    ${neighbourCall(selection)}
    WITH r, n WHERE ${EDGE_FILTER} AND NOT n IN visited
    WITH DISTINCT n LIMIT $limit
    RETURN collect(n) AS found
  }
  WITH visited + found AS visited, found AS frontier`;

/**
 * Edges among `nodes` passing the filter, each once, in id order. A node with more outgoing
 * edges than there are nodes is checked against each other node instead (Expand(Into) walks the
 * smaller side), and for loops only when its degrees count some, so a hub costs at most a walk
 * of the others' edges.
 */
const EDGES_AMONG = (types: string) => `
  CALL (nodes) {
    UNWIND nodes AS a
    CALL (a, nodes) {
      WITH a, nodes WHERE COUNT { (a)-[${types}]->() } <= size(nodes)
      MATCH (a)-[r${types}]->(b) WHERE b IN nodes AND ${EDGE_FILTER}
      RETURN r
      UNION ALL
      WITH a, nodes WHERE COUNT { (a)-[${types}]->() } > size(nodes)
      UNWIND nodes AS b
      WITH a, b WHERE b <> a
      MATCH (a)-[r${types}]->(b) WHERE ${EDGE_FILTER}
      RETURN r
      UNION ALL
      // Loops count in both the outgoing and the incoming degree but once in the total.
      WITH a, nodes WHERE COUNT { (a)-[${types}]->() } > size(nodes)
        AND COUNT { (a)-[${types}]->() } + COUNT { (a)<-[${types}]-() } > COUNT { (a)-[${types}]-() }
      MATCH (a)-[r${types}]->(a) WHERE ${EDGE_FILTER}
      RETURN r
    }
    WITH r ORDER BY r.id
    RETURN collect(${RELATIONSHIP_PROJECTION}) AS edges
  }`;

/**
 * The nodes within `depth` hops of an entity, nearest first, at most `limit` of them (the
 * entity included), and the edges among them. The limit holds inside the query: each level
 * stops after `limit` new nodes, so a hub with a million edges costs a bounded expansion.
 */
export async function neighborhood(runner: CypherRunner, request: NeighborhoodRequest): Promise<Subgraph> {
  const depth = boundedInt('depth', request.depth, 1, 1, MAX_NEIGHBORHOOD_DEPTH);
  const limit = boundedInt('limit', request.limit, DEFAULT_NEIGHBORHOOD_LIMIT, 1, MAX_NEIGHBORHOOD_LIMIT);
  const types = relTypes(request.types);
  const rows = await runner.read<{ nodes: Props[]; edges: Props[]; truncated: boolean }>(
    `MATCH (start:Entity {id: $id})
     WITH [start] AS visited, [start] AS frontier
     ${NEIGHBORHOOD_LEVEL(request).repeat(depth)}
     WITH visited[0..$limit] AS nodes, size(visited) > $limit AS truncated
     ${EDGES_AMONG(types)}
     RETURN [e IN nodes | ${ENTITY_PROJECTION}] AS nodes, edges, truncated`,
    {
      id: request.id,
      statuses: statusesParam(request.statuses),
      asOf: asOfParam(request.asOf),
      limit: cypherInt(limit),
    },
  );
  if (rows.length === 0) throw new NotFoundError(`Entity ${request.id} does not exist`);
  const [row] = rows;
  return { ...storedParts(row), truncated: row.truncated };
}

/**
 * The first `limit` nodes of the whole graph by id and the edges among them: the export of
 * everything, capped at MAX_EXPORT_NODES.
 */
export async function wholeGraph(runner: CypherRunner, selection: WholeGraphRequest): Promise<Subgraph> {
  const limit = boundedInt('limit', selection.limit, MAX_EXPORT_NODES, 1, MAX_EXPORT_NODES);
  const types = relTypes(selection.types);
  const [row] = await runner.read<{ nodes: Props[]; edges: Props[]; truncated: boolean }>(
    `MATCH (e:Entity) WITH e ORDER BY e.id LIMIT $limitPlusOne
     WITH collect(e) AS candidates
     WITH candidates[0..$limit] AS nodes, size(candidates) > $limit AS truncated
     ${EDGES_AMONG(types)}
     RETURN [e IN nodes | ${ENTITY_PROJECTION}] AS nodes, edges, truncated`,
    {
      statuses: statusesParam(selection.statuses),
      asOf: asOfParam(selection.asOf),
      limit: cypherInt(limit),
      limitPlusOne: cypherInt(limit + 1),
    },
  );
  return { ...storedParts(row), truncated: row.truncated };
}

/** A selection to export, with the entities its evidence cites from outside it (articles, datasets). */
export async function exportSelection(
  runner: CypherRunner,
  selection: ExportSelection,
): Promise<Subgraph & { sources: EntityRow[] }> {
  const graph = 'id' in selection ? await neighborhood(runner, selection) : await wholeGraph(runner, selection);
  const inGraph = new Set(graph.nodes.map((node) => node.id));
  const cited = new Set(graph.edges.flatMap((edge) => edge.evidence.map(evidenceSource)));
  const outside = [...cited].filter((id) => !inGraph.has(id));
  const sources = outside.length > 0 ? [...(await entitiesByIds(runner, outside)).values()] : [];
  return { ...graph, sources };
}

/**
 * Entities adjacent to both a and b (neither of them), by name. The walk starts at the end with
 * fewer edges and checks each neighbour against the other end (Expand(Into) walks the smaller
 * side), so a hub with a small partner costs what the small one does.
 */
export async function commonNeighbors(
  runner: CypherRunner,
  request: { a: string; b: string; types?: RelationshipType[] | null },
): Promise<EntityRow[]> {
  const types = relTypes(request.types);
  const rows = await runner.read<{ e: Props }>(
    `MATCH (a:Entity {id: $a}), (b:Entity {id: $b})
     WITH a, b, COUNT { (a)-[${types}]-() } <= COUNT { (b)-[${types}]-() } AS aSmaller
     WITH CASE WHEN aSmaller THEN a ELSE b END AS near, CASE WHEN aSmaller THEN b ELSE a END AS far
     CALL (near, far) {
       MATCH (near)-[${types}]-(e)
       WITH DISTINCT e, near, far WHERE e <> near AND e <> far
       // Tested only after the inequalities: far against itself would walk all of far's edges.
       RETURN e, CASE WHEN EXISTS { (e)-[${types}]-(far) } THEN true ELSE false END AS common
     }
     WITH e WHERE common
     WITH e ORDER BY e.nameKey, e.id LIMIT $max
     RETURN ${ENTITY_PROJECTION} AS e`,
    { a: request.a, b: request.b, max: cypherInt(MAX_COMMON_NEIGHBORS) },
  );
  return rows.filter(({ e }) => stillStored(e)).map(({ e }) => entityRow(e));
}

/**
 * Full-text search over names and aliases (any text: see lucene.ts), best score first: the
 * index yields hits in score order, so LIMIT stops it early without a sort.
 */
export async function search(
  runner: CypherRunner,
  request: { query: string; kinds?: EntityKind[] | null; topics?: string[] | null; first?: number | null },
): Promise<SearchHit[]> {
  const first = boundedInt('first', request.first, DEFAULT_SEARCH_SIZE, 0, MAX_SEARCH_SIZE);
  const query = buildSearchQuery(request.query);
  if (query === null || first === 0) return [];
  const rows = await runner.read<{ score: number; e: Props }>(
    `CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node AS e, score
     WHERE ($kinds IS NULL OR e.kind IN $kinds)
       AND ($topics IS NULL OR any(t IN coalesce(e.topics, []) WHERE t IN $topics))
     RETURN score, ${ENTITY_PROJECTION} AS e LIMIT $first`,
    {
      query,
      kinds: request.kinds?.length ? request.kinds : null,
      topics: request.topics?.length ? request.topics : null,
      first: cypherInt(first),
    },
  );
  return rows.filter(({ e }) => stillStored(e)).map(({ score, e }) => ({ score, entity: entityRow(e) }));
}
