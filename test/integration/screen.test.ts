import type { Service } from '../../src/http/service';
import { importGraphDocument } from '../../src/store/import.store';
import { uniquePrefix } from '../support/neo4j';
import { graphql, startTestService } from '../support/service';

/*
 * `screen` against a real Neo4j: a listed company, a supplier of it (exposed at one hop, with the
 * path and its evidence), a company with no listing near it, and a name nobody has. Names are
 * unusual enough that other test files' data do not compete.
 */

const p = uniquePrefix('screen');
const id = (name: string): string => `${p}-${name}`;

type Screened = {
  key: string;
  verdict: string;
  bestScore: number | null;
  matches: {
    entity: { id: string };
    score: number;
    exposuresTruncated: boolean;
    exposures: {
      hops: number;
      entity: { id: string };
      list: { id: string };
      path: { edges: { type: string; evidence: { quote: string }[] }[] };
    }[];
  }[];
};

const SCREEN = `query ($queries: [MatchQuery!]!, $hops: Int, $exposures: Int) {
  screen(queries: $queries, hops: $hops, exposures: $exposures) {
    key verdict bestScore
    matches { entity { id } score exposuresTruncated
      exposures { hops entity { id } list { id } path { edges { type evidence { quote } } } } } } }`;

describe('screen', () => {
  let service: Service;

  beforeAll(async () => {
    service = await startTestService();
    const article = { id: id('article'), kind: 'ARTICLE', name: 'Screen', title: 'Screen', publishedAt: '2024-01-01' };
    const evidence = (quote: string) => [{ article: article.id, quote }];
    await importGraphDocument(service.runner, {
      entities: [
        article,
        { id: id('list'), kind: 'SANCTIONS_LIST', name: `${p} list` },
        { id: id('list2'), kind: 'SANCTIONS_LIST', name: `${p} second list` },
        { id: id('listed'), kind: 'COMPANY', name: 'Quillfeather Zirconium Works', country: 'CN' },
        { id: id('supplier'), kind: 'COMPANY', name: 'Marbleton Vexhollow Trading' },
        { id: id('other'), kind: 'COMPANY', name: 'Ostrowind Plexar Foods' },
        { id: id('stranger'), kind: 'COMPANY', name: 'Tundravale Copperline' },
      ],
      relationships: [
        {
          id: id('l'),
          type: 'LISTED_ON',
          from: id('listed'),
          to: id('list'),
          status: 'ACTIVE',
          evidence: evidence('Listed in 2021.'),
        },
        {
          id: id('s'),
          type: 'SUPPLIES',
          from: id('supplier'),
          to: id('listed'),
          status: 'ACTIVE',
          evidence: evidence('Marbleton supplies Quillfeather.'),
        },
        {
          id: id('l2'),
          type: 'LISTED_ON',
          from: id('listed'),
          to: id('list2'),
          status: 'ACTIVE',
          evidence: evidence('Listed again.'),
        },
        // An ENDED supply is no exposure.
        {
          id: id('o'),
          type: 'SUPPLIES',
          from: id('other'),
          to: id('listed'),
          status: 'ENDED',
          evidence: evidence('Ostrowind once supplied it.'),
        },
      ],
    });
  });
  afterAll(async () => {
    await service.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p DETACH DELETE e', { p }));
    await service.close();
  });

  async function screen(variables: Record<string, unknown>): Promise<Screened[]> {
    const { body } = await graphql(service, SCREEN, variables);
    expect(body.errors).toBeUndefined();
    return body.data?.['screen'] as Screened[];
  }

  it('says which queries are listed, exposed through whom, matched only, or clear', async () => {
    const results = await screen({
      queries: [
        { key: 'listed', names: ['QUILLFEATHER ZIRCONIUM WORKS CO., LTD.'] },
        { key: 'supplier', names: ['Vexhollow Marbleton Trading LLC'] },
        { key: 'other', names: ['Ostrowind Plexar Foods'] },
        { key: 'nobody', names: ['Glimmerquist Oberhaven Sprockets'] },
      ],
    });
    expect(results.map((result) => [result.key, result.verdict])).toEqual([
      ['listed', 'LISTED'],
      ['supplier', 'EXPOSED'],
      ['other', 'MATCHED'],
      ['nobody', 'CLEAR'],
    ]);
    const [listed, supplier, other] = results;
    expect(listed.matches[0].entity.id).toBe(id('listed'));
    expect(listed.matches[0].exposures[0]).toMatchObject({ hops: 0, list: { id: id('list') } });
    const [exposure] = supplier.matches[0].exposures;
    expect(exposure).toMatchObject({ hops: 1, entity: { id: id('listed') }, list: { id: id('list') } });
    expect(exposure.path.edges).toEqual([
      { type: 'SUPPLIES', evidence: [{ quote: 'Marbleton supplies Quillfeather.' }] },
    ]);
    expect(other.matches[0].exposures).toEqual([]);
  });

  it('keeps the nearest exposures and says when it cut them', async () => {
    const [result] = await screen({
      queries: [{ key: 'q', names: ['Marbleton Vexhollow Trading'] }],
      exposures: 1,
      hops: 1,
    });
    // Two listings are in reach (the listed company is on both lists): the nearer kept.
    expect(result.matches[0].exposures.map((item) => item.list.id)).toEqual([id('list')]);
    expect(result.matches[0].exposuresTruncated).toBe(true);
    const [whole] = await screen({ queries: [{ key: 'q', names: ['Marbleton Vexhollow Trading'] }], hops: 1 });
    expect(whole.matches[0].exposures.map((item) => item.list.id)).toEqual([id('list'), id('list2')]);
    expect(whole.matches[0].exposuresTruncated).toBe(false);
  });

  it('refuses bad input with BAD_USER_INPUT', async () => {
    for (const variables of [
      { queries: [{ key: 'q' }] },
      { queries: [{ key: 'q', names: ['x'] }], hops: 9 },
      { queries: [{ key: 'q', names: ['x'] }], exposures: 0 },
      { queries: [] },
    ]) {
      const { body } = await graphql(service, SCREEN, variables);
      expect(body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    }
  });
});
