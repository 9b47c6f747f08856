import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importNdjson, type LineFlaw } from '../../src/export/ndjson-import';
import { FtmFlaw, localId, mapFtmEntity, type FtmImportOptions } from '../../src/model/ftm';
import { exposure, neighborhood, shortestPath } from '../../src/store/exploration.store';
import { connectTestDb, type TestDb } from '../support/neo4j';

/** Real OpenSanctions data (see test/fixtures/public/README.md), imported as it is. */
const FILE = path.join(__dirname, '..', 'fixtures', 'public', 'opensanctions-yente-delta-subset.ftm.json');
const MAPPING: FtmImportOptions = { today: '2025-01-01', defaultDataset: 'opensanctions-yente-fixture' };

const ELEKTROMASHINA = localId('NK-NSWaHofFyh2DLnmr5aaemb');
const LOCKHEED = localId('NK-mz7Dgcw5RGh4VRpKjKcnXB');
const DINI = localId('NK-Ld5SyGNpr7mmysNh4czCXJ');

/** Every id the file can write (its entities, lists, authorities, datasets), for the clean-up. */
function idsOfFile(): string[] {
  return readFileSync(FILE, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .flatMap((line) => {
      try {
        const mapped = mapFtmEntity(JSON.parse(line), MAPPING);
        return [...mapped.entities, ...mapped.derived].map((entity) => entity.id);
      } catch (error) {
        if (error instanceof FtmFlaw) return [];
        throw error;
      }
    });
}

describe('a real FtM file: OpenSanctions entities from yente’s test fixtures', () => {
  let db: TestDb;
  const flaws: LineFlaw[] = [];

  beforeAll(async () => {
    db = await connectTestDb();
    await importNdjson(db.runner, FILE, {
      ...MAPPING,
      format: 'ftm',
      batchSize: 10,
      strict: false,
      onFlaw: (flaw) => flaws.push(flaw),
    });
  });
  afterAll(async () => {
    await db.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id IN $ids DETACH DELETE e', { ids: idsOfFile() }));
    await db.close();
  });

  it('reports each flawed line with its number and reason, and imports the rest', () => {
    // Verified by reading the file: LegalEntity and Passport are schemata we do not map; the
    // Ownership's owner and both UnknownLinks' objects are not in this extract.
    expect(flaws.map(({ line, reason, message }) => [line, reason, message])).toEqual([
      [5, 'unsupported-schema', 'schema "LegalEntity" is not supported'],
      [7, 'unsupported-schema', 'schema "LegalEntity" is not supported'],
      [15, 'unsupported-schema', 'schema "Passport" is not supported'],
      [12, 'dangling-reference', expect.stringContaining('"nz-ru-named-rostec"')],
      [16, 'dangling-reference', expect.stringContaining(`"${localId('NK-kNULoiM7XfTYeWLtTZ4UHg')}"`)],
      [17, 'dangling-reference', expect.stringContaining('"ofac-37182"')],
    ]);
  });

  it('shows each Sanction as a LISTED_ON listing on the list its authority and program name', async () => {
    const graph = await neighborhood(db.runner, { id: ELEKTROMASHINA, depth: 1, limit: 200 });
    const listings = graph.edges.filter((edge) => edge.type === 'LISTED_ON' && edge.from === ELEKTROMASHINA);
    // Nine Sanction lines name Elektromashina; three ended before the test's "today" (2025-01-01).
    expect(listings).toHaveLength(9);
    expect(listings.filter((edge) => edge.status === 'ENDED').map((edge) => [edge.since, edge.until])).toEqual(
      expect.arrayContaining([
        ['2018-05-14', '2021-05-14'],
        ['2018-06-21', '2021-06-21'],
        ['2021-06-24', '2024-06-24'],
      ]),
    );
    expect(listings.filter((edge) => edge.status === 'ENDED')).toHaveLength(3);
    const nz = listings.find((edge) => edge.id === 'nz-ru-bd453cc7b21a3bcaeb04579188c152c340701032');
    expect(nz).toMatchObject({ status: 'ACTIVE', since: '2022-06-08' });
    const list = graph.nodes.find((node) => node.id === nz?.to);
    expect(list).toMatchObject({ kind: 'SANCTIONS_LIST', name: 'Russia Sanctions Act 2022' });
    expect(list?.properties['authority']).toBe('Ministry of Foreign Affairs and Trade');
  });

  it('runs exposure on the listings and shortestPath through a shared list', async () => {
    const active = await exposure(db.runner, { id: ELEKTROMASHINA, maxHops: 2 });
    expect(active).toHaveLength(6);
    expect(active.every((item) => item.entity.id === ELEKTROMASHINA && item.hops === 0)).toBe(true);
    const ended = await exposure(db.runner, { id: ELEKTROMASHINA, statuses: ['ENDED'] });
    expect(ended).toHaveLength(3);
    // Lockheed Martin and Jason Brodsky are both on Iran's foreign ministry's counter-sanctions.
    const path = await shortestPath(db.runner, {
      from: LOCKHEED,
      to: localId('ir-san-e8ecd81bdcf78a33fa8d860ea6aa07dc1a6e5178'),
    });
    expect(path?.nodes.map((node) => node.name)).toEqual([
      'Lockheed Martin Corporation',
      'Iran Ministry of Foreign Affairs sanctions',
      'Jason Brodsky',
    ]);
    expect(path?.edges.map((edge) => edge.id)).toEqual([
      'ir-san-3305a54cf5222c18fc920461e67b7ed508fa21d2',
      'ir-san-0ce7ef1616c0e916af0a25220155ad372859575c',
    ]);
    const dini = await exposure(db.runner, { id: DINI });
    expect(dini.map((item) => item.listing.id).sort()).toEqual([
      'id-dttot-af5e843cb4f8080c49c8e914fd1b364345bb4354',
      'ofac-f3a1a92b7ebc7cef3f0e24b6855bfe33704c2a82',
    ]);
  });
});
