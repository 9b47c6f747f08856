import type { Service } from '../../src/http/service';
import { loadSeedFile } from '../../src/store/seed';
import { graphql, startTestService, type GraphQLResponse } from '../support/service';

interface Edge {
  id: string;
  type: string;
  status: string;
  from: { id: string };
  to: { id: string };
  evidence: { article: { id: string }; quote: string }[];
}
interface Path {
  length: number;
  nodes: { id: string }[];
  edges: Edge[];
}
interface Exposure {
  entity: { id: string };
  list: { id: string; name: string };
  listing: Edge;
  hops: number;
  path: Path;
}

const EDGE = 'id type status from { id } to { id } evidence { article { id } quote }';
const PATH = `length nodes { id } edges { ${EDGE} }`;

// The seed graph: other files may load it concurrently, which is harmless (idempotent).
describe('graph exploration on the seed graph', () => {
  let service: Service;
  beforeAll(async () => {
    service = await startTestService();
    await loadSeedFile(service.runner);
  });
  afterAll(() => service.close());

  async function query<T>(text: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await graphql<T>(service, text, variables);
    expect(response.body.errors).toBeUndefined();
    return response.body.data!;
  }
  const errorCodes = (response: GraphQLResponse) => response.body.errors?.map((error) => error.extensions?.code);

  describe('neighborhood', () => {
    const NEIGHBORHOOD = `query($id: ID!, $depth: Int, $limit: Int, $types: [RelationshipType!], $direction: Direction, $asOf: String, $status: [RelationshipStatus!]) {
      neighborhood(id: $id, depth: $depth, limit: $limit, types: $types, direction: $direction, asOf: $asOf, status: $status) {
        truncated nodes { id kind name } edges { ${EDGE} } } }`;
    type Result = { neighborhood: { truncated: boolean; nodes: { id: string }[]; edges: Edge[] } };

    it('returns each node and edge once, the entity first, edges only among returned nodes', async () => {
      const { neighborhood } = await query<Result>(NEIGHBORHOOD, { id: 'hikvision', depth: 2 });
      const nodeIds = neighborhood.nodes.map((node) => node.id);
      expect(nodeIds[0]).toBe('hikvision');
      expect(new Set(nodeIds).size).toBe(nodeIds.length);
      const edgeIds = neighborhood.edges.map((edge) => edge.id);
      expect(new Set(edgeIds).size).toBe(edgeIds.length);
      for (const edge of neighborhood.edges) {
        expect(nodeIds).toContain(edge.from.id);
        expect(nodeIds).toContain(edge.to.id);
      }
      expect(nodeIds).toEqual(expect.arrayContaining(['us-entity-list', 'huawei', 'canon']));
      expect(neighborhood.truncated).toBe(false);
      const listing = neighborhood.edges.find((edge) => edge.id === 'hikvision-listed-on-us-entity-list');
      expect(listing?.evidence[0].article.id).toBe('techcentral-2022-05-05-hikvision-sanctions');
    });

    it('keeps the nearest nodes when the limit cuts, and says it did', async () => {
      const depth1 = await query<Result>(NEIGHBORHOOD, { id: 'hikvision', depth: 1 });
      const { neighborhood } = await query<Result>(NEIGHBORHOOD, { id: 'hikvision', depth: 3, limit: 5 });
      expect(neighborhood.nodes).toHaveLength(5);
      expect(neighborhood.truncated).toBe(true);
      const firstHop = new Set(depth1.neighborhood.nodes.map((node) => node.id));
      for (const node of neighborhood.nodes) expect(firstHop).toContain(node.id);
    });

    it('follows symmetric types whatever the direction, and filters by type, status and asOf', async () => {
      const outgoing = await query<Result>(NEIGHBORHOOD, {
        id: 'canon',
        types: ['COMPETES_WITH'],
        direction: 'OUTGOING',
      });
      expect(outgoing.neighborhood.nodes.map((node) => node.id).sort()).toEqual(['canon', 'hikvision']);
      const listings = await query<Result>(NEIGHBORHOOD, {
        id: 'hikvision',
        types: ['LISTED_ON'],
        status: ['ACTIVE'],
        asOf: '2018-01-01',
      });
      expect(listings.neighborhood.nodes.map((node) => node.id)).toEqual(['hikvision']);
      const active = await query<Result>(NEIGHBORHOOD, { id: 'hikvision', types: ['LISTED_ON'], status: ['ACTIVE'] });
      expect(active.neighborhood.nodes.map((node) => node.id)).toEqual(['hikvision', 'us-entity-list']);
    });

    it('rejects depth 4 and a limit above the maximum as BAD_USER_INPUT, an unknown id as NOT_FOUND', async () => {
      const depth = await graphql(service, NEIGHBORHOOD, { id: 'hikvision', depth: 4 });
      expect(errorCodes(depth)).toEqual(['BAD_USER_INPUT']);
      const limit = await graphql(service, NEIGHBORHOOD, { id: 'hikvision', limit: 1001 });
      expect(errorCodes(limit)).toEqual(['BAD_USER_INPUT']);
      const missing = await graphql(service, NEIGHBORHOOD, { id: 'no-such-entity' });
      expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
    });
  });

  describe('shortestPath and paths', () => {
    it('connects Hikvision and Huawei through the Entity List', async () => {
      const { shortestPath } = await query<{ shortestPath: Path }>(
        `{ shortestPath(from: "hikvision", to: "huawei", types: [LISTED_ON]) { ${PATH} } }`,
      );
      expect(shortestPath.length).toBe(2);
      expect(shortestPath.nodes.map((node) => node.id)).toEqual(['hikvision', 'us-entity-list', 'huawei']);
      expect(shortestPath.edges.map((edge) => edge.id)).toEqual([
        'hikvision-listed-on-us-entity-list',
        'huawei-listed-on-us-entity-list',
      ]);
      const anyType = await query<{ shortestPath: Path }>(
        `{ shortestPath(from: "hikvision", to: "huawei") { length } }`,
      );
      expect(anyType.shortestPath.length).toBe(2);
    });

    it('answers null when no path exists within maxDepth or asOf, NOT_FOUND for an unknown endpoint', async () => {
      const { shortestPath } = await query<{ shortestPath: Path | null }>(
        `{ shortestPath(from: "hikvision", to: "huawei", types: [LISTED_ON], asOf: "2018-01-01") { length } }`,
      );
      expect(shortestPath).toBeNull();
      const tooShort = await query<{ shortestPath: Path | null }>(
        `{ shortestPath(from: "canon", to: "huawei", maxDepth: 2) { length } }`,
      );
      expect(tooShort.shortestPath).toBeNull();
      const missing = await graphql(
        service,
        `
          {
            shortestPath(from: "hikvision", to: "nobody") {
              length
            }
          }
        `,
      );
      expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
      const deep = await graphql(
        service,
        `
          {
            shortestPath(from: "hikvision", to: "huawei", maxDepth: 7) {
              length
            }
          }
        `,
      );
      expect(errorCodes(deep)).toEqual(['BAD_USER_INPUT']);
    });

    it('lists alternative simple paths, shortest first, each edge with its evidence', async () => {
      const { paths } = await query<{ paths: Path[] }>(
        `{ paths(from: "canon", to: "huawei", maxDepth: 4, limit: 10) { ${PATH} } }`,
      );
      expect(paths.length).toBeGreaterThan(1);
      const lengths = paths.map((path) => path.length);
      expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
      for (const path of paths) {
        const ids = path.nodes.map((node) => node.id);
        expect(ids[0]).toBe('canon');
        expect(ids.at(-1)).toBe('huawei');
        expect(new Set(ids).size).toBe(ids.length);
        expect(path.edges).toHaveLength(path.length);
        for (const edge of path.edges) {
          expect(edge.evidence.length).toBeGreaterThan(0);
          expect(edge.type).not.toBe('MENTIONS');
        }
      }
      expect(paths.map((path) => path.nodes.map((node) => node.id).join(' '))).toContain(
        'canon hikvision us-entity-list huawei',
      );
    });

    it('follows provenance edges only when asked', async () => {
      const { paths } = await query<{ paths: Path[] }>(
        `{ paths(from: "hikvision", to: "huawei", types: [MENTIONS]) { ${PATH} } }`,
      );
      expect(paths.map((path) => path.nodes.map((node) => node.id))).toEqual([
        ['hikvision', 'techcentral-2022-05-05-hikvision-sanctions', 'huawei'],
      ]);
    });
  });

  describe('exposure', () => {
    const EXPOSURE = `query($id: ID!, $maxHops: Int, $asOf: String, $lists: [ID!], $status: [RelationshipStatus!], $first: Int) {
      exposure(id: $id, maxHops: $maxHops, asOf: $asOf, lists: $lists, status: $status, first: $first) {
        hops entity { id } list { id name } listing { ${EDGE} } path { ${PATH} } } }`;

    it("finds Hikvision's Entity List listing within 2 hops of Canon, with the path and evidence", async () => {
      const { exposure } = await query<{ exposure: Exposure[] }>(EXPOSURE, { id: 'canon' });
      const hikvision = exposure.find((item) => item.entity.id === 'hikvision');
      expect(hikvision).toMatchObject({
        hops: 1,
        list: { id: 'us-entity-list', name: 'Entity List' },
        listing: { id: 'hikvision-listed-on-us-entity-list', status: 'ACTIVE', to: { id: 'us-entity-list' } },
      });
      expect(hikvision!.path.nodes.map((node) => node.id)).toEqual(['canon', 'hikvision']);
      expect(hikvision!.path.edges[0].type).toBe('COMPETES_WITH');
      expect(hikvision!.listing.evidence.length).toBeGreaterThan(0);
    });

    it('drops the listing asOf 2018, before it began', async () => {
      const { exposure } = await query<{ exposure: Exposure[] }>(EXPOSURE, { id: 'canon', asOf: '2018-01-01' });
      expect(exposure.map((item) => item.entity.id)).not.toContain('hikvision');
    });

    it('does not count the PROPOSED SDN listing unless asked to', async () => {
      const byDefault = await query<{ exposure: Exposure[] }>(EXPOSURE, { id: 'hikvision' });
      expect(byDefault.exposure.map((item) => [item.entity.id, item.list.id, item.hops])).toContainEqual([
        'hikvision',
        'us-entity-list',
        0,
      ]);
      expect(byDefault.exposure.map((item) => item.list.id)).not.toContain('us-sdn-list');
      const proposed = await query<{ exposure: Exposure[] }>(EXPOSURE, {
        id: 'hikvision',
        status: ['PROPOSED'],
        lists: ['us-sdn-list'],
      });
      expect(proposed.exposure.map((item) => [item.entity.id, item.list.id, item.listing.status])).toEqual([
        ['hikvision', 'us-sdn-list', 'PROPOSED'],
      ]);
    });

    it('orders nearest first and never routes through a list, an article or a place', async () => {
      const { exposure } = await query<{ exposure: Exposure[] }>(EXPOSURE, { id: 'us-government', maxHops: 4 });
      const hops = exposure.map((item) => item.hops);
      expect(hops).toEqual([...hops].sort((a, b) => a - b));
      for (const item of exposure) {
        expect(item.path.length).toBe(item.hops);
        for (const edge of item.path.edges) expect(['LISTED_ON', 'MENTIONS']).not.toContain(edge.type);
      }
      // Huawei's only links are its listing, its headquarters (a place) and articles: not exposure.
      expect(exposure.map((item) => item.entity.id)).not.toContain('huawei');
      expect(exposure.map((item) => item.entity.id)).toContain('hikvision');
    });

    it('answers the nearest `first` only, as the head of the whole list, and refuses first 0 or 501', async () => {
      const asked = { id: 'hikvision', status: ['ACTIVE', 'PROPOSED'] };
      const all = await query<{ exposure: Exposure[] }>(EXPOSURE, asked);
      expect(all.exposure.length).toBeGreaterThan(1);
      const nearest = await query<{ exposure: Exposure[] }>(EXPOSURE, { ...asked, first: 1 });
      expect(nearest.exposure.map((item) => item.listing.id)).toEqual([all.exposure[0].listing.id]);
      for (const first of [0, 501]) {
        expect(errorCodes(await graphql(service, EXPOSURE, { id: 'us-government', first }))).toEqual([
          'BAD_USER_INPUT',
        ]);
      }
    });
  });

  it('finds common neighbours of Hikvision and Huawei', async () => {
    const { commonNeighbors } = await query<{ commonNeighbors: { id: string }[] }>(
      '{ commonNeighbors(a: "hikvision", b: "huawei") { id } }',
    );
    const ids = commonNeighbors.map((entity) => entity.id);
    expect(ids).toContain('us-entity-list');
    expect(ids).not.toContain('hikvision');
    expect(ids).not.toContain('huawei');
    const listsOnly = await query<{ commonNeighbors: { id: string }[] }>(
      '{ commonNeighbors(a: "hikvision", b: "huawei", types: [LISTED_ON]) { id } }',
    );
    expect(listsOnly.commonNeighbors.map((entity) => entity.id)).toEqual(['us-entity-list']);
  });

  describe('search', () => {
    const SEARCH = `query($query: String!, $kinds: [EntityKind!], $first: Int) {
      search(query: $query, kinds: $kinds, first: $first) { score entity { id kind } } }`;
    type Hits = { search: { score: number; entity: { id: string; kind: string } }[] };
    const topIds = async (text: string, variables: Record<string, unknown> = {}) =>
      (await query<Hits>(SEARCH, { query: text, ...variables })).search.map((hit) => hit.entity.id);

    it('finds by name, prefix and with a typo', async () => {
      expect((await topIds('hanwha'))[0]).toBe('hanwha-techwin');
      expect((await topIds('hikv'))[0]).toBe('hikvision');
      expect((await topIds('Hanwa'))[0]).toBe('hanwha-techwin');
      expect(await topIds('SDN list')).toContain('us-sdn-list');
    });

    it('finds by alias, filters by kind, and scores best first', async () => {
      const { search } = await query<Hits>(SEARCH, { query: 'Robert Bosch' });
      expect(search[0].entity.id).toBe('bosch');
      const scores = search.map((hit) => hit.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const lists = await query<Hits>(SEARCH, { query: 'list', kinds: ['SANCTIONS_LIST'], first: 5 });
      expect(lists.search.length).toBeGreaterThan(0);
      expect(lists.search.every((hit) => hit.entity.kind === 'SANCTIONS_LIST')).toBe(true);
    });

    it('takes any text: Lucene syntax is literal, never an error', async () => {
      for (const text of ['hikvision AND (', '"unbalanced', 'x:y/z [a TO b]', '~*?', 'NOT', 'a\\', '{!}']) {
        const response = await graphql<Hits>(service, SEARCH, { query: text });
        expect(response.body.errors).toBeUndefined();
        expect(Array.isArray(response.body.data!.search)).toBe(true);
      }
      expect(await topIds('hikvision AND (')).toContain('hikvision');
    });

    it('rejects empty and over-long queries and a page above the maximum as BAD_USER_INPUT', async () => {
      for (const variables of [
        { query: '' },
        { query: '   ' },
        { query: 'x'.repeat(201) },
        { query: 'a', first: 101 },
      ]) {
        expect(errorCodes(await graphql(service, SEARCH, variables))).toEqual(['BAD_USER_INPUT']);
      }
    });
  });
});
