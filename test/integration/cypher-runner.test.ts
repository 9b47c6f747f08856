import neo4j, { type Driver } from 'neo4j-driver';
import { classifyError } from '../../src/api/errors';
import { loadConfig } from '../../src/config';
import { DatabaseBusyError, ResultTooLargeError } from '../../src/model/errors';
import { CypherRunner } from '../../src/store/cypher-runner';
import { connectTestDb, uniquePrefix, waitUntilBlocked, type TestDb } from '../support/neo4j';

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

  it('runs a write again when a node it matched is deleted by another transaction before it writes to it', async () => {
    const [victim, gate] = [uniquePrefix('victim'), uniquePrefix('gate')];
    await db.runner.write((tx) =>
      tx.run('CREATE (:RunnerProbe {id: $victim}), (:RunnerProbe {id: $gate})', { victim, gate }),
    );
    const other = db.driver.session();
    const deleter = await other.beginTransaction();
    try {
      // The other transaction holds the gate's lock: our statement matches the victim, then waits at the gate.
      await deleter.run('MATCH (g:RunnerProbe {id: $gate}) SET g.held = true', { gate });
      let attempts = 0;
      const writing = db.runner.write(async (tx) => {
        attempts += 1;
        return tx.run<{ touched: number }>(
          `MATCH (v:RunnerProbe {id: $victim}) WITH v
           MATCH (g:RunnerProbe {id: $gate}) SET g.touched = true
           WITH v CREATE (v)-[:RUNNER_PROBE]->(v) RETURN count(v) AS touched`,
          { victim, gate },
        );
      });
      await waitUntilBlocked(db, 'g.touched = true');
      await deleter.run('MATCH (v:RunnerProbe {id: $victim}) DETACH DELETE v', { victim });
      await deleter.commit();
      // The first attempt's victim vanished under it (Neo4j: EntityNotFound); the rerun sees the graph as it now is.
      expect(await writing).toEqual([{ touched: 0 }]);
      expect(attempts).toBe(2);
    } finally {
      await other.close();
      await db.runner.write((tx) =>
        tx.run('MATCH (p:RunnerProbe) WHERE p.id IN [$victim, $gate] DETACH DELETE p', { victim, gate }),
      );
    }
  });
});

describe('the Cypher runner when the driver cannot acquire a connection in time', () => {
  // One connection and a short wait for it: a transaction holding it makes every other acquisition time out.
  const { neo4j: settings } = loadConfig();
  let driver: Driver;
  beforeEach(() => {
    driver = neo4j.driver(
      settings.uri as string,
      settings.password ? neo4j.auth.basic(settings.user, settings.password) : undefined,
      { maxConnectionPoolSize: 1, connectionAcquisitionTimeout: 200, disableLosslessIntegers: true },
    );
  });
  afterEach(() => driver.close());

  const runnerRetryingFor = (maxRetryTimeMs: number) =>
    new CypherRunner(driver, settings.database, 10000, {
      maxConcurrency: 4,
      queueLimit: 10,
      queueTimeoutMs: 10000,
      maxRetryTimeMs,
    });

  async function holdTheConnection(): Promise<() => Promise<void>> {
    const session = driver.session({ database: settings.database });
    const tx = await session.beginTransaction();
    await tx.run('RETURN 1');
    return async () => {
      await tx.rollback();
      await session.close();
    };
  }

  it('answers DatabaseBusyError, which clients see as SERVICE_UNAVAILABLE with Retry-After, for reads and writes', async () => {
    const release = await holdTheConnection();
    try {
      const runner = runnerRetryingFor(500);
      const read = await runner.read('RETURN 1 AS one').catch((error: unknown) => error);
      const write = await runner.write((tx) => tx.run('RETURN 1 AS one')).catch((error: unknown) => error);
      for (const error of [read, write]) {
        expect(error).toBeInstanceOf(DatabaseBusyError);
        expect(classifyError(error)).toMatchObject({
          code: 'SERVICE_UNAVAILABLE',
          extensions: { retryAfterSeconds: expect.any(Number) },
        });
      }
    } finally {
      await release();
    }
  });

  it('runs the read or write once the connection comes free within the retry time', async () => {
    const release = await holdTheConnection();
    const released = new Promise<void>((resolve) => setTimeout(() => void release().then(resolve), 700));
    const runner = runnerRetryingFor(10000);
    const write = runner.write((tx) => tx.run<{ one: number }>('RETURN 1 AS one'));
    const read = runner.read<{ one: number }>('RETURN 1 AS one');
    expect(await write).toEqual([{ one: 1 }]);
    expect(await read).toEqual([{ one: 1 }]);
    await released;
  });
});
