import { deleteEntities } from '../../src/store/entity.store';
import { feedBounds, readChanges, type Change } from '../../src/store/change-feed.store';
import { importGraphDocument } from '../../src/store/import.store';
import { deleteRelationship } from '../../src/store/relationship.store';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';

describe('the change feed', () => {
  let db: TestDb;
  const p = uniquePrefix('feed');
  const id = (name: string): string => `${p}-${name}`;
  const entity = (name: string, description = 'A company.') => ({
    id: id(name),
    kind: 'COMPANY',
    name,
    description,
  });
  const relationship = (status: string) => ({
    id: id('a-b'),
    type: 'SUPPLIES',
    from: id('a'),
    to: id('b'),
    status,
    evidence: [{ article: id('article'), quote: 'A supplies B.' }],
  });
  const article = { id: id('article'), kind: 'ARTICLE', name: 'Feed', title: 'Feed' };

  /** Our changes after `after` (other test files write to the same feed meanwhile). */
  const ours = async (after: number): Promise<Change[]> => {
    const rows: Change[] = [];
    for (let cursor = after; ;) {
      const page = await readChanges(db.runner, cursor, 500);
      rows.push(...page.rows);
      if (!page.hasNextPage) break;
      cursor = page.rows[page.rows.length - 1].seq;
    }
    return rows.filter((change) => change.id.startsWith(p));
  };

  beforeAll(async () => {
    db = await connectTestDb();
  });
  afterAll(async () => {
    await db.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p DETACH DELETE e', { p }));
    await db.close();
  });

  it('records real changes only, with their new state, and deletes with their last state', async () => {
    const start = (await feedBounds(db.runner)).latest;
    const document = (status: string, bDescription?: string) => ({
      entities: [article, entity('a'), entity('b', bDescription)],
      relationships: [relationship(status)],
    });
    await importGraphDocument(db.runner, document('ACTIVE'));
    await importGraphDocument(db.runner, document('ACTIVE'));
    await importGraphDocument(db.runner, document('ENDED', 'Changed.'));
    await deleteRelationship(db.runner, id('a-b'));
    await importGraphDocument(db.runner, document('ACTIVE', 'Changed.'));
    await deleteEntities(db.runner, [id('a')]);

    const changes = await ours(start);
    expect(changes.map((change) => `${change.op} ${change.id.slice(p.length + 1)}`)).toEqual([
      'CREATED article',
      'CREATED a',
      'CREATED b',
      'CREATED a-b',
      // The second import changed nothing and recorded nothing.
      'UPDATED b',
      'UPDATED a-b',
      'DELETED a-b',
      'CREATED a-b',
      'DELETED a-b',
      'DELETED a',
    ]);
    const updated = changes[5];
    expect(updated).toMatchObject({ target: 'RELATIONSHIP', type: 'SUPPLIES', entityIds: [id('a'), id('b')] });
    expect(JSON.parse(updated.state)).toMatchObject({ status: 'ENDED', from: id('a'), to: id('b') });
    expect(JSON.parse(changes[9].state)).toMatchObject({ id: id('a'), kind: 'COMPANY', name: 'a' });
    expect(new Date(changes[0].at).getTime()).toBeGreaterThan(0);
  });

  it('numbers concurrent writers without gaps or repeats, in commit order', async () => {
    const start = (await feedBounds(db.runner)).latest;
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        importGraphDocument(db.runner, { entities: [entity(`c${index}`)], relationships: [] }),
      ),
    );
    const { latest } = await feedBounds(db.runner);
    const page = await readChanges(db.runner, start, 500);
    // Every number from start+1 to latest exists once, whoever wrote it.
    expect(page.rows.map((change) => change.seq)).toEqual(
      Array.from({ length: latest - start }, (_, index) => start + index + 1).slice(0, page.rows.length),
    );
    expect((await ours(start)).filter((change) => change.op === 'CREATED')).toHaveLength(20);
  });
});
