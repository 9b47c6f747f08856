import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importNdjson, type LineFlaw } from '../../src/ingest/ndjson-import';
import { datasetId, FtmFlaw, localId, type FtmImportOptions } from '../../src/model/ftm';
import { neighborhood } from '../../src/store/exploration.store';
import { connectTestDb, type TestDb } from '../support/neo4j';
import { mapFtmEntity } from '../../src/ingest/ftm-to-graph';
import { exposure, shortestPath } from '../../src/store/path.store';

/** Real OpenSanctions data (origin and licence: test/fixtures/public/README.md), imported as it is. */
const FILE = path.join(__dirname, '..', 'fixtures', 'public', 'opensanctions-zala.ftm.json');
const MAPPING: FtmImportOptions = { today: '2025-01-01', defaultDataset: 'opensanctions-yente-fixture' };

const ZAKHAROV = localId('NK-aU5ybkbRFJucf8YMwsJvDw');
const ZALA = localId('NK-abdzbEBkqyT29GyREbiURZ');
const NIKITA = localId('NK-JseaPJctnK9o8wrmz8xmoT');
const KALASHNIKOV = localId('NK-nR5AXM9AVPq4pQaSPSaVam');
const ABASHKIN = localId('NK-mCEmxFfuhfdjpC8gsxH74o');
const SVETLANA = localId('NK-DQ98GPMgdVH8DSZd8g9Xtc');

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

