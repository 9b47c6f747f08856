import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvalidInputError } from '../../src/model/errors';
import type { GraphDocument } from '../../src/model/graph-document';
import { periodStart } from '../../src/model/partial-date';
import { validateGraphDocument } from '../../src/model/validate-document';
import type { ImportCounts } from '../../src/store/import.store';
import {
  ENTITY_PROJECTION,
  entityRow,
  holdsAsOf,
  RELATIONSHIP_PROJECTION,
  relationshipRow,
  type EntityRow,
  type RelationshipRow,
} from '../../src/store/records';
import { SEED_FILE } from '../../src/paths';
import { describeImportCounts, loadSeedFile } from '../../src/store/seed';
import { connectTestDb, type TestDb } from '../support/neo4j';

/**
 * The seed as loaded into Neo4j and read back with Cypher. Other test files may load the seed
 * at the same time (the import is idempotent), so reads stay within the seed's own ids.
 */
const ARTICLE_ID = 'techcentral-2022-05-05-hikvision-sanctions';

function seedDocument(): GraphDocument {
  const result = validateGraphDocument(JSON.parse(readFileSync(SEED_FILE, 'utf8')));
  if (!result.ok) throw new Error(`the seed does not validate: ${JSON.stringify(result.errors)}`);
  return result.document;
}

const total = (counts: ImportCounts) => ({
  entities: counts.entitiesCreated + counts.entitiesUpdated + counts.entitiesUnchanged,
  relationships: counts.relationshipsCreated + counts.relationshipsUpdated + counts.relationshipsUnchanged,
});

