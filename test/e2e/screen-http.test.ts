import type { Service } from '../../src/http/service';
import { importGraphDocument } from '../../src/store/import.store';
import { uniquePrefix } from '../support/neo4j';
import { startTestService } from '../support/service';

/*
 * POST /screen: NDJSON or JSON in, NDJSON streamed out, a record per query in input order.
 * A listed company and a supplier of it; names unusual enough that other files' data do not compete.
 */

const p = uniquePrefix('screen-http');
const id = (name: string): string => `${p}-${name}`;
const KEY = `${p}-reader-key`;

interface Record {
  key: string | null;
  verdict: string;
  message?: string;
  line?: number;
  index?: number;
  matches?: { id: string; score: number; exposures: { hops: number; list: { id: string }; path: string[] }[] }[];
}

describe('POST /screen', () => {
  let service: Service;

  beforeAll(async () => {
    service = await startTestService({ env: { API_KEYS: `${KEY}:reader` } });
    const article = { id: id('article'), kind: 'ARTICLE', name: 'Screen HTTP', title: 'Screen HTTP' };
    await importGraphDocument(service.runner, {
      entities: [
        article,
        { id: id('list'), kind: 'SANCTIONS_LIST', name: `${p} list` },
        { id: id('smelter'), kind: 'COMPANY', name: 'Vintrazolde Okkumar Smelting' },
        { id: id('hauler'), kind: 'COMPANY', name: 'Brisquetal Hovendrake Haulage' },
      ],
      relationships: [
        {
          id: id('listed'),
          type: 'LISTED_ON',
          from: id('smelter'),
          to: id('list'),
          status: 'ACTIVE',
          evidence: [{ article: article.id, quote: 'Vintrazolde was listed.' }],
        },
        {
          id: id('supplies'),
          type: 'SUPPLIES',
          from: id('hauler'),
          to: id('smelter'),
          status: 'ACTIVE',
          evidence: [{ article: article.id, quote: 'Brisquetal hauls for Vintrazolde.' }],
        },
      ],
    });
  });
  afterAll(async () => {
    await service.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p DETACH DELETE e', { p }));
    await service.close();
  });

  const post = (body: string, type: string, query = '', headers: { [name: string]: string } = {}) =>
    fetch(`${service.url}/screen${query}`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });
  const ndjson = (lines: unknown[]): string =>
    lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');
  const records = async (response: Response): Promise<Record[]> =>
    (await response.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record);

  it('streams NDJSON in input order, across batches, with ERROR records for bad lines', async () => {
    const names = ['Vintrazolde Okkumar Smelting Ltd', 'Hovendrake Brisquetal Haulage', 'Plonquist Yarrowmere Tiles'];
    const queries: unknown[] = Array.from({ length: 250 }, (_, index) => ({
      key: `q${index}`,
      names: [names[index % 3]],
    }));
    // Line 4 is not JSON, line 102 has no name, line 201 an unknown field; blank lines are skipped.
    queries.splice(3, 0, '{"key": "broken"');
    queries.splice(101, 0, { key: 'nameless', countries: ['DE'] });
    queries.splice(200, 0, { key: 'odd', names: ['x'], nickname: 'y' });
    const response = await post(`${ndjson(queries)}\n\n`, 'application/x-ndjson');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    // Through the same global rate limit as /graphql.
    expect(response.headers.get('x-ratelimit-limit')).not.toBeNull();
    const out = await records(response);
    expect(out.map((record) => record.key)).toEqual(
      queries.map((query) => (typeof query === 'string' ? null : (query as { key: string }).key)),
    );
    expect(out.slice(0, 3).map((record) => record.verdict)).toEqual(['LISTED', 'EXPOSED', 'CLEAR']);
    expect(out[0].matches?.[0]).toMatchObject({
      id: id('smelter'),
      exposures: [{ hops: 0, list: { id: id('list') } }],
    });
    expect(out[1].matches?.[0].exposures[0]).toMatchObject({ hops: 1, path: [id('hauler'), id('smelter')] });
    expect(out[3]).toMatchObject({
      key: null,
      verdict: 'ERROR',
      line: 4,
      message: expect.stringMatching(/^line 4: not JSON/),
    });
    expect(out[101]).toMatchObject({ key: 'nameless', verdict: 'ERROR', line: 102 });
    expect(out[101].message).toContain('line 102 needs a name');
    expect(out[200]).toMatchObject({ key: 'odd', verdict: 'ERROR', line: 201 });
    expect(out[200].message).toContain('unknown field "nickname"');
    expect(out[249].verdict).toBe(out[249 - 3].verdict);
  });

  it('takes JSON {queries, options}, with options in the query string too', async () => {
    const response = await post(
      JSON.stringify({
        queries: [
          { key: 'hauler', names: 'Brisquetal Hovendrake Haulage' },
          { key: 'ftm', schema: 'Company', properties: { name: ['Vintrazolde Okkumar Smelting'] } },
          { key: 7 },
        ],
        hops: 1,
        matches: 2,
      }),
      'application/json',
      '?threshold=0.6&status=ACTIVE,ALLEGED',
    );
    expect(response.status).toBe(200);
    const out = await records(response);
    expect(out.map((record) => [record.key, record.verdict])).toEqual([
      ['hauler', 'EXPOSED'],
      ['ftm', 'LISTED'],
      [null, 'ERROR'],
    ]);
    expect(out[2]).toMatchObject({ index: 2, message: expect.stringContaining('queries[2]: "key" must be a string') });
    // Only listings on another list count: the same queries are matches, no longer exposed.
    const elsewhere = await post(
      ndjson([
        { key: 'hauler', names: ['Brisquetal Hovendrake Haulage'] },
        { key: 'smelter', names: ['Vintrazolde Okkumar Smelting'] },
      ]),
      'application/x-ndjson',
      `?lists=${id('other-list')}&hops=2`,
    );
    expect((await records(elsewhere)).map((record) => record.verdict)).toEqual(['MATCHED', 'MATCHED']);
  });

  it('answers a bad option, a body that is no query list, or an unknown key before screening anything', async () => {
    const one = ndjson([{ key: 'a', names: ['Vintrazolde Okkumar Smelting'] }]);
    const refused = async (response: Response, status: number, code: string, message: string | RegExp) => {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await response.json()) as { error: string; code: string };
      expect(body.code).toBe(code);
      expect(body.error).toMatch(message);
    };
    await refused(
      await post(one, 'application/x-ndjson', '?hops=9'),
      400,
      'BAD_USER_INPUT',
      '"hops" must be an integer between 1 and 4, got "9"',
    );
    await refused(
      await post(one, 'application/x-ndjson', '?threshold=2'),
      400,
      'BAD_USER_INPUT',
      /"threshold" must be a number between 0 and 1/,
    );
    await refused(await post(one, 'application/x-ndjson', '?depth=2'), 400, 'BAD_USER_INPUT', 'unknown option "depth"');
    await refused(
      await post(JSON.stringify({ queries: [], hops: 1 }), 'application/json', '?hops=2'),
      400,
      'BAD_USER_INPUT',
      '"hops" is given both in the query string and in the body',
    );
    await refused(
      await post(JSON.stringify({ query: [] }), 'application/json'),
      400,
      'BAD_USER_INPUT',
      '"queries" must be a list',
    );
    await refused(await post('\n\n', 'application/x-ndjson'), 400, 'BAD_USER_INPUT', 'No queries');
    await refused(
      await post(one, 'application/x-ndjson', '', { authorization: 'Bearer not-a-key' }),
      401,
      'UNAUTHENTICATED',
      'Invalid API key',
    );
    const keyed = await post(one, 'application/x-ndjson', '', { authorization: `Bearer ${KEY}` });
    expect((await records(keyed)).map((record) => record.verdict)).toEqual(['LISTED']);
  });

  it(`refuses more than 10,000 queries (413)`, async () => {
    const lines = Array.from({ length: 10_001 }, (_, index) => `{"key":"k${index}","names":["Zorblatt ${index}"]}`);
    const response = await post(lines.join('\n'), 'application/x-ndjson');
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      error: expect.stringContaining('at most 10000 queries, this one has 10001'),
    });
    const json = await post(JSON.stringify({ queries: lines.map((line) => JSON.parse(line)) }), 'application/json');
    expect(json.status).toBe(413);
  });

  it('takes bodies past BODY_LIMIT_BYTES (1 MiB by default) up to its own limit of 16 MiB', async () => {
    const query = '{"key":"padded","names":["Vintrazolde Okkumar Smelting"]}';
    const padded = await post(`${query}${'\n'.repeat(2 * 1024 * 1024)}`, 'application/x-ndjson');
    expect(padded.status).toBe(200);
    expect((await records(padded)).map((record) => record.verdict)).toEqual(['LISTED']);
    const huge = await post(`${query}${'\n'.repeat(17 * 1024 * 1024)}`, 'application/x-ndjson');
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});