describe('a real FtM file: the Zala Aero cluster from OpenSanctions (yente’s fixture)', () => {
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

  /** Counts of type/status among the edges touching `id`. */
  async function edgeCounts(id: string): Promise<Record<string, number>> {
    const graph = await neighborhood(db.runner, { id, depth: 1, limit: 500 });
    const counts: Record<string, number> = {};
    for (const edge of graph.edges.filter((edge) => edge.from === id || edge.to === id)) {
      const key = `${edge.type}/${edge.status}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** Each exposed entity once, with its hops and the path's edges. */
  async function exposedVia(id: string): Promise<[string, number, string[]][]> {
    const found = await exposure(db.runner, { id });
    const seen = new Map(
      found.map((item) => [
        item.entity.id,
        [item.entity.id, item.hops, item.path.edges.map((edge) => edge.id)] as const,
      ]),
    );
    return [...seen.values()].map(([entity, hops, edges]) => [entity, hops, [...edges]]);
  }

  it('imports every line; the only reports are addresses it refers to but does not hold', async () => {
    // The file is a cluster cut out of OpenSanctions: some addressEntity values name Address
    // entities outside it. Those HAS_ADDRESS edges cannot be made (the reference stays in the
    // entity's statement); every entity itself imports, the Passport of line 45 included.
    const lines = readFileSync(FILE, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    const held = new Set(lines.map((line) => (JSON.parse(line) as { id: string }).id));
    const missing = lines.flatMap((line, index) => {
      const entity = JSON.parse(line) as { properties: Record<string, string[]> };
      return (entity.properties['addressEntity'] ?? []).some((id) => !held.has(id)) ? [index + 1] : [];
    });
    expect(missing.length).toBeGreaterThan(0);
    expect(flaws.map((flaw) => flaw.line).sort((a, b) => a - b)).toEqual(missing.sort((a, b) => a - b));
    for (const flaw of flaws)
      expect(flaw).toMatchObject({
        reason: 'dangling-reference',
        message: expect.stringMatching(/^to: refers to entity "/),
      });
    const passport = localId('gb-fcdo-217caa5aa607244044b49706d04d8d6c5ec992bd');
    expect(await edgeCounts(passport)).toEqual({ 'IDENTIFIES/ACTIVE': 1 });
  });

  it('shows its sanctions as LISTED_ON listings and its ownership, directorship and family links as edges', async () => {
    // Zakharov: 13 Sanction lines; 10 Ownership lines as owner, 9 ended before 2025-01-01
    // (the test's today); Directorship lines 63 and 75; Family lines 57, 60, 62 and 64.
    expect(await edgeCounts(ZAKHAROV)).toEqual({
      'LISTED_ON/ACTIVE': 13,
      'OWNS/ACTIVE': 1,
      'OWNS/ENDED': 9,
      'DIRECTS/ACTIVE': 2,
      'FAMILY_OF/ACTIVE': 4,
      // Line 45, his Passport (it has no number: OpenSanctions publishes it so).
      'IDENTIFIES/ACTIVE': 1,
      // His one address the file holds.
      'HAS_ADDRESS/ACTIVE': 1,
    });
    // LLC CST: 28 Sanction lines, line 83's ended 2024-10-30; 7 Ownership lines as asset.
    expect(await edgeCounts(ZALA)).toEqual({
      'LISTED_ON/ACTIVE': 27,
      'LISTED_ON/ENDED': 1,
      'OWNS/ACTIVE': 3,
      'OWNS/ENDED': 4,
      'DIRECTS/ACTIVE': 2,
      'HAS_ADDRESS/ACTIVE': 10,
    });
    const graph = await neighborhood(db.runner, { id: ZAKHAROV, depth: 1, limit: 500 });
    expect(graph.edges.find((edge) => edge.id === 'ru-dfe0a021cb69f99e198bb8cbbcb93e81130b32a7')).toMatchObject({
      type: 'OWNS',
      from: ZAKHAROV,
      to: ZALA,
      since: '2015-11-25',
      status: 'ACTIVE',
    });
    // Line 82: Ukraine's NSDC listing, its list derived from programId UA-SA1644.
    expect(graph.edges.find((edge) => edge.id === 'ua-nsdc-3531f935d268a134880b64ba29518e35dafd049f')).toMatchObject({
      type: 'LISTED_ON',
      from: ZAKHAROV,
      to: localId('UA-SA1644'),
      since: '2023-07-01',
      until: '2033-07-01',
      status: 'ACTIVE',
      evidence: [expect.objectContaining({ dataset: datasetId('ua_nsdc_sanctions') })],
    });
    const family = graph.edges.find((edge) => edge.id === 'ofac-6d023267c742427bc92220ad97daca2e17b136ff');
    expect(family).toMatchObject({ type: 'FAMILY_OF', role: 'Family member of' });
  });

  // Zakharov both owns 51% of LLC CST (line 79) and directs it (line 63): shortest paths may take either.
  const ZAKHAROV_TO_ZALA = [
    'ru-dfe0a021cb69f99e198bb8cbbcb93e81130b32a7',
    'ofac-d8ecdd62dca8ba39b832a77c170926630683ea05',
  ];
  const NIKITA_FAMILY = 'ofac-6d023267c742427bc92220ad97daca2e17b136ff';

  it('lets exposure run through family, ownership and directorship links', async () => {
    // Nikita is not listed; his relative Zakharov is, and so is LLC CST, which Zakharov owns and directs.
    const viaNikita = await exposedVia(NIKITA);
    expect(viaNikita.map(([entity, hops]) => [entity, hops])).toEqual([
      [ZAKHAROV, 1],
      [ZALA, 2],
    ]);
    expect(viaNikita[0]?.[2]).toEqual([NIKITA_FAMILY]);
    expect(viaNikita[1]?.[2][0]).toBe(NIKITA_FAMILY);
    expect(ZAKHAROV_TO_ZALA).toContain(viaNikita[1]?.[2][1]);
    // Kalashnikov owns 49% of LLC CST (line 69; line 2 states it again without dates).
    const viaKalashnikov = await exposedVia(KALASHNIKOV);
    expect(viaKalashnikov.map(([entity, hops]) => [entity, hops])).toEqual([
      [ZALA, 1],
      [ZAKHAROV, 2],
    ]);
  });

  it('lets shortestPath run through family, ownership and directorship links', async () => {
    const kin = await shortestPath(db.runner, { from: NIKITA, to: KALASHNIKOV });
    expect(kin?.nodes.map((node) => node.id)).toEqual([NIKITA, ZAKHAROV, ZALA, KALASHNIKOV]);
    expect(kin?.edges[0]?.id).toBe(NIKITA_FAMILY);
    expect(ZAKHAROV_TO_ZALA).toContain(kin?.edges[1]?.id);
    expect(kin?.edges[2]).toMatchObject({ type: 'OWNS', from: KALASHNIKOV, to: ZALA });
    // Abashkin directs LLC CST (line 76), in which Svetlana Zakharova held 1% until 2023 (line 70).
    const director = await shortestPath(db.runner, { from: ABASHKIN, to: SVETLANA, types: ['DIRECTS', 'OWNS'] });
    expect(director?.edges.map((edge) => edge.id)).toEqual([
      'ru-a9285fbd0d02aebe28295dd37885191822789ad8',
      'ru-473aadfa7de6b37da51cbbc60864d284eb5cd199',
    ]);
  });
});
