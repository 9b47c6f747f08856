import type { Driver } from 'neo4j-driver';
import { loadConfig } from '../../src/config';
import { createDriver } from '../../src/db/driver';
import { isMigrated, migrate } from '../../src/db/migrations';
import { privateNeo4j } from '../support/neo4j';

// A fresh Neo4j of its own: the shared one is migrated already, and the race needs an empty schema.
describe('migrators racing on an empty database', () => {
  const { neo4j, remove } = privateNeo4j('migrators');
  let driver: Driver;

  beforeAll(async () => {
    await neo4j.start();
    driver = createDriver(neo4j.uri, loadConfig({ ...process.env, NEO4J_URI: neo4j.uri }).neo4j);
  }, 180000);
  afterAll(async () => {
    await driver?.close();
    await remove();
  });

  it('all succeed, as instances or test workers starting together do', async () => {
    // Each migrator its own driver, as separate processes have.
    const drivers = Array.from({ length: 6 }, () =>
      createDriver(neo4j.uri, loadConfig({ ...process.env, NEO4J_URI: neo4j.uri }).neo4j),
    );
    try {
      for (let round = 0; round < 5; round += 1) {
        await dropSchema(driver);
        const outcomes = await Promise.allSettled(drivers.map((each) => migrate(each, 'neo4j')));
        expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'ok'))).toEqual(
          Array(drivers.length).fill('ok'),
        );
        expect(await isMigrated(driver, 'neo4j')).toBe(true);
      }
    } finally {
      await Promise.all(drivers.map((each) => each.close()));
    }
  }, 300000);
});

/** Every constraint, then every index left (a constraint's own index goes with it). */
async function dropSchema(driver: Driver): Promise<void> {
  const constraints = await driver.executeQuery('SHOW CONSTRAINTS YIELD name RETURN name');
  for (const record of constraints.records) await driver.executeQuery(`DROP CONSTRAINT \`${record.get('name')}\``);
  const indexes = await driver.executeQuery("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name");
  for (const record of indexes.records) await driver.executeQuery(`DROP INDEX \`${record.get('name')}\``);
}
