import { ENTITY_PROJECTION, RELATIONSHIP_PROJECTION, stillStored } from '../../src/store/records';
import { connectTestDb, uniquePrefix, waitUntilBlocked, type TestDb } from '../support/neo4j';

/*
 * What the store's lists rely on: a record another transaction deletes after a statement matched
 * it projects without its id (read committed), so stillStored leaves it out rather than mapping
 * an empty row (which had crashed a whole-graph export under concurrent deletes).
 */
describe('records deleted while a statement reads them', () => {
  let db: TestDb;
  beforeAll(async () => (db = await connectTestDb()));
  afterAll(() => db.close());

  it('project without their id, and only those are left out', async () => {
    const [doomed, kept, gate] = ['doomed', 'kept', 'gate'].map(uniquePrefix);
    await db.runner.write((tx) =>
      tx.run(
        `CREATE (d:RunnerProbe {id: $doomed, kind: 'COMPANY'})-[:RUNNER_PROBE {id: $doomed}]->(k:RunnerProbe {id: $kept, kind: 'COMPANY'}),
                (k)-[:RUNNER_PROBE {id: $kept}]->(k), (:RunnerProbe {id: $gate})`,
        { doomed, kept, gate },
      ),
    );
    const other = db.driver.session();
    const deleter = await other.beginTransaction();
    try {
      await deleter.run('MATCH (g:RunnerProbe {id: $gate}) SET g.held = true', { gate });
      // Matches both nodes and edges, then waits at the gate the other transaction holds.
      const reading = db.runner.write((tx) =>
        tx.run<{ e: Record<string, unknown>; r: Record<string, unknown> }>(
          `MATCH (e:RunnerProbe)-[r:RUNNER_PROBE]->() WHERE e.id IN [$doomed, $kept]
           WITH e, r ORDER BY e.id
           WITH collect([e, r]) AS pairs
           MATCH (g:RunnerProbe {id: $gate}) SET g.read = true WITH pairs
           UNWIND pairs AS pair WITH pair[0] AS e, pair[1] AS r
           RETURN ${ENTITY_PROJECTION} AS e, ${RELATIONSHIP_PROJECTION} AS r`,
          { doomed, kept, gate },
        ),
      );
      await waitUntilBlocked(db, 'g.read = true');
      await deleter.run('MATCH (d:RunnerProbe {id: $doomed}) DETACH DELETE d', { doomed });
      await deleter.commit();
      const rows = await reading;
      expect(rows).toHaveLength(2);
      const stored = rows.filter((row) => stillStored(row.e));
      expect(stored.map((row) => row.e.id)).toEqual([kept]);
      expect(rows.filter((row) => stillStored(row.r)).map((row) => row.r.id)).toEqual([kept]);
    } finally {
      await other.close();
      await db.runner.write((tx) =>
        tx.run('MATCH (p:RunnerProbe) WHERE p.id IN $ids DETACH DELETE p', { ids: [doomed, kept, gate] }),
      );
    }
  });
});
