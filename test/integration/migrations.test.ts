import { isMigrated, migrate, MIGRATION_LABEL, MIGRATION_NAMES } from '../../src/store/migrations';
import { ConflictError } from '../../src/model/errors';
import { WRITE_LOCK_SLOTS } from '../../src/store/write-locks';
import { connectTestDb, type TestDb } from '../support/neo4j';

describe('migrations', () => {
  let db: TestDb;
  beforeAll(async () => (db = await connectTestDb()));
  afterAll(() => db.close());

  it('creates the id constraint, the full-text index and per-type relationship id constraints, idempotently', async () => {
    await migrate(db.driver, db.runner.database);
    await migrate(db.driver, db.runner.database);
    expect(await isMigrated(db.driver, db.runner.database)).toBe(true);
    const rows = await db.runner.read<{ name: string; type: string }>(
      'SHOW INDEXES YIELD name, type RETURN name, type',
    );
    const byName = new Map(rows.map((row) => [row.name, row.type]));
    expect(byName.get('entity_search')).toBe('FULLTEXT');
    for (const name of MIGRATION_NAMES) expect(byName.has(name)).toBe(true);
    const [locks] = await db.runner.read<{ slots: number }>(
      'MATCH (l:WriteLock) RETURN count(DISTINCT l.slot) AS slots',
    );
    expect(locks.slots).toBe(WRITE_LOCK_SLOTS);
  });

  it('backfills the match keys of entities written before they were stored', async () => {
    const id = `keys-${Date.now()}`;
    await db.runner.write((tx) =>
      tx.run(
        `CREATE (:Entity {id: $id, kind: 'PERSON', name: 'Иван Сидоров', aliases: ['I. Sidorov']})
         WITH 1 AS done MATCH (m:${MIGRATION_LABEL}) DELETE m`,
        { id },
      ),
    );
    await migrate(db.driver, db.runner.database);
    const [row] = await db.runner.read<{ keys: string }>('MATCH (e:Entity {id: $id}) RETURN e.matchKeys AS keys', {
      id,
    });
    expect(row.keys.split(' ')).toEqual(expect.arrayContaining(['ivan', 'sidorov', 'cn_ivansidorov', 'cn_isidorov']));
    await db.runner.write((tx) => tx.run('MATCH (e:Entity {id: $id}) DELETE e', { id }));
  });

  it('backfills the endpoint ids of relationships written before they were stored', async () => {
    const id = `backfill-${Date.now()}`;
    await db.runner.write((tx) =>
      tx.run(
        `CREATE (:Entity {id: $id + '-a'})-[:SUPPLIES {id: $id}]->(:Entity {id: $id + '-b'})
         WITH 1 AS done MATCH (m:${MIGRATION_LABEL}) DELETE m`,
        { id },
      ),
    );
    await migrate(db.driver, db.runner.database);
    const [edge] = await db.runner.read<{ fromId: string; toId: string }>(
      'MATCH ()-[r:SUPPLIES {id: $id}]->() RETURN r.fromId AS fromId, r.toId AS toId',
      { id },
    );
    expect(edge).toEqual({ fromId: `${id}-a`, toId: `${id}-b` });
    await db.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $id DETACH DELETE e', { id }));
  });

  it('rejects a second entity with the same id, as a conflict', async () => {
    const id = `dup-${Date.now()}`;
    await db.runner.write((tx) => tx.run('CREATE (:Entity {id: $id})', { id }));
    await expect(db.runner.write((tx) => tx.run('CREATE (:Entity {id: $id})', { id }))).rejects.toBeInstanceOf(
      ConflictError,
    );
    await db.runner.write((tx) => tx.run('MATCH (e:Entity {id: $id}) DELETE e', { id }));
  });
});
