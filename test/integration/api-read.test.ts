import type { Service } from '../../src/http/service';
import { loadSeedFile } from '../../src/store/seed';
import { graphql, startTestService } from '../support/service';

interface Conn<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}
interface Rel {
  id: string;
  type: string;
  status: string;
  since: string | null;
  from: { id: string };
  to: { id: string };
  evidence: { article: { id: string }; quote: string }[];
}

// Seed entities only, so rows other test files add meanwhile cannot shift the pages.
const SEED_IDS = [
  'china',
  'xinjiang',
  'united-states',
  'europe',
  'asia',
  'africa',
  'paris',
  'bangkok',
  'hikvision',
  'huawei',
  'canon',
  'hanwha-techwin',
  'bosch',
  'us-entity-list',
  'us-sdn-list',
];

// The seed graph: other files may load it concurrently, which is harmless (idempotent).
describe('GraphQL reads on the seed graph', () => {
  let service: Service;
  beforeAll(async () => {
    service = await startTestService();
    await loadSeedFile(service.runner);
  });
  afterAll(() => service.close());

  const relsOf = async (id: string, args: string): Promise<Conn<Rel>> => {
    const response = await graphql<{ entity: { relationships: Conn<Rel> } }>(
      service,
      `query($id: ID!) { entity(id: $id) { relationships(${args}) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id type status since from { id } to { id } evidence { article { id } quote } } } } } }`,
      { id },
    );
    expect(response.body.errors).toBeUndefined();
    return response.body.data!.entity.relationships;
  };

  it('answers entity(id) with kind-specific fields, and null for an unknown id', async () => {
    const response = await graphql<{ hik: Record<string, unknown>; none: null }>(
      service,
      `
        {
          hik: entity(id: "hikvision") {
            __typename
            id
            kind
            name
            country
            degree
            ... on Company {
              sector
            }
          }
          none: entity(id: "no-such-entity") {
            id
          }
        }
      `,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.hik).toMatchObject({ __typename: 'Company', kind: 'COMPANY', country: 'CN' });
    expect(response.body.data!.hik.degree as number).toBeGreaterThan(10);
    expect(response.body.data!.none).toBeNull();
  });

  it("shows Hikvision's listings with statuses, since and evidence", async () => {
    const listings = await relsOf('hikvision', 'types: [LISTED_ON], direction: OUTGOING');
    const byList = new Map(listings.edges.map(({ node }) => [node.to.id, node]));
    expect(byList.get('us-entity-list')).toMatchObject({ status: 'ACTIVE', since: '2019' });
    expect(byList.get('us-sdn-list')?.status).toBe('PROPOSED');
    for (const { node } of listings.edges) {
      expect(node.evidence.length).toBeGreaterThan(0);
      expect(node.evidence[0].article.id).toBe('techcentral-2022-05-05-hikvision-sanctions');
    }
  });

  it('reads symmetric COMPETES_WITH from both sides, whatever the direction asked', async () => {
    const fromHikvision = await relsOf('hikvision', 'types: [COMPETES_WITH], direction: OUTGOING');
    expect(fromHikvision.totalCount).toBe(3);
    const fromCanon = await relsOf('canon', 'types: [COMPETES_WITH], direction: OUTGOING');
    expect(fromCanon.edges.map(({ node }) => [node.from.id, node.to.id].sort())).toContainEqual(['canon', 'hikvision']);
    const competitors = await graphql<{ entity: { competitors: { id: string }[] } }>(
      service,
      '{ entity(id: "canon") { ... on Company { competitors { id } } } }',
    );
    expect(competitors.body.data!.entity.competitors.map((c) => c.id)).toEqual(['hikvision']);
  });

  it('filters by asOf: the 2019 listing does not hold in 2018 and does in 2020', async () => {
    const in2018 = await relsOf('hikvision', 'types: [LISTED_ON], status: [ACTIVE], asOf: "2018-06-01"');
    expect(in2018.edges.map(({ node }) => node.to.id)).not.toContain('us-entity-list');
    const in2020 = await relsOf('hikvision', 'types: [LISTED_ON], status: [ACTIVE], asOf: "2020-01-01"');
    expect(in2020.edges.map(({ node }) => node.to.id)).toContain('us-entity-list');
  });

  it('lists the Entity List members (ACTIVE by default) and entities listedOn it', async () => {
    const members = await graphql<{ entity: { members: Conn<Rel> } }>(
      service,
      '{ entity(id: "us-entity-list") { ... on SanctionsList { members { totalCount edges { node { id from { id } } } } } } }',
    );
    expect(members.body.data!.entity.members.edges.map(({ node }) => node.from.id).sort()).toEqual([
      'hikvision',
      'huawei',
    ]);
    const listed = await graphql<{ entities: Conn<{ id: string }> }>(
      service,
      '{ entities(filter: { listedOn: "us-entity-list" }) { totalCount edges { node { id } } } }',
    );
    expect(listed.body.data!.entities.edges.map(({ node }) => node.id).sort()).toEqual(['hikvision', 'huawei']);
    const sdn = await graphql<{ entities: Conn<{ id: string }> }>(
      service,
      '{ entities(filter: { listedOn: "us-sdn-list" }) { totalCount } }',
    );
    expect(sdn.body.data!.entities.totalCount).toBe(0);
  });

  it('filters entities by kind, name prefix and country, ordered by name', async () => {
    const response = await graphql<{ entities: Conn<{ id: string; name: string }> }>(
      service,
      '{ entities(filter: { kinds: [PLACE], namePrefix: "a" }, orderBy: NAME_ASC) { totalCount edges { node { id name } } } }',
    );
    const places = response.body.data!.entities.edges.map(({ node }) => node);
    // Other test files' places may be in the graph meanwhile: every row must match, and the seed's come in order.
    expect(places.every(({ name }) => name.toLowerCase().startsWith('a'))).toBe(true);
    expect(places.map(({ id }) => id).filter((id) => SEED_IDS.includes(id))).toEqual(['africa', 'asia']);
    const chinese = await graphql<{ entities: Conn<{ id: string }> }>(
      service,
      '{ entities(filter: { kinds: [COMPANY], country: "CN" }) { edges { node { id } } } }',
    );
    const chineseIds = chinese.body.data!.entities.edges.map(({ node }) => node.id);
    expect(chineseIds.filter((id) => SEED_IDS.includes(id)).sort()).toEqual(['hikvision', 'huawei']);
    expect(chineseIds).not.toContain('canon');
  });

  it('pages relationships with cursors: no item lost or repeated', async () => {
    const all = await relsOf('hikvision', 'first: 500');
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Conn<Rel> = await relsOf('hikvision', `first: 4${after ? `, after: "${after}"` : ''}`);
      expect(page.totalCount).toBe(all.totalCount);
      seen.push(...page.edges.map(({ node }) => node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(all.edges.map(({ node }) => node.id));
    expect(new Set(seen).size).toBe(all.totalCount);
  });

  it.each([['NAME_ASC'], ['NAME_DESC'], ['ID_ASC'], ['ID_DESC']])(
    'pages entities ordered %s: no item lost or repeated, in order',
    async (orderBy) => {
      const query = `query($after: String, $ids: [ID!]) { entities(filter: { ids: $ids }, orderBy: ${orderBy}, first: 3, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id name } } } }`;
      const all = await graphql<{ entities: Conn<{ id: string; name: string }> }>(
        service,
        query.replace('first: 3', 'first: 500'),
        { ids: SEED_IDS },
      );
      const expected = all.body.data!.entities.edges.map(({ node }) => node);
      const seen: { id: string; name: string }[] = [];
      let after: string | null = null;
      do {
        const page: { body: { data?: { entities: Conn<{ id: string; name: string }> } | null } } = await graphql(
          service,
          query,
          { after, ids: SEED_IDS },
        );
        seen.push(...page.body.data!.entities.edges.map(({ node }) => node));
        after = page.body.data!.entities.pageInfo.hasNextPage ? page.body.data!.entities.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(expected);
      expect(seen.length).toBe(SEED_IDS.length);
      const key = (entity: { id: string; name: string }): string =>
        orderBy.startsWith('NAME') ? `${entity.name.toLowerCase()}\u0000${entity.id}` : entity.id;
      const sorted = [...seen].sort((a, b) => (key(a) < key(b) ? -1 : 1));
      expect(seen).toEqual(orderBy.endsWith('DESC') ? sorted.reverse() : sorted);
    },
  );

  it('filters the top-level relationships by type, status, endpoint and article', async () => {
    const response = await graphql<{ relationships: Conn<Rel> }>(
      service,
      `
        {
          relationships(
            filter: { types: [LISTED_ON], status: [PROPOSED], article: "techcentral-2022-05-05-hikvision-sanctions" }
          ) {
            totalCount
            edges {
              node {
                id
                from {
                  id
                }
                to {
                  id
                }
              }
            }
          }
        }
      `,
    );
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.relationships.edges.map(({ node }) => [node.from.id, node.to.id])).toEqual([
      ['hikvision', 'us-sdn-list'],
    ]);
    const byTo = await graphql<{ relationships: Conn<Rel> }>(
      service,
      '{ relationships(filter: { to: "us-entity-list", types: [LISTED_ON] }) { totalCount } }',
    );
    expect(byTo.body.data!.relationships.totalCount).toBe(2);
    const one = await graphql<{ relationship: Rel }>(
      service,
      '{ relationship(id: "hikvision-listed-on-us-entity-list") { id type from { id } to { id } } }',
    );
    expect(one.body.data!.relationship).toMatchObject({ type: 'LISTED_ON', from: { id: 'hikvision' } });
  });

  it.each([
    ['first above the maximum', '{ entities(first: 501) { totalCount } }'],
    ['a negative first', '{ entities(first: -1) { totalCount } }'],
    ['a bad cursor', '{ entities(after: "not-a-cursor") { totalCount } }'],
    ['a bad asOf', '{ entity(id: "hikvision") { relationships(asOf: "2019-13") { totalCount } } }'],
    ['a bad country', '{ entities(filter: { country: "china" }) { totalCount } }'],
  ])('rejects %s with BAD_USER_INPUT', async (_name, query) => {
    const response = await graphql(service, query);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(response.body)).not.toMatch(/stacktrace|MATCH \(/);
  });
});