describe('the seed, loaded into Neo4j', () => {
  const seed = seedDocument();
  const seedRelationshipIds = seed.relationships.map((relationship) => relationship.id);
  let db: TestDb;
  let firstLoad: ImportCounts;

  /** Seed relationships matching `where` (a Cypher condition on r, a, b), as stored. */
  async function seedRelationships(where: string, params: Record<string, unknown> = {}): Promise<RelationshipRow[]> {
    const rows = await db.runner.read<{ r: Record<string, unknown> }>(
      `MATCH (a:Entity)-[r]->(b:Entity) WHERE r.id IN $ids AND ${where} RETURN ${RELATIONSHIP_PROJECTION} AS r ORDER BY r.id`,
      { ids: seedRelationshipIds, asOf: null, ...params },
    );
    return rows.map((row) => relationshipRow(row.r));
  }

  beforeAll(async () => {
    db = await connectTestDb();
    firstLoad = await loadSeedFile(db.runner);
  });
  afterAll(() => db.close());

  it('loads every entity and relationship of the file, exactly as the file states them', async () => {
    expect(total(firstLoad)).toEqual({ entities: 29, relationships: 61 });
    expect(firstLoad.entitiesUpdated + firstLoad.relationshipsUpdated).toBe(0);

    const entities = await db.runner.read<{ e: Record<string, unknown> }>(
      `MATCH (e:Entity) WHERE e.id IN $ids RETURN ${ENTITY_PROJECTION} AS e ORDER BY e.id`,
      { ids: seed.entities.map((entity) => entity.id) },
    );
    const expectedEntities: EntityRow[] = seed.entities.map((entity) =>
      entityRow({ ...entity, aliases: entity.aliases ?? [] }),
    );
    expect(entities.map((row) => entityRow(row.e))).toEqual(expectedEntities.sort((a, b) => (a.id < b.id ? -1 : 1)));

    const expectedRelationships: RelationshipRow[] = seed.relationships
      .map((relationship) => ({
        since: null,
        until: null,
        description: null,
        ...relationship,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(await seedRelationships('true')).toEqual(expectedRelationships);
  });

  it('gives every node its kind label', async () => {
    const rows = await db.runner.read<{ id: string; labels: string[] }>(
      'MATCH (e:Entity) WHERE e.id IN $ids RETURN e.id AS id, labels(e) AS labels',
      { ids: ['hikvision', 'us-entity-list', 'xinjiang', ARTICLE_ID] },
    );
    const labelsById = Object.fromEntries(rows.map((row) => [row.id, [...row.labels].sort()]));
    expect(labelsById).toEqual({
      hikvision: ['Company', 'Entity'],
      'us-entity-list': ['Entity', 'SanctionsList'],
      xinjiang: ['Entity', 'Place'],
      [ARTICLE_ID]: ['Article', 'Entity'],
    });
  });

  it("records Hikvision's lists: on the Entity List since 2019, the SDN list only proposed", async () => {
    const listings = await seedRelationships(`type(r) = 'LISTED_ON' AND a.id = 'hikvision'`);
    expect(listings.map(({ to, status, since, until }) => ({ to, status, since, until }))).toEqual([
      { to: 'us-entity-list', status: 'ACTIVE', since: '2019', until: null },
      { to: 'us-sdn-list', status: 'PROPOSED', since: null, until: null },
    ]);
    const activeSdn = await seedRelationships(`type(r) = 'LISTED_ON' AND b.id = 'us-sdn-list' AND r.status = 'ACTIVE'`);
    expect(activeSdn).toEqual([]);
  });

  it('names who else is on the Entity List: Huawei', async () => {
    const members = await seedRelationships(
      `type(r) = 'LISTED_ON' AND b.id = 'us-entity-list' AND r.status = 'ACTIVE'`,
    );
    expect(members.map((listing) => listing.from)).toEqual(['hikvision', 'huawei']);
  });

  it("reads Hikvision's competitors in both directions, each pair stored once", async () => {
    const undirected = async (id: string): Promise<string[]> => {
      const rows = await db.runner.read<{ other: string }>(
        `MATCH (:Entity {id: $id})-[r:COMPETES_WITH]-(other:Entity) WHERE r.id IN $ids
         RETURN other.id AS other ORDER BY other`,
        { id, ids: seedRelationshipIds },
      );
      return rows.map((row) => row.other);
    };
    expect(await undirected('hikvision')).toEqual(['bosch', 'canon', 'hanwha-techwin']);
    expect(await undirected('canon')).toEqual(['hikvision']);
    expect(await undirected('hanwha-techwin')).toEqual(['hikvision']);
    expect(await undirected('bosch')).toEqual(['hikvision']);
  });

  it('answers asOf from the stored validFrom/validTo: not listed in mid-2018, listed in 2020', async () => {
    const entityListAsOf = async (asOf: string): Promise<string[]> => {
      const listings = await seedRelationships(
        `type(r) = 'LISTED_ON' AND b.id = 'us-entity-list' AND r.status = 'ACTIVE' AND ${holdsAsOf('r')}`,
        { asOf: periodStart(asOf) },
      );
      return listings.map((listing) => listing.from);
    };
    // Huawei's listing has no date in the article, so it is open-ended.
    expect(await entityListAsOf('2018-06-01')).toEqual(['huawei']);
    expect(await entityListAsOf('2018-12-31')).toEqual(['huawei']);
    expect(await entityListAsOf('2019')).toEqual(['hikvision', 'huawei']);
    expect(await entityListAsOf('2020-01-01')).toEqual(['hikvision', 'huawei']);
  });

  it('backs every relationship with evidence: an article in the graph and a non-empty quote', async () => {
    const rows = await db.runner.read<{ id: string; articles: string[]; quotes: string[]; articleKinds: string[] }>(
      `MATCH ()-[r]->() WHERE r.id IN $ids
       RETURN r.id AS id, r.evidenceArticles AS articles, r.evidenceQuotes AS quotes,
              [article IN r.evidenceArticles | head(COLLECT { MATCH (e:Entity {id: article}) RETURN e.kind })] AS articleKinds`,
      { ids: seedRelationshipIds },
    );
    expect(rows).toHaveLength(seedRelationshipIds.length);
    for (const row of rows) {
      expect({ id: row.id, hasEvidence: row.articles.length > 0 }).toEqual({ id: row.id, hasEvidence: true });
      expect(row.quotes).toHaveLength(row.articles.length);
      expect(row.articleKinds).toEqual(row.articles.map(() => 'ARTICLE'));
      for (const quote of row.quotes) expect(quote.trim()).not.toBe('');
    }
  });

  it('changes nothing when loaded again', async () => {
    const snapshot = () =>
      db.runner.read(
        `MATCH (a:Entity)-[r]->(b:Entity) WHERE r.id IN $ids
         RETURN a {.*} AS a, type(r) AS type, r {.*} AS r, b {.*} AS b ORDER BY r.id`,
        { ids: seedRelationshipIds },
      );
    const before = await snapshot();
    const again = await loadSeedFile(db.runner);
    expect(again).toEqual({
      entitiesCreated: 0,
      entitiesUpdated: 0,
      entitiesUnchanged: 29,
      relationshipsCreated: 0,
      relationshipsUpdated: 0,
      relationshipsUnchanged: 61,
    });
    expect(describeImportCounts(again)).toBe(
      '29 entities (0 created, 0 updated, 29 unchanged), 61 relationships (0 created, 0 updated, 61 unchanged)',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('rejects a file that is not JSON with an error naming the file', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'entity-graph-seed-')), 'broken.json');
    writeFileSync(file, '{"entities": [');
    const error: unknown = await loadSeedFile(db.runner, file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/not valid JSON/);
  });
});
