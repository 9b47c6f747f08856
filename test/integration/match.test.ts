import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Service } from '../../src/http/service';
import { importNdjson } from '../../src/ingest/ndjson-import';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';
import { graphql, startTestService } from '../support/service';

/*
 * `match` against a real Neo4j: names in another script and order, a namesake born in another
 * year, an identifier, an FtM-shaped query, the filters, and bad input. The names are unusual
 * enough that other test files' data (one shared Neo4j) do not compete.
 */

const p = uniquePrefix('match');
const lines = [
  {
    id: `${p}-pantel`,
    schema: 'Person',
    properties: {
      name: ['Пантелеймон Аристархович Вышеславцев'],
      birthDate: ['1961-02-14'],
      nationality: ['ru'],
      topics: ['sanction'],
    },
  },
  {
    id: `${p}-pantel-2`,
    schema: 'Person',
    properties: { name: ['Panteleimon Vysheslavtsev'], birthDate: ['1988'], nationality: ['ru'] },
  },
  {
    id: `${p}-ship`,
    schema: 'Vessel',
    properties: { name: ['Kvartsevaya Zarya'], imoNumber: ['IMO 9312467'], topics: ['sanction'] },
  },
  {
    id: `${p}-firm`,
    schema: 'Company',
    properties: { name: ['ООО «Кварцевая Заря»'], alias: ['Kvartsevaya Zarya LLC'], country: ['ru'] },
  },
];

type Result = {
  key: string;
  results: { entity: { id: string }; score: number; match: boolean; features: { name: string }[] }[];
};

describe('match', () => {
  let db: TestDb;
  let service: Service;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'match-'));

  beforeAll(async () => {
    db = await connectTestDb();
    const file = path.join(tmp, 'lines.ndjson');
    writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n'));
    await importNdjson(db.runner, file, {
      format: 'ftm',
      today: '2025-01-01',
      defaultDataset: `${p}_file`,
      batchSize: 100,
      strict: true,
      onFlaw: (flaw) => {
        throw new Error(`line ${flaw.line}: ${flaw.message}`);
      },
    });
    service = await startTestService();
  });
  afterAll(async () => {
    await service.close();
    await db.runner.write((tx) =>
      tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p OR e.name STARTS WITH $p DETACH DELETE e', { p }),
    );
    await db.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function match(args: string, variables: Record<string, unknown> = {}): Promise<Result[]> {
    const { body } = await graphql(
      service,
      `query ($queries: [MatchQuery!]!) { match(queries: $queries ${args}) { key results { entity { id } score match features { name } } } }`,
      variables,
    );
    expect(body.errors).toBeUndefined();
    return body.data?.['match'] as Result[];
  }

  it('finds a person written in Cyrillic by a Latin query in another order, and ranks the namesake lower', async () => {
    const [response] = await match('', {
      queries: [{ key: 'q1', kind: 'PERSON', names: ['Vysheslavtsev Panteleimon'], birthDate: ['1961'] }],
    });
    expect(response.key).toBe('q1');
    expect(response.results.map((result) => result.entity.id).slice(0, 2)).toEqual([`${p}-pantel`, `${p}-pantel-2`]);
    const [best, namesake] = response.results;
    expect(best.match).toBe(true);
    expect(namesake.match).toBe(false);
    expect(namesake.features.map((feature) => feature.name)).toContain('birth_year_mismatch');
  });

  it('takes an FtM entity as it is, and an identifier carries a weak name', async () => {
    const [ftm, imo] = await match('', {
      queries: [
        { key: 'ftm', schema: 'Company', properties: { name: ['Kvartsevaya Zarya, Limited Liability Company'] } },
        { key: 'imo', names: ['K. Zarya'], identifiers: ['imo9312467'] },
      ],
    });
    expect(ftm.results[0]).toMatchObject({ entity: { id: `${p}-firm` }, match: true });
    expect(imo.results[0]).toMatchObject({ entity: { id: `${p}-ship` }, match: true });
    expect(imo.results[0].features.map((feature) => feature.name)).toContain('identifier_match');
  });

  it('filters candidates by kind, topic and excluded ids', async () => {
    const queries = [{ key: 'q', names: ['Kvartsevaya Zarya'] }];
    const ids = async (args: string) => (await match(args, { queries }))[0].results.map((result) => result.entity.id);
    expect(await ids('kinds: [VESSEL]')).toEqual([`${p}-ship`]);
    expect(await ids('topics: ["sanction"]')).toEqual([`${p}-ship`]);
    expect(await ids(`excludeIds: ["${p}-ship"], kinds: [VESSEL, COMPANY]`)).toEqual([`${p}-firm`]);
  });

  it('answers the largest queries the schema allows: 100 queries of 20 names of 300 characters each', async () => {
    const name = (seed: number) =>
      Array.from({ length: 60 }, (_, index) => `w${seed}x${index}`)
        .join(' ')
        .slice(0, 300);
    const queries = Array.from({ length: 100 }, (_, index) => ({
      key: String(index),
      names: Array.from({ length: 20 }, (_, n) => name(index * 20 + n)),
      identifiers: Array.from({ length: 20 }, (_, n) => `ID-${index}-${n}`),
    }));
    const { body } = await graphql(service, 'query ($q: [MatchQuery!]!) { match(queries: $q, limit: 1) { key } }', {
      q: queries,
    });
    expect(body.errors).toBeUndefined();
    expect((body.data?.['match'] as unknown[]).length).toBe(100);
  });

  it('refuses a query without a name, properties without a schema, and too many queries', async () => {
    const call = (queries: unknown[]) =>
      graphql(service, 'query ($q: [MatchQuery!]!) { match(queries: $q) { key } }', { q: queries });
    for (const queries of [
      [{ key: 'a', countries: ['ru'] }],
      [{ key: 'a', properties: { name: ['X'] } }],
      [{ key: 'a', schema: 'Person', properties: { name: ['X'], birthDate: ['soon'] } }],
      Array.from({ length: 101 }, (_, index) => ({ key: String(index), names: ['X'] })),
    ]) {
      const { body } = await call(queries);
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});
