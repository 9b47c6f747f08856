import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toFtm } from '../../src/formats/formats';
import type { Service } from '../../src/http/service';
import { importNdjson, type LineFlaw } from '../../src/ingest/ndjson-import';
import { datasetId, localId } from '../../src/model/ftm';
import { entitiesByIds } from '../../src/store/entity.store';
import { relationshipsByIds } from '../../src/store/relationship.store';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';
import { runPython, validateFtm } from '../support/python';
import { graphql, startTestService } from '../support/service';

/*
 * The lossless round trip: a file using 43 FtM schemata (written for this test from the FtM
 * schema documentation, test/fixtures/ftm/all-schemata.ndjson) imports, exports, and every
 * entity comes back with its id, schema and property values, which followthemoney accepts.
 */

interface FtmLine {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets?: string[];
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'ftm-roundtrip-'));
const p = uniquePrefix('rt');
const P = p.toUpperCase();
// Unique ids and dataset names per run: test files share one Neo4j.
const TEXT = readFileSync(path.join(__dirname, '..', 'fixtures', 'ftm', 'all-schemata.ndjson'), 'utf8')
  .replace(/"rt-/g, `"${p}-`)
  .replace(/"RT-/g, `"${P}-`)
  .replace(/"rt_/g, `"${p}_`);
const INPUT: FtmLine[] = TEXT.split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as FtmLine);
const FILE = path.join(tmp, 'input.ndjson');
writeFileSync(FILE, TEXT);

/** followthemoney's own normalisation of each line of a file, by id. */
function normalised(file: string): Map<string, FtmLine> {
  const result = runPython([path.join(__dirname, '..', 'support', 'ftm_normalize.py'), file]);
  if (result.status !== 0) throw new Error(result.stderr);
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  return new Map(lines.map((line) => JSON.parse(line) as FtmLine).map((line) => [line.id, line]));
}

const sortedValues = (properties: Record<string, string[]>) =>
  Object.fromEntries(
    Object.entries(properties)
      .map(([name, values]) => [name, [...values].sort()] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

describe('FtM round trip over 43 schemata', () => {
  let db: TestDb;
  const flaws: LineFlaw[] = [];

  beforeAll(async () => {
    db = await connectTestDb();
    await importNdjson(db.runner, FILE, {
      format: 'ftm',
      today: '2025-01-01',
      defaultDataset: `${p}_file`,
      batchSize: 7,
      strict: false,
      onFlaw: (flaw) => flaws.push(flaw),
    });
  });
  afterAll(async () => {
    await db.runner.write((tx) =>
      tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p OR e.name STARTS WITH $p DETACH DELETE e', { p }),
    );
    await db.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('uses at least 25 schemata and imports every line', () => {
    expect(new Set(INPUT.map((line) => line.schema)).size).toBeGreaterThanOrEqual(25);
    expect(flaws).toEqual([]);
  });

  it('exports every entity with its id, schema and values, entity by entity and property by property', async () => {
    const ids = INPUT.map((line) => localId(line.id));
    const nodes = [...(await entitiesByIds(db.runner, ids)).values()];
    const edges = [...(await relationshipsByIds(db.runner, ids)).values()];
    expect(nodes.length + edges.length).toBe(INPUT.length);
    const datasetNames = [...new Set(INPUT.flatMap((line) => line.datasets ?? []))];
    const sources = [...(await entitiesByIds(db.runner, datasetNames.map(datasetId))).values()];
    const exported = path.join(tmp, 'export.ndjson');
    writeFileSync(exported, toFtm({ nodes, edges, sources, truncated: false }));

    const validation = validateFtm(exported);
    expect(validation.stdout + validation.stderr).toBe('');
    expect(validation.status).toBe(0);

    const out = new Map(
      readFileSync(exported, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as FtmLine)
        .map((line) => [line.id, line]),
    );
    // As given: each line's properties are stored and written back exactly (the fixture has no blanks to drop).
    for (const line of INPUT) {
      expect({ id: line.id, ...out.get(line.id) }).toEqual({
        id: line.id,
        schema: line.schema,
        properties: line.properties,
        // Edges name the datasets of their evidence: a line without any cites the import's default dataset.
        ...(line.datasets ? { datasets: line.datasets } : {}),
        ...(!line.datasets && out.get(line.id)?.datasets ? { datasets: [`${p}_file`] } : {}),
        ...(out.get(line.id)?.['referents' as keyof FtmLine] ? { referents: expect.any(Array) } : {}),
        ...(out.get(line.id)?.['first_seen' as keyof FtmLine] ? { first_seen: expect.any(String) } : {}),
        ...(out.get(line.id)?.['last_seen' as keyof FtmLine] ? { last_seen: expect.any(String) } : {}),
      });
    }
    // As followthemoney normalises them (IBANs compacted, URLs with a path, …): the same on both sides.
    const before = normalised(FILE);
    const after = normalised(exported);
    for (const line of INPUT) {
      const expected = before.get(line.id)!;
      const actual = after.get(line.id);
      expect([line.id, actual?.schema, sortedValues(actual?.properties ?? {})]).toEqual([
        line.id,
        expected.schema,
        sortedValues(expected.properties),
      ]);
    }
  });

  describe('through GraphQL', () => {
    let service: Service;
    beforeAll(async () => {
      service = await startTestService();
    });
    afterAll(() => service.close());

    const ivan = () => localId(`${P}-Person.Ivan`);

    it('shows a sanctioned person’s birth dates, nationality, topics and passport number', async () => {
      const { body } = await graphql(
        service,
        `
          query ($id: ID!) {
            entity(id: $id) {
              schema
              topics
              addresses
              identifiers {
                scheme
                value
                normalized
                property
                documentId
              }
              properties(names: ["birthPlace", "fatherName", "nope"]) {
                name
                values
              }
              ... on Person {
                birthDate
                deathDate
                nationality
                gender
              }
            }
          }
        `,
        { id: ivan() },
      );
      expect(body.errors).toBeUndefined();
      const entity = body.data?.['entity'] as Record<string, unknown>;
      expect(entity).toMatchObject({
        schema: 'Person',
        topics: ['sanction', 'role.pep'],
        birthDate: ['1970-05-03', '1971'],
        deathDate: [],
        nationality: ['ru', 'cy'],
        gender: ['male'],
        properties: [
          { name: 'birthPlace', values: ['Tula'] },
          { name: 'fatherName', values: ['Petrovich'] },
        ],
      });
      expect(entity['identifiers']).toEqual(
        expect.arrayContaining([
          { scheme: 'ID', value: '7701 123456', normalized: '7701123456', property: 'idNumber', documentId: null },
          {
            scheme: 'PASSPORT',
            value: '75 0123456',
            normalized: '750123456',
            property: 'passportNumber',
            documentId: null,
          },
          {
            scheme: 'PASSPORT',
            value: '75 0123456',
            normalized: '750123456',
            property: 'number',
            documentId: localId(`${p}-passport`),
          },
        ]),
      );
    });

    it('shows a company’s legal details and address, and a debt’s amount', async () => {
      const { body } = await graphql(
        service,
        `
          query ($id: ID!, $debt: ID!) {
            entity(id: $id) {
              addresses
              identifiers {
                scheme
                normalized
              }
              ... on Company {
                incorporationDate
                jurisdiction
                legalForm
                status
              }
            }
            relationship(id: $debt) {
              type
              schema
              amount
              currency
              properties(names: ["startDate"]) {
                name
                values
              }
            }
          }
        `,
        { id: `${p}-hub`, debt: `${p}-debt-1` },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data?.['entity']).toMatchObject({
        addresses: ['1 Lens Road, Hangzhou', '1 Lens Road, Hangzhou 310000, China'],
        incorporationDate: ['2001-11'],
        jurisdiction: ['cn'],
        legalForm: ['Co., Ltd.'],
        status: ['active'],
      });
      expect((body.data?.['entity'] as { identifiers: unknown[] }).identifiers).toEqual(
        expect.arrayContaining([
          { scheme: 'LEI', normalized: '549300RTHUB000004256' },
          { scheme: 'INN', normalized: '7701234560' },
          { scheme: 'OGRN', normalized: '1027700132195' },
          { scheme: 'REGISTRATION', normalized: '91330000732728137J' },
        ]),
      );
      expect(body.data?.['relationship']).toEqual({
        type: 'OWES',
        schema: 'Debt',
        amount: ['2500000'],
        currency: ['EUR'],
        properties: [{ name: 'startDate', values: ['2020-06'] }],
      });
    });

    async function ids(filter: Record<string, unknown>): Promise<string[]> {
      const { body } = await graphql(
        service,
        'query ($filter: EntityFilter) { entities(filter: $filter, first: 100) { nodes { id } } }',
        { filter },
      );
      expect(body.errors).toBeUndefined();
      const nodes = (body.data?.['entities'] as { nodes: { id: string }[] }).nodes;
      return nodes.map((node) => node.id).filter((id) => id.startsWith(p) || id === ivan());
    }

    it('filters by topics, identifiers (own or on a passport), birth year, nationality and schema', async () => {
      expect((await ids({ topics: ['sanction'] })).sort()).toEqual(
        [`${p}-hub`, ivan(), `${p}-vessel`, `${p}-wallet`].sort(),
      );
      expect(await ids({ topics: ['role.pep'] })).toEqual([ivan()]);
      // Anna's only identifier is on her identity card.
      expect(await ids({ hasIdentifier: 'id-555 0001' })).toEqual(
        expect.arrayContaining([`${p}-anna`, `${p}-id-card`]),
      );
      expect(await ids({ hasIdentifier: '750123456', identifierScheme: 'PASSPORT' })).toEqual(
        expect.arrayContaining([ivan(), `${p}-passport`]),
      );
      expect(await ids({ hasIdentifier: 'imo 9876543', identifierScheme: 'IMO' })).toEqual([`${p}-vessel`]);
      expect(await ids({ hasIdentifier: '9876543', identifierScheme: 'LEI' })).toEqual([]);
      expect(await ids({ birthYear: 1971 })).toEqual([ivan()]);
      expect(await ids({ nationality: ['CY'], kinds: ['PERSON'] })).toEqual([ivan()]);
      expect(await ids({ schemata: ['Vessel', 'CryptoWallet'] })).toEqual(
        expect.arrayContaining([`${p}-vessel`, `${p}-wallet`]),
      );
    });

    it('refuses a topic or schema FtM does not have, saying which', async () => {
      const { body } = await graphql(service, '{ entities(filter: { topics: ["villain"] }) { totalCount } }');
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(body.errors?.[0]?.message).toMatch(/FtM topics/);
      const schema = await graphql(service, '{ search(query: "lens", topics: ["nope"]) { score } }');
      expect(schema.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    });

    it('searches among the entities of a topic', async () => {
      const { body } = await graphql(
        service,
        'query ($q: String!) { search(query: $q, topics: ["mare.shadow"]) { entity { id } } }',
        { q: 'Northern Lens' },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data?.['search']).toEqual([{ entity: { id: `${p}-vessel` } }]);
    });
  });
});
