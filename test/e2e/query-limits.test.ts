import type { Service } from '../../src/http/service';
import { loadSeedFile } from '../../src/store/seed';
import { graphql, startTestService } from '../support/service';

/** `relationships(first: 500) { edges { node { to { … } } } }` nested `levels` times. */
function nestedRelationships(levels: number): string {
  let selection = 'id';
  for (let level = 0; level < levels; level += 1) {
    selection = `relationships(first: 500) { edges { node { to { id ${selection} } } } }`;
  }
  return `{ entity(id: "hikvision") { ${selection} } }`;
}

const ALIASED_NEIGHBORHOODS = `{ ${Array.from(
  { length: 300 },
  (_, i) => `n${i}: neighborhood(id: "hikvision", depth: 3) { nodes { id } edges { id } }`,
).join(' ')} }`;

/** Each fragment spreads the previous one twice: 2^20 fields once flattened. */
const FRAGMENT_FAN_OUT = [
  '{ entity(id: "hikvision") { ...f20 } }',
  'fragment f0 on Entity { id name }',
  ...Array.from(
    { length: 20 },
    (_, i) => `fragment f${i + 1} on Entity { ...f${i} relationships(first: 2) { totalCount } ...f${i} }`,
  ),
].join('\n');

const NESTED_PAGES = `{
  entities(first: 500) { edges { node { relationships(first: 500) { edges { node { to { id } } } } } } }
}`;

describe('limits checked before any Cypher runs', () => {
  let service: Service;
  beforeAll(async () => {
    service = await startTestService();
    await loadSeedFile(service.runner);
  });
  afterAll(() => service.close());

  async function rejected(query: string) {
    const queriesBefore = service.runner.queryCount;
    const started = Date.now();
    const response = await graphql(service, query);
    return {
      response,
      ms: Date.now() - started,
      code: response.body.errors?.[0]?.extensions?.code,
      cypher: service.runner.queryCount - queriesBefore,
    };
  }

  it.each([
    ['12 levels of nested relationship pages', nestedRelationships(12)],
    ['300 aliased depth-3 neighbourhoods', ALIASED_NEIGHBORHOODS],
    ['a fragment fan-out', FRAGMENT_FAN_OUT],
    ['nested pages of 500 × 500', NESTED_PAGES],
  ])('%s: a coded error at once, no Cypher', async (_name, query) => {
    const { response, code, cypher, ms } = await rejected(query);
    expect(response.status).toBe(400);
    expect(code).toBe('QUERY_TOO_COMPLEX');
    expect(response.body.data).toBeUndefined();
    expect(cypher).toBe(0);
    // The issue asks for "within a second"; the bound here is loose because the machine is shared.
    expect(ms).toBeLessThan(3000);
  });

  it('states the computed cost and the limit', async () => {
    const { response } = await rejected(NESTED_PAGES);
    const error = response.body.errors![0];
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 50000 });
    expect(error.extensions!.cost).toBeGreaterThan(50000);
    expect(error.message).toContain(String(error.extensions!.cost));
    expect(error.message).toContain('50000');
  });

  it('names the depth and alias limits it hit', async () => {
    const deep = await rejected(nestedRelationships(4));
    expect(deep.response.body.errors![0]).toMatchObject({
      message: expect.stringMatching(/depth limit of 15/),
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 15 },
    });
    const aliases = await rejected(
      `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: graphStats { entityCount }`).join(' ')} }`,
    );
    expect(aliases.response.body.errors![0].extensions).toMatchObject({ limit: 'aliases', max: 30 });
    const directives = await rejected(`{ graphStats { entityCount ${'@include(if: true) '.repeat(51)} } }`);
    expect(directives.response.body.errors![0].extensions).toMatchObject({ limit: 'directives', max: 50 });
  });

  it('caps tokens at parse time', async () => {
    const { response } = await rejected(`{ graphStats { ${'entityCount '.repeat(6000)} } }`);
    expect(response.body.errors![0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens', max: 5000 });
  });

  it('counts page sizes from variables too', async () => {
    const response = await graphql(
      service,
      'query ($n: Int) { entities(first: $n) { edges { node { relationships(first: $n) { edges { node { id } } } } } } }',
      { n: 400 },
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('judges a document it has costed before by its new variables', async () => {
    const query =
      'query ($n: Int) { entities(first: $n) { edges { node { relationships(first: $n) { totalCount } } } } }';
    const codes: unknown[] = [];
    for (const n of [5, 400, 5, 400])
      codes.push((await graphql(service, query, { n })).body.errors?.[0]?.extensions?.code);
    expect(codes).toEqual([undefined, 'QUERY_TOO_COMPLEX', undefined, 'QUERY_TOO_COMPLEX']);
  });

  it('lets ordinary queries through (the README examples)', async () => {
    const queries = [
      `{ entity(id: "hikvision") { name degree relationships(types: [LISTED_ON], direction: OUTGOING) {
          totalCount edges { node { status since to { name } evidence { quote article { title } } } } } } }`,
      `{ neighborhood(id: "hikvision", depth: 2) { truncated nodes { id name kind }
          edges { type status from { id } to { id } evidence { quote article { title } } } } }`,
      `{ paths(from: "canon", to: "huawei", limit: 5) { length nodes { id name }
          edges { type status since evidence { quote article { title publishedAt } } } } }`,
      `{ exposure(id: "canon", maxHops: 2) { hops entity { name } list { name }
          listing { status since evidence { quote } } path { nodes { name } edges { type } } } }`,
      `{ entities(first: 100) { edges { node { id relationships(first: 50) { edges { node { type to { id } } } } } } } }`,
    ];
    for (const query of queries) {
      const response = await graphql(service, query);
      expect(response.body.errors?.map((error) => error.message)).toBeUndefined();
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('keeps the service memory flat across repeated bombs', async () => {
    const bombs = [nestedRelationships(12), ALIASED_NEIGHBORHOODS, FRAGMENT_FAN_OUT, NESTED_PAGES];
    for (const query of bombs) await graphql(service, query); // warm-up
    global.gc?.();
    const before = process.memoryUsage().rss;
    for (let round = 0; round < 10; round += 1) {
      await Promise.all(bombs.map((query) => graphql(service, query)));
    }
    global.gc?.();
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });
});

describe('the run-time object budget', () => {
  let service: Service;
  beforeAll(async () => {
    service = await startTestService({ env: { MAX_RESULT_OBJECTS: '20' } });
    await loadSeedFile(service.runner);
  });
  afterAll(() => service.close());

  it('stops a request that reads more objects than MAX_RESULT_OBJECTS, with a code; small ones pass', async () => {
    const big = await graphql(service, '{ entities(first: 50) { edges { node { id } } } }');
    expect(big.body.errors?.[0]?.extensions).toEqual({ code: 'RESULT_TOO_LARGE', max: 20 });
    expect(big.body.errors?.[0]?.message).toMatch(/more than 20 objects/);
    // The budget is per request: the next one starts afresh.
    const small = await graphql(service, '{ entity(id: "hikvision") { name } }');
    expect(small.body).toEqual({ data: { entity: { name: 'Hikvision' } } });
  });
});
