import { random } from './ftm-generator';

/*
 * The benchmark's query set: GraphQL documents and the variables each is timed with.
 * A query with several variable sets cycles through them, run after run.
 */

export interface BenchQuery {
  name: string;
  query: string;
  variants: Record<string, unknown>[];
}

/** An entity page: 50 relationships with their endpoints and evidence, from a cursor or the start. */
export const PAGE_QUERY = `query($id: ID!, $after: String) { entity(id: $id) { id name
  relationships(first: 50, after: $after) { totalCount pageInfo { endCursor hasNextPage }
  edges { node { id type status since from { id name } to { id name } evidence { quote source { id name } } } } } } }`;

const NEIGHBORHOOD_QUERY = `query($id: ID!, $depth: Int!) { neighborhood(id: $id, depth: $depth) {
  truncated nodes { id kind name } edges { id type status from { id } to { id } } } }`;

const SHORTEST_PATH_QUERY = `query($from: ID!, $to: ID!) { shortestPath(from: $from, to: $to) {
  length nodes { id kind name } edges { id type status evidence { quote source { id name } } } } }`;

// The nearest 50, as a client drawing them asks: from the 1M hub, over 4,000 listings are in reach (past the 500 cap).
const EXPOSURE_QUERY = `query($id: ID!) { exposure(id: $id, maxHops: 2, first: 50) {
  hops entity { id name } list { id name } listing { id since } path { length nodes { id } } } }`;

const SEARCH_QUERY = `query($q: String!) { search(query: $q, first: 20) { score entity { id kind name } } }`;

/** Words the generator puts in names: every search finds hits. */
const SEARCH_TERMS = ['Amber Holdings', 'cobalt foundation', 'Farah', 'Granite Harbor', 'Juniperson'];

export interface Picked {
  /** The entity with the most edges. */
  hub: string;
  /** The entity whose degree is closest to 50: a page of it is full. */
  small: string;
  /** An entity of median degree among those with edges. */
  median: string;
}

/** Picks the hub, the ~50-edge node and the median node in one sort of the degrees (n log n at 1M). */
export function pickEntities(degrees: ReadonlyMap<string, number>): Picked {
  const entries = [...degrees].sort(([a, da], [b, db]) => da - db || (a < b ? -1 : 1));
  const hub = entries[entries.length - 1][0];
  const median = entries[Math.floor(entries.length / 2)][0];
  let small = entries[0];
  for (const entry of entries) if (entry[0] !== hub && Math.abs(entry[1] - 50) < Math.abs(small[1] - 50)) small = entry;
  return { hub, small: small[0], median };
}

/** `count` seeded pairs of distinct entities with edges, for shortestPath. */
export function randomPairs(degrees: ReadonlyMap<string, number>, seed: number, count: number): [string, string][] {
  const ids = [...degrees.keys()].sort();
  const next = random(seed);
  const pick = (): string => ids[Math.floor(next() * ids.length)];
  const pairs: [string, string][] = [];
  while (pairs.length < count) {
    const pair: [string, string] = [pick(), pick()];
    if (pair[0] !== pair[1]) pairs.push(pair);
  }
  return pairs;
}

/** The timed set; `deepCursor` is the `after` of a page deep in the hub's cursor chain. */
export function querySet(picked: Picked, pairs: [string, string][], deepCursor: string | undefined): BenchQuery[] {
  const { hub, small, median } = picked;
  return [
    { name: 'page, 50-edge node', query: PAGE_QUERY, variants: [{ id: small }] },
    { name: 'page, hub', query: PAGE_QUERY, variants: [{ id: hub }] },
    ...(deepCursor
      ? [{ name: 'page, hub, deep cursor', query: PAGE_QUERY, variants: [{ id: hub, after: deepCursor }] }]
      : []),
    ...[1, 2, 3].flatMap((depth) => [
      { name: `neighbourhood ${depth}, median node`, query: NEIGHBORHOOD_QUERY, variants: [{ id: median, depth }] },
      { name: `neighbourhood ${depth}, hub`, query: NEIGHBORHOOD_QUERY, variants: [{ id: hub, depth }] },
    ]),
    {
      name: 'shortestPath, random pairs',
      query: SHORTEST_PATH_QUERY,
      variants: pairs.map(([from, to]) => ({ from, to })),
    },
    { name: 'exposure 2 hops (nearest 50), median node', query: EXPOSURE_QUERY, variants: [{ id: median }] },
    { name: 'exposure 2 hops (nearest 50), hub', query: EXPOSURE_QUERY, variants: [{ id: hub }] },
    { name: 'search', query: SEARCH_QUERY, variants: SEARCH_TERMS.map((q) => ({ q })) },
  ];
}
