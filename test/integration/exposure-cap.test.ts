import { ResultTooLargeError } from '../../src/model/errors';
import { MAX_EXPOSURES } from '../../src/store/exploration.store';
import { importGraphDocument } from '../../src/store/import.store';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';
import { exposure } from '../../src/store/path.store';

// exposure answers a plain list (the API contract), which has no truncated flag: past the cap a
// query is refused, and a watch keeps the nearest.
describe('exposure past MAX_EXPOSURES listings', () => {
  const prefix = uniquePrefix('expocap');
  const id = (name: string): string => `${prefix}-${name}`;
  let db: TestDb;

  /** `count` companies around `centre`, each competing with it and listed on the list. */
  const listedAround = async (centre: string, count: number): Promise<void> => {
    const article = { id: id('article'), kind: 'ARTICLE', name: 'Lists', title: 'Lists', publishedAt: '2024-01-01' };
    const evidence = [{ article: article.id, quote: 'listed' }];
    const around = Array.from({ length: count }, (_, index) => id(`${centre}-${index}`));
    await importGraphDocument(db.runner, {
      entities: [
        article,
        { id: id(centre), kind: 'COMPANY', name: centre },
        ...around.map((company) => ({ id: company, kind: 'COMPANY', name: company })),
      ],
      relationships: around.flatMap((company) => [
        { id: `${company}-rival`, type: 'COMPETES_WITH', from: company, to: id(centre), status: 'ACTIVE', evidence },
        { id: `${company}-listed`, type: 'LISTED_ON', from: company, to: id('list'), status: 'ACTIVE', evidence },
      ]),
    });
  };

  beforeAll(async () => {
    db = await connectTestDb();
    await importGraphDocument(db.runner, {
      entities: [{ id: id('list'), kind: 'SANCTIONS_LIST', name: 'Cap List' }],
      relationships: [],
    });
    await listedAround('full', MAX_EXPOSURES);
    await listedAround('over', MAX_EXPOSURES + 1);
  }, 120000);
  afterAll(async () => {
    await db.runner.write((tx) =>
      tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $prefix DETACH DELETE e', { prefix }),
    );
    await db.close();
  });

  it('answers every listing up to the cap', async () => {
    const found = await exposure(db.runner, { id: id('full'), maxHops: 1 });
    expect(found).toHaveLength(MAX_EXPOSURES);
    expect(new Set(found.map((item) => item.entity.id)).size).toBe(MAX_EXPOSURES);
  });

  it('refuses one past the cap with RESULT_TOO_LARGE rather than cut the list', async () => {
    const refused = exposure(db.runner, { id: id('over'), maxHops: 1 });
    await expect(refused).rejects.toBeInstanceOf(ResultTooLargeError);
    await expect(refused).rejects.toMatchObject({ limit: MAX_EXPOSURES });
  });

  it('keeps the nearest MAX_EXPOSURES for a watch', async () => {
    const kept = await exposure(db.runner, { id: id('over'), maxHops: 1, first: MAX_EXPOSURES });
    expect(kept).toHaveLength(MAX_EXPOSURES);
  });

  it('answers the nearest `first` in the order of the whole list, however many are in reach', async () => {
    const nearest = await exposure(db.runner, { id: id('over'), maxHops: 1, first: 7 });
    const all = await exposure(db.runner, { id: id('over'), maxHops: 1, first: MAX_EXPOSURES });
    expect(nearest.map((item) => item.listing.id)).toEqual(all.slice(0, 7).map((item) => item.listing.id));
    await expect(exposure(db.runner, { id: id('over'), maxHops: 1, first: MAX_EXPOSURES + 1 })).rejects.toThrow(
      /"first" must be an integer between 1 and 500/,
    );
  });
});
