import { relaxAllExposureIndex } from '../../src/store/migrations';
import { CypherRunner, cypherInt } from '../../src/store/cypher-runner';
import { neighborhood, wholeGraph, MAX_EXPORT_NODES } from '../../src/store/exploration.store';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';
import { exposure, paths } from '../../src/store/path.store';

const ENTITIES = 10000;
const HUBS = 3;
const HUB_DEGREE = 2500;
const LISTED = 20;
const BATCH = 2500;
/** Tighter than the service default: each query below must finish inside it or fail with QueryTimeoutError. */
const QUERY_TIMEOUT_MS = 10000;

// A generated graph of 10,000 companies: 3 hubs supplying 2,500 companies each, a sparse
// PARTNER_OF web over everyone, and 20 companies on a generated sanctions list.
describe('exploration on a generated graph with hubs', () => {
  const prefix = uniquePrefix('scale');
  const id = (index: number): string => `${prefix}-${index}`;
  const listId = `${prefix}-list`;
  let db: TestDb;
  let runner: CypherRunner;

  async function writeBatches(cypher: string, total: number, params: Record<string, unknown> = {}): Promise<void> {
    for (let start = 0; start < total; start += BATCH) {
      const end = Math.min(total, start + BATCH) - 1;
      await db.runner.write((tx) =>
        tx.run(cypher, { prefix, start: cypherInt(start), end: cypherInt(end), ...params }),
      );
    }
  }

  beforeAll(async () => {
    db = await connectTestDb();
    runner = new CypherRunner(db.driver, db.runner.database, QUERY_TIMEOUT_MS, db.runner.gate.limits);
    await writeBatches(
      `UNWIND range($start, $end) AS i
       CREATE (:Entity:Company {id: $prefix + '-' + i, kind: 'COMPANY', name: 'Scale Co ' + i,
                                nameKey: 'scale co ' + i, aliases: [], aliasText: ''})`,
      ENTITIES,
    );
    await db.runner.write((tx) =>
      tx.run(
        `CREATE (:Entity:SanctionsList {id: $listId, kind: 'SANCTIONS_LIST', name: 'Scale list', nameKey: 'scale list',
                                        aliases: [], aliasText: ''})`,
        { listId },
      ),
    );
    for (let hub = 0; hub < HUBS; hub += 1) {
      // Hub h supplies companies h*3000+1 …, spread over the id space so hubs share few neighbours.
      await writeBatches(
        `MATCH (hub:Entity {id: $prefix + '-' + $hub})
         UNWIND range($start, $end) AS k
         MATCH (customer:Entity {id: $prefix + '-' + (($hub * 3000 + 1 + k * 3) % $entities)})
         WHERE customer <> hub
         CREATE (hub)-[:SUPPLIES {id: $prefix + '-s-' + $hub + '-' + k, status: 'ACTIVE',
                                  evidenceArticles: [], evidenceQuotes: []}]->(customer)`,
        HUB_DEGREE,
        { hub: cypherInt(hub), entities: cypherInt(ENTITIES) },
      );
    }
    await writeBatches(
      `UNWIND range($start, $end) AS i
       MATCH (a:Entity {id: $prefix + '-' + i}), (b:Entity {id: $prefix + '-' + ((i * 7 + 11) % $entities)})
       WHERE a <> b
       CREATE (a)-[:PARTNER_OF {id: $prefix + '-p-' + i, status: 'ACTIVE', evidenceArticles: [], evidenceQuotes: []}]->(b)`,
      ENTITIES,
      { entities: cypherInt(ENTITIES) },
    );
    await db.runner.write((tx) =>
      tx.run(
        `MATCH (list:Entity {id: $listId})
         UNWIND range(1, $listed) AS k
         MATCH (e:Entity {id: $prefix + '-' + (k * 487)})
         CREATE (e)-[:LISTED_ON {id: $prefix + '-l-' + k, status: 'ACTIVE', evidenceArticles: [], evidenceQuotes: []}]->(list)`,
        { prefix, listId, listed: cypherInt(LISTED) },
      ),
    );
    // Written past the store's write path, as a bulk import is: the exposure index is built after.
    await relaxAllExposureIndex(db.driver, db.runner.database);
  }, 180000);

  afterAll(async () => {
    // In batches: one transaction deleting 10,000 nodes and 20,000 edges would need a large heap.
    for (;;) {
      const [row] = await db.runner.write((tx) =>
        tx.run<{ deleted: number }>(
          `MATCH (e:Entity) WHERE e.id STARTS WITH $prefix
           WITH e LIMIT 2000 DETACH DELETE e RETURN count(*) AS deleted`,
          { prefix },
        ),
      );
      if (row.deleted === 0) break;
    }
    await db.close();
  }, 180000);

  it('generated the graph it claims: ≥ 10,000 entities and hubs of 2,000+ edges', async () => {
    const [row] = await runner.read<{ entities: number; degrees: number[] }>(
      `MATCH (e:Entity) WHERE e.id STARTS WITH $prefix
       WITH count(e) AS entities
       UNWIND $hubs AS hubId MATCH (hub:Entity {id: hubId})
       RETURN entities, collect(COUNT { (hub)--() }) AS degrees`,
      { prefix, hubs: [0, 1, 2].map(id) },
    );
    expect(row.entities).toBeGreaterThanOrEqual(ENTITIES);
    for (const degree of row.degrees) expect(degree).toBeGreaterThan(2000);
  });

  it.each([200, 1000])('truncates depth-3 neighbourhoods of a hub at limit %i, nearest first', async (limit) => {
    const subgraph = await neighborhood(runner, { id: id(0), depth: 3, limit });
    expect(subgraph.nodes).toHaveLength(limit);
    expect(subgraph.truncated).toBe(true);
    const nodeIds = subgraph.nodes.map((node) => node.id);
    expect(new Set(nodeIds).size).toBe(limit);
    expect(new Set(subgraph.edges.map((edge) => edge.id)).size).toBe(subgraph.edges.length);
    const returned = new Set(nodeIds);
    for (const edge of subgraph.edges) expect(returned.has(edge.from) && returned.has(edge.to)).toBe(true);
    // The hub's own neighbours outnumber the limit, so breadth-first order keeps only them.
    const [row] = await runner.read<{ adjacent: number }>(
      'MATCH (hub:Entity {id: $hub})--(n) WHERE n.id IN $ids RETURN count(DISTINCT n) AS adjacent',
      { hub: id(0), ids: nodeIds },
    );
    expect(row.adjacent).toBe(limit - 1);
  });

  it('truncates the depth-3 neighbourhood of an ordinary node that reaches the hubs', async () => {
    const subgraph = await neighborhood(runner, { id: id(4), depth: 3, limit: 300 });
    expect(subgraph.nodes[0].id).toBe(id(4));
    expect(subgraph.nodes).toHaveLength(300);
    expect(subgraph.truncated).toBe(true);
  });

  it('finds paths between ordinary nodes across the hubs', async () => {
    const found = await paths(runner, { from: id(5), to: id(9001), maxDepth: 6, limit: 10 });
    expect(found.length).toBeGreaterThan(0);
    for (const path of found) {
      expect(path.nodes[0].id).toBe(id(5));
      expect(path.nodes.at(-1)!.id).toBe(id(9001));
    }
  });

  it('answers exposure from a hub, bounded and nearest first', async () => {
    const found = await exposure(runner, { id: id(0), maxHops: 3, lists: [listId] });
    expect(found.length).toBeGreaterThan(0);
    const hops = found.map((item) => item.hops);
    expect(hops).toEqual([...hops].sort((a, b) => a - b));
    for (const item of found) expect(item.list.id).toBe(listId);
  });

  it('caps the whole-graph export at its node limit', async () => {
    const graph = await wholeGraph(runner, {});
    // Other test files delete their entities meanwhile; one matched and then deleted is left out.
    expect(graph.nodes.length).toBeLessThanOrEqual(MAX_EXPORT_NODES);
    expect(graph.nodes.length).toBeGreaterThan(MAX_EXPORT_NODES - 100);
    expect(graph.truncated).toBe(true);
  });
});
