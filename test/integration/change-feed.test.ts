import { deleteEntities } from '../../src/store/entity.store';
import { migrate, MIGRATION_LABEL } from '../../src/store/migrations';
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

  it('pages through the changes of one write, which share one pack, starting and ending inside it', async () => {
    const names = ['p0', 'p1', 'p2', 'p3', 'p4'];
    await importGraphDocument(db.runner, { entities: names.map((name) => entity(name)), relationships: [] });
    const created = (await ours(0)).filter((change) => names.some((name) => change.id === id(name)));
    expect(created.map((change) => change.id)).toEqual(names.map(id));
    const first = created[0].seq;
    const page = await readChanges(db.runner, first, 2);
    expect(page.rows.map((change) => [change.seq, change.id, change.entityIds])).toEqual([
      [first + 1, id('p1'), [id('p1')]],
      [first + 2, id('p2'), [id('p2')]],
    ]);
    expect(page.hasNextPage).toBe(true);
    expect(page.totalCount).toBe(page.latest - first);
    expect(page.rows[0].at).toBe(created[0].at);
  });

  it('turns changes recorded one per node, before packs, into packs of one', async () => {
    // A negative seq: out of every reader's way, and no clash with the shared feed's numbers.
    const seq = -Math.floor(Math.random() * 1e9) - 1;
    await db.runner.write((tx) =>
      tx.run(
        `CREATE (:Change {seq: $seq, target: 'ENTITY', op: 'CREATED', id: $id, type: null, state: '{}',
                          entityIds: [$id], at: datetime()})
         WITH 1 AS done MATCH (m:${MIGRATION_LABEL} {name: 'change_packs'}) DELETE m`,
        { seq, id: id('legacy') },
      ),
    );
    await migrate(db.driver, db.runner.database);
    const [{ pack }] = await db.runner.write((tx) =>
      tx.run<{ pack: Record<string, unknown> }>(
        `MATCH (c:Change {seq: $seq}) WITH c, properties(c) AS pack DELETE c
         RETURN pack {.lastSeq, .targets, .ops, .ids, .types, .states, .target, .state} AS pack`,
        { seq },
      ),
    );
    expect(pack).toEqual({
      lastSeq: seq,
      targets: ['ENTITY'],
      ops: ['CREATED'],
      ids: [id('legacy')],
      types: [''],
      states: ['{}'],
      target: null,
      state: null,
    });
  });
});
