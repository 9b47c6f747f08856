import type { Service } from '../../src/http/service';
import { CypherRunner } from '../../src/store/cypher-runner';
import { importGraphDocument } from '../../src/store/import.store';
import { graphql, startTestService } from '../support/service';
import { uniquePrefix } from '../support/neo4j';

// A target: a request makes at most one Cypher query per nesting level, whatever the page size.
describe('Cypher round trips per request', () => {
  let service: Service;
  const p = uniquePrefix('trips');
  const hub = `${p}-hub`;
  const article = `${p}-article`;

  beforeAll(async () => {
    service = await startTestService();
    const companies = Array.from({ length: 100 }, (_, i) => ({
      id: `${p}-c${String(i).padStart(3, '0')}`,
      kind: 'COMPANY',
      name: `${p} Company ${i}`,
    }));
    await importGraphDocument(service.runner, {
      entities: [
        { id: article, kind: 'ARTICLE', name: 'Round-trip article' },
        { id: hub, kind: 'SANCTIONS_LIST', name: `${p} List` },
        ...companies,
      ],
      relationships: companies.flatMap((company, i) => [
        {
          id: `${company.id}-listed`,
          type: 'LISTED_ON',
          from: company.id,
          to: hub,
          status: 'ACTIVE',
          evidence: [{ article, quote: 'Listed.' }],
        },
        {
          id: `${company.id}-competes`,
          type: 'COMPETES_WITH',
          from: company.id,
          to: companies[(i + 1) % companies.length].id,
          status: 'ACTIVE',
          evidence: [{ article, quote: 'They compete.' }],
        },
      ]),
    });
  });
  afterAll(async () => {
    await service.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p DETACH DELETE e', { p }));
    await service.close();
  });

  const NESTED = `query($prefix: String!, $first: Int!) {
    entities(filter: { namePrefix: $prefix, kinds: [COMPANY] }, first: $first) {
      totalCount
      edges { node { id degree
        relationships(first: 10) { totalCount edges { node { type from { id name } to { id name }
          evidence { quote article { id title } } } } } } } } }`;

  async function queriesFor(first: number): Promise<{ queries: number; entities: number; relationships: number }> {
    const before = service.runner.queryCount;
    const response = await graphql<{
      entities: { edges: { node: { relationships: { edges: unknown[] } } }[] };
    }>(service, NESTED, { prefix: p, first });
    expect(response.body.errors).toBeUndefined();
    const edges = response.body.data!.entities.edges;
    return {
      queries: service.runner.queryCount - before,
      entities: edges.length,
      relationships: edges.reduce((sum, edge) => sum + edge.node.relationships.edges.length, 0),
    };
  }

  it('costs the same small number of queries for 10 or 100 entities with their relationships and endpoints', async () => {
    const small = await queriesFor(10);
    const large = await queriesFor(100);
    expect(small.entities).toBe(10);
    expect(large.entities).toBe(100);
    expect(large.relationships).toBe(300);
    // entities page, degrees, relationship pages with their endpoints (the entities' per-type degrees, then one
    // statement per type they have: LISTED_ON and COMPETES_WITH), evidence articles; one batch each level
    expect(large.queries).toBeLessThanOrEqual(6);
    expect(large.queries).toBe(small.queries);
  });

  const PAGE = `query($id: ID!) { entity(id: $id) { id degree
    relationships(first: 50) { totalCount edges { node { from { id } to { id } } } } } }`;
  const SKIPPED = `query($id: ID!, $skip: Boolean!) { entity(id: $id) { id degree
    relationships(first: 50) @skip(if: $skip) { totalCount edges { node { from { id } to { id } } } } } }`;

  /** The request's Cypher queries, each as its start and end time. */
  async function timedQueries(
    query: string,
    variables: Record<string, unknown>,
  ): Promise<{ start: number; end: number }[]> {
    const spans: { start: number; end: number }[] = [];
    const read = CypherRunner.prototype.read;
    const spy = jest.spyOn(CypherRunner.prototype, 'read').mockImplementation(async function (
      this: CypherRunner,
      ...args: Parameters<CypherRunner['read']>
    ) {
      const span = { start: performance.now(), end: Infinity };
      const counted = service.runner.queryCount;
      const running = read.apply(this, args);
      // Only the request's queries count; the change feed's poller reads through the same class.
      if (service.runner.queryCount > counted) spans.push(span);
      try {
        return await running;
      } finally {
        span.end = performance.now();
      }
    });
    try {
      const response = await graphql(service, query, variables);
      expect(response.body.errors).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
    return spans;
  }

  it("reads an entity, its degree, its relationship page and the page's endpoints in two queries", async () => {
    const before = service.runner.queryCount;
    const response = await graphql<{
      entity: {
        id: string;
        degree: number;
        relationships: { totalCount: number; edges: { node: { from: { id: string }; to: { id: string } } }[] };
      };
    }>(service, PAGE, { id: hub });
    expect(response.body.errors).toBeUndefined();
    // The entity with its degree and per-type degrees, then the page of the one type it has (LISTED_ON).
    expect(service.runner.queryCount - before).toBe(2);
    const entity = response.body.data!.entity;
    expect(entity.degree).toBe(100);
    expect(entity.relationships.totalCount).toBe(100);
    const edges = entity.relationships.edges.map(({ node }) => [node.from.id, node.to.id]);
    expect(edges).toEqual(Array.from({ length: 50 }, (_, i) => [`${p}-c${String(i).padStart(3, '0')}`, hub]));
  });

  it('answers null, in one query, for an entity that does not exist', async () => {
    const before = service.runner.queryCount;
    const response = await graphql(service, PAGE, { id: `${p}-nobody` });
    expect(response.body).toEqual({ data: { entity: null } });
    expect(service.runner.queryCount - before).toBe(1);
  });

  it("starts a second page alongside the entity's, not a round trip later", async () => {
    const spans = await timedQueries(
      `query($id: ID!) { entity(id: $id) { id degree outgoing: relationships(direction: OUTGOING, first: 5) { totalCount }
        incoming: relationships(direction: INCOMING, first: 5) { totalCount } } }`,
      { id: hub },
    );
    // Each page's per-type degrees, then LISTED_ON's incoming page; the hub has no outgoing edges to read.
    expect(spans).toHaveLength(3);
    const [first, second] = spans.sort((a, b) => a.start - b.start);
    expect(second.start).toBeLessThan(first.end);
  });

  it('reads nothing for a relationships field the query skips', async () => {
    const before = service.runner.queryCount;
    await timedQueries(SKIPPED, { id: hub, skip: true });
    expect(service.runner.queryCount - before).toBe(2);
  });
});
