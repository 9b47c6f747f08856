import { periodStart } from '../../src/model/partial-date';
import { isSymmetricType } from '../../src/model/relationship-types';
import {
  commonNeighbors,
  EXPOSURE_BARRIER_KINDS,
  neighborhood,
  type ExposureRequest,
  type NeighborhoodRequest,
  type Subgraph,
} from '../../src/store/exploration.store';
import { bruteForceExposure } from '../support/exposure-brute-force';
import { buildHubGraph, deleteHubGraph, type HubEdge, type HubGraph } from '../support/hub-graph';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';
import { details, operatorType, profile, recording } from '../support/profile';
import { exposure } from '../../src/store/path.store';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What the store must answer, worked out from the edge list: each reachable entity's distance
 * (breadth-first, as the request's direction and filters allow) and the selected edges.
 */
function bruteForce(edges: readonly HubEdge[], request: NeighborhoodRequest) {
  const direction = request.direction ?? 'BOTH';
  const asOf = request.asOf ? periodStart(request.asOf) : null;
  const selected = edges.filter(
    (edge) =>
      (!request.types?.length || request.types.includes(edge.type)) &&
      (!request.statuses?.length || request.statuses.includes(edge.status)) &&
      (asOf === null || ((edge.validFrom ?? '') <= asOf && (edge.validTo === null || edge.validTo >= asOf))),
  );
  const adjacency = new Map<string, string[]>();
  const link = (from: string, to: string): void => void adjacency.set(from, [...(adjacency.get(from) ?? []), to]);
  for (const edge of selected) {
    const symmetric = isSymmetricType(edge.type);
    if (direction !== 'INCOMING' || symmetric) link(edge.from, edge.to);
    if (direction !== 'OUTGOING' || symmetric) link(edge.to, edge.from);
  }
  const distance = new Map([[request.id, 0]]);
  let frontier = [request.id];
  for (let level = 1; level <= (request.depth ?? 1); level += 1) {
    const next: string[] = [];
    for (const entity of frontier)
      for (const neighbour of adjacency.get(entity) ?? [])
        if (!distance.has(neighbour)) {
          distance.set(neighbour, level);
          next.push(neighbour);
        }
    frontier = next;
  }
  return { distance, selected };
}

/** Checks a neighbourhood against the brute force: nearest first, whole levels but the last, exact edges. */
function expectNeighborhood(graph: HubGraph, request: NeighborhoodRequest, got: Subgraph): void {
  const limit = request.limit ?? 200;
  const { distance, selected } = bruteForce(graph.edges, request);
  const ids = got.nodes.map((node) => node.id);
  expect(ids[0]).toBe(request.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toHaveLength(Math.min(limit, distance.size));
  expect(got.truncated).toBe(distance.size > limit);
  const levels = ids.map((id) => distance.get(id) ?? -1);
  expect(levels).not.toContain(-1);
  expect(levels).toEqual([...levels].sort((a, b) => a - b));
  const last = levels[levels.length - 1];
  const whole = [...distance].filter(([, level]) => level < last).map(([id]) => id);
  expect(ids.filter((id) => (distance.get(id) as number) < last).sort(byString)).toEqual(whole.sort(byString));
  const inside = new Set(ids);
  const edges = selected.filter((edge) => inside.has(edge.from) && inside.has(edge.to)).map((edge) => edge.id);
  expect(got.edges.map((edge) => edge.id)).toEqual(edges.sort(byString));
}

// A target: exploration at a hub costs what its caps allow, not the hub's degree.
describe('exploration at a hub of 20,000 edges', () => {
  // Sorts after the scale test's ids: its whole-graph export takes the database's first 10,000.
  const prefix = uniquePrefix('xhub');
  let db: TestDb;
  let graph: HubGraph;

  beforeAll(async () => {
    db = await connectTestDb();
    graph = await buildHubGraph(db, prefix);
  }, 300000);

  afterAll(async () => {
    await deleteHubGraph(db, prefix);
    await db.close();
  }, 300000);

  const requests = (): [string, NeighborhoodRequest][] => [
    ['the hub, default limit', { id: graph.hub }],
    ['the hub at depth 2, outgoing', { id: graph.hub, depth: 2, limit: 1000, direction: 'OUTGOING' }],
    [
      'the hub, two types in request order, a status',
      { id: graph.hub, types: ['PARTNER_OF', 'OWNS'], statuses: ['PROPOSED', 'ACTIVE'], limit: 300 },
    ],
    ['the hub asOf 2011, incoming', { id: graph.hub, depth: 2, asOf: '2011', direction: 'INCOMING', limit: 500 }],
    ['a leaf reaching the hub at depth 3', { id: graph.leaf, depth: 3, limit: 1000 }],
    ['a small company next to both hubs', { id: graph.company(4), depth: 2, limit: 1000 }],
    ['a small neighbourhood, untruncated', { id: graph.far, depth: 2, limit: 1000, types: ['OPERATES_IN'] }],
  ];

  it.each([0, 1, 2, 3, 4, 5, 6])(
    'answers neighbourhoods as the brute force does (case %i)',
    async (index) => {
      const [, request] = requests()[index];
      const got = await neighborhood(db.runner, request);
      expectNeighborhood(graph, request, got);
      // Deterministic: the same request, the same answer.
      expect(await neighborhood(db.runner, request)).toEqual(got);
    },
    120000,
  );

  it('costs what the limit allows at the hub, not its degree', async () => {
    const limit = 200;
    const { runner, last } = recording(db);
    const got = await neighborhood(runner, { id: graph.hub, depth: 2, limit });
    expect(got.truncated).toBe(true);
    const plan = await profile(db, last());
    // The hub's 20,000 edges are never walked: before, the edges among the nodes were read from
    // each node's whole adjacency, 10,598 rows at the hub; its degree now picks Expand(Into).
    for (const operator of plan) expect(operator.rows).toBeLessThanOrEqual(5 * limit);
    expect(plan.map(operatorType)).toContain('Expand(Into)');
    expect(plan.some((operator) => /getDegree\(/i.test(details(operator)))).toBe(true);
  }, 120000);

  it('finds common neighbours from the smaller end, as the brute force does', async () => {
    const adjacent = (entity: string): Set<string> =>
      new Set(
        graph.edges.flatMap((edge) => (edge.from === entity ? [edge.to] : edge.to === entity ? [edge.from] : [])),
      );
    for (const [a, b] of [
      [graph.hub, graph.hub2],
      [graph.company(8), graph.hub],
    ]) {
      const near = adjacent(a);
      const want = [...adjacent(b)]
        .filter((id) => near.has(id) && id !== a && id !== b)
        .sort(byString)
        .slice(0, 500);
      const { runner, last } = recording(db);
      expect((await commonNeighbors(runner, { a, b })).map((entity) => entity.id)).toEqual(want);
      const plan = await profile(db, last());
      const rows = Math.max(...plan.map((operator) => operator.rows));
      // Bounded by the smaller end's degree (hub2: 3,000), never the hub's 20,000.
      expect(rows).toBeLessThanOrEqual(a === graph.hub ? 2 * 3000 : 100);
    }
  }, 120000);

  const expectedExposure = (request: ExposureRequest): string[] =>
    bruteForceExposure(graph.edges, graph.kinds, request);

  const exposureRequests = (): [string, ExposureRequest][] => [
    ['the hub within 2 hops', { id: graph.hub, maxHops: 2 }],
    ['the hub within 1 hop', { id: graph.hub, maxHops: 1 }],
    [
      'the hub within 2 hops asOf 2016, proposed too',
      { id: graph.hub, asOf: '2016', statuses: ['ACTIVE', 'PROPOSED'] },
    ],
    ['the hub within 2 hops asOf mid-2015', { id: graph.hub, asOf: '2015-06' }],
    ['a small company next to it within 2 hops', { id: graph.company(5), maxHops: 2 }],
    ['a listed company within 1 hop', { id: graph.company(293), maxHops: 1 }],
  ];

  it.each([0, 1, 2, 3, 4, 5])(
    'finds the exposures the brute force finds, each with a shortest path (case %i)',
    async (index) => {
      const [, request] = exposureRequests()[index];
      const want = expectedExposure(request);
      expect(want.length).toBeGreaterThan(0);
      const found = await exposure(db.runner, request);
      expect(
        found.map((item) => `${item.hops} ${item.entity.id} ${item.list.id} ${item.listing.id}`).sort(byString),
      ).toEqual(want);
      expect(found.map((item) => item.hops)).toEqual(found.map((item) => item.hops).sort((a, b) => a - b));
      const asOf = request.asOf ? periodStart(request.asOf) : null;
      const stored = new Map(graph.edges.map((edge) => [edge.id, edge]));
      for (const { path, hops, entity } of found) {
        expect(path.length).toBe(hops);
        expect(path.nodes[0].id).toBe(request.id);
        expect(path.nodes[hops].id).toBe(entity.id);
        path.edges.forEach((edge, step) => {
          const ends = [path.nodes[step].id, path.nodes[step + 1].id];
          expect([edge.from, edge.to].sort(byString)).toEqual(ends.sort(byString));
          expect(edge.status).not.toBe('ENDED');
          const { validFrom, validTo } = stored.get(edge.id) as HubEdge;
          if (asOf !== null) expect((validFrom ?? '') <= asOf && (validTo === null || validTo >= asOf)).toBe(true);
        });
        for (const node of path.nodes.slice(1)) expect(EXPOSURE_BARRIER_KINDS).not.toContain(graph.kinds.get(node.id));
      }
      // Listed entities two hops out, through the hub's companies, are among them.
      if (request.id === graph.hub && !request.asOf && request.maxHops === 2)
        expect(found.filter((item) => item.hops === 2).length).toBeGreaterThan(3);
    },
    120000,
  );

  it('searches from the listings side at the hub: bounded rows, db hits and memory, not its degree', async () => {
    const { runner, last } = recording(db);
    expect((await exposure(runner, { id: graph.hub, maxHops: 2 })).length).toBeGreaterThan(0);
    const plan = await profile(db, last());
    // Before: one search outwards materialised a path to each of the ~6,000 entities in reach,
    // 17,000 hub edges walked; at 1M entities it ran out of transaction memory.
    for (const operator of plan) expect(operator.rows).toBeLessThanOrEqual(1000);
    // 2,478 db hits and 19 KB here.
    expect(plan.reduce((sum, operator) => sum + operator.dbHits, 0)).toBeLessThan(20000);
    // The other branch (a search per listing, for entities with fewer edges) does not run.
    for (const operator of plan)
      if (operatorType(operator).startsWith('StatefulShortestPath')) expect(operator.rows).toBe(0);
    expect(plan.map(operatorType)).toContain('Expand(Into)');
    expect(Number(plan[0].arguments['GlobalMemory'])).toBeLessThan(1024 * 1024);
  }, 120000);
});
