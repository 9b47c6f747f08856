import { ResultTooLargeError } from '../../src/model/errors';
import { connectTestDb, type TestDb } from '../support/neo4j';

describe('the Cypher runner', () => {
  let db: TestDb;
  beforeAll(async () => (db = await connectTestDb()));
  afterAll(() => db.close());

  it('stops a request at the query that reads past its object budget, and at every query after it', async () => {
    const request = db.runner.forRequest(25);
    const before = db.runner.queryCount;
    expect(await request.read('UNWIND range(1, 10) AS i RETURN i')).toHaveLength(10);
    // 1 row holding a 10-item list: 11 objects, 21 in all.
    expect(await request.read('RETURN range(1, 10) AS items')).toHaveLength(1);
    await expect(request.read('UNWIND range(1, 5) AS i RETURN i')).rejects.toThrow(ResultTooLargeError);
    await expect(request.read('RETURN 1 AS one')).rejects.toThrow(/more than 25 objects/);
    // Counted on the shared runner; another request has its own budget.
    expect(db.runner.queryCount - before).toBe(3);
    expect(await db.runner.forRequest(25).read('UNWIND range(1, 20) AS i RETURN i')).toHaveLength(20);
  });

  it("answers Neo4j's transaction memory limit as ResultTooLargeError at once, without the driver's retries", async () => {
    const started = Date.now();
    const error = await db.runner
      .read('UNWIND range(1, 40000000) AS i WITH collect(toString(i)) AS texts RETURN size(texts) AS n')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResultTooLargeError);
    expect((error as Error).message).toMatch(/more memory than Neo4j allows/);
    // A retried attempt would add the driver's backoff (1 s, then 2 s …) to each failure.
    expect(Date.now() - started).toBeLessThan(30000);
  }, 60000);
});
