import neo4j, { Neo4jError, type Driver } from 'neo4j-driver';
import { ENTITY_LABEL, identifierKeyValue, RELATIONSHIP_TYPE_NAMES, type RelationshipType } from '../model';
import { CHANGE_FEED_LABEL, CHANGE_FEED_NAME, CHANGE_LABEL } from './change-feed.store';
import { matchKeyText } from '../match';
import { ENDPOINT_ID_PROPERTIES } from './records';
import { WRITE_LOCK_LABEL, WRITE_LOCK_SLOTS } from './write-locks';
import { LISTED_WITHIN, RELAX_ALL_EXPOSURE_INDEX } from './exposure-index.store';

/**
 * Schema the store relies on, created idempotently at startup (IF NOT EXISTS).
 * Neo4j indexes relationships per type only, so each registered type gets its own id
 * uniqueness constraint; the store keeps ids unique across types when it writes, under the
 * striped write locks (src/store/write-locks.ts) created here.
 */
const MIGRATIONS: readonly { name: string; cypher: string }[] = [
  {
    name: 'entity_id',
    cypher: `CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:${ENTITY_LABEL}) REQUIRE e.id IS UNIQUE`,
  },
  {
    name: 'entity_kind_name_key',
    cypher: `CREATE INDEX entity_kind_name_key IF NOT EXISTS FOR (e:${ENTITY_LABEL}) ON (e.kind, e.nameKey)`,
  },
  {
    // Whitespace-separated keys (src/match/keys.ts): already normalised, so no analysis beyond splitting.
    name: 'entity_match',
    cypher: `CREATE FULLTEXT INDEX entity_match IF NOT EXISTS FOR (e:${ENTITY_LABEL}) ON EACH [e.matchKeys]
             OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'whitespace' } }`,
  },
  {
    name: 'entity_name_key',
    cypher: `CREATE INDEX entity_name_key IF NOT EXISTS FOR (e:${ENTITY_LABEL}) ON (e.nameKey)`,
  },
  {
    name: 'entity_search',
    cypher: `CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (e:${ENTITY_LABEL}) ON EACH [e.name, e.aliasText]
             OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'standard-no-stop-words' } }`,
  },
  {
    // The exposure index's levels (exposure-index.store.ts) are built from the entities at each bound.
    name: 'entity_listed_within',
    cypher: `CREATE INDEX entity_listed_within IF NOT EXISTS FOR (e:${ENTITY_LABEL}) ON (e.${LISTED_WITHIN})`,
  },
  {
    name: 'write_lock_slot',
    cypher: `CREATE CONSTRAINT write_lock_slot IF NOT EXISTS FOR (l:${WRITE_LOCK_LABEL}) REQUIRE l.slot IS UNIQUE`,
  },
  {
    // Unique, and the range index the feed's readers and retention scan (seq > $after ORDER BY seq).
    name: 'change_seq',
    cypher: `CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:${CHANGE_LABEL}) REQUIRE c.seq IS UNIQUE`,
  },
  {
    // Packs of changes (src/store/change-feed.store.ts) are found by their last seq.
    name: 'change_last_seq',
    cypher: `CREATE INDEX change_last_seq IF NOT EXISTS FOR (c:${CHANGE_LABEL}) ON (c.lastSeq)`,
  },
  {
    name: 'change_feed_name',
    cypher: `CREATE CONSTRAINT change_feed_name IF NOT EXISTS FOR (f:${CHANGE_FEED_LABEL}) REQUIRE f.name IS UNIQUE`,
  },
  ...RELATIONSHIP_TYPE_NAMES.map((type) => ({
    name: `rel_id_${type.toLowerCase()}`,
    cypher: `CREATE CONSTRAINT rel_id_${type.toLowerCase()} IF NOT EXISTS FOR ()-[r:${type}]-() REQUIRE r.id IS UNIQUE`,
  })),
  // Keyset pages of an entity's relationships seek these in id order: no sort over a hub's edges.
  ...RELATIONSHIP_TYPE_NAMES.flatMap((type) =>
    Object.entries(ENDPOINT_ID_PROPERTIES).map(([end, property]) => ({
      name: endpointIndexName(type, end as keyof typeof ENDPOINT_ID_PROPERTIES),
      cypher: `CREATE INDEX ${endpointIndexName(type, end as keyof typeof ENDPOINT_ID_PROPERTIES)} IF NOT EXISTS
               FOR ()-[r:${type}]-() ON (r.${property}, r.id)`,
    })),
  ),
];

/** The index on (endpoint id, id) of relationships of `type`, seen from its `end`. */
function endpointIndexName(type: RelationshipType, end: keyof typeof ENDPOINT_ID_PROPERTIES): string {
  return `rel_${end}_${type.toLowerCase()}`;
}

/** Marks a data migration done, so a restart does not scan every relationship again. */
export const MIGRATION_LABEL = 'Migration';

/**
 * Runs `update` (a `CALL (x) { … } IN TRANSACTIONS` statement) once per database, then the
 * marker `name`: an auto-commit query, as `IN TRANSACTIONS` needs one.
 */
async function runDataMigration(driver: Driver, database: string, name: string, update: string): Promise<void> {
  if (await dataMigrationDone(driver, database, name)) return;
  const session = driver.session({ database });
  try {
    await session.run(update);
  } finally {
    await session.close();
  }
  await markDataMigrationDone(driver, database, name);
}

async function dataMigrationDone(driver: Driver, database: string, name: string): Promise<boolean> {
  const { records } = await driver.executeQuery(
    `RETURN EXISTS { MATCH (:${MIGRATION_LABEL} {name: $name}) } AS done`,
    { name },
    { database, routing: 'READ' },
  );
  return records[0]?.get('done') === true;
}

async function markDataMigrationDone(driver: Driver, database: string, name: string): Promise<void> {
  await driver.executeQuery(`MERGE (:${MIGRATION_LABEL} {name: $name})`, { name }, { database });
}

/** Graphs written before relationships carried their endpoint ids get them. */
export const ENDPOINT_IDS_MIGRATION = {
  name: 'relationship_endpoint_ids',
  update: `MATCH ()-[r:${RELATIONSHIP_TYPE_NAMES.join('|')}]->() WHERE r.${ENDPOINT_ID_PROPERTIES.from} IS NULL
       CALL (r) { SET r.${ENDPOINT_ID_PROPERTIES.from} = startNode(r).id, r.${ENDPOINT_ID_PROPERTIES.to} = endNode(r).id }
       IN TRANSACTIONS OF 10000 ROWS`,
};

/** Changes recorded one per node, before packs, become packs of one. */
const CHANGE_PACKS_MIGRATION = {
  name: 'change_packs',
  update: `MATCH (c:${CHANGE_LABEL}) WHERE c.lastSeq IS NULL
       CALL (c) {
         SET c.lastSeq = c.seq, c.targets = [c.target], c.ops = [c.op], c.ids = [c.id],
             c.types = [coalesce(c.type, '')], c.states = [c.state]
         REMOVE c.target, c.op, c.id, c.type, c.state, c.entityIds
       } IN TRANSACTIONS OF 10000 ROWS`,
};

export const MIGRATION_NAMES = MIGRATIONS.map((migration) => migration.name);

const MATCH_KEYS_MIGRATION = 'entity_match_keys';
const MATCH_KEYS_BATCH = 10_000;

/**
 * Entities written before they carried match keys get them, in batches in id order (the keys
 * are computed in Node, src/match, so this is no Cypher-only data migration). Once per database.
 */
async function backfillMatchKeys(driver: Driver, database: string): Promise<void> {
  if (await dataMigrationDone(driver, database, MATCH_KEYS_MIGRATION)) return;
  for (let after = ''; ;) {
    const { records } = await driver.executeQuery(
      `MATCH (e:${ENTITY_LABEL}) WHERE e.id > $after
       WITH e ORDER BY e.id LIMIT $batch
       RETURN e.id AS id, e.name AS name, coalesce(e.aliases, []) AS aliases, e.kind AS kind,
              coalesce(e.identifierKeys, []) AS identifierKeys, e.matchKeys IS NULL AS missing`,
      { after, batch: neo4j.int(MATCH_KEYS_BATCH) },
      { database, routing: 'READ' },
    );
    if (records.length === 0) break;
    after = records[records.length - 1].get('id') as string;
    const rows = records
      .filter((record) => record.get('missing') === true)
      .map((record) => ({
        id: record.get('id') as string,
        keys: matchKeyText(
          // Nodes written by hand (tests, old tools) may lack a name.
          [(record.get('name') as string | null) ?? '', ...(record.get('aliases') as string[])],
          record.get('kind') === 'PERSON',
          (record.get('identifierKeys') as string[]).map(identifierKeyValue),
        ),
      }));
    if (rows.length > 0) {
      await driver.executeQuery(
        `UNWIND $rows AS row MATCH (e:${ENTITY_LABEL} {id: row.id}) WHERE e.matchKeys IS NULL SET e.matchKeys = row.keys`,
        { rows },
        { database },
      );
    }
  }
  await markDataMigrationDone(driver, database, MATCH_KEYS_MIGRATION);
}

const EXPOSURE_INDEX_MIGRATION = 'exposure_index';

/**
 * Lowers every exposure-index bound from the graph as it is: for a graph written outside the
 * store's write path (the bulk import, raw Cypher in tests). Safe to repeat; run it while nothing
 * else writes, or a writer's edge may be missed by both.
 */
export async function relaxAllExposureIndex(driver: Driver, database: string): Promise<void> {
  const session = driver.session({ database });
  try {
    for (const statement of RELAX_ALL_EXPOSURE_INDEX) await session.run(statement);
  } finally {
    await session.close();
  }
}

/** `indexTimeoutSeconds`: how long to wait for the indexes to come ONLINE (a bulk-loaded graph needs longer). */
export async function migrate(driver: Driver, database: string, indexTimeoutSeconds = 60): Promise<void> {
  await createMissingSchema(driver, database);
  // Idempotent, and the fallback when a concurrent migrator made a transaction above fail.
  for (const migration of MIGRATIONS) {
    try {
      await driver.executeQuery(migration.cypher, {}, { database });
    } catch (error) {
      // IF NOT EXISTS is not atomic: beside concurrent migrators (instances, test workers starting
      // together) it can fail with EquivalentSchemaRuleAlreadyExists or "There already exists an
      // index called …" though the rule is in place. Only a rule still missing is a failure.
      const schemaRace = error instanceof Neo4jError && error.code.startsWith('Neo.ClientError.Schema.');
      if (!schemaRace || !(await schemaNames(driver, database)).has(migration.name)) throw error;
    }
  }
  await driver.executeQuery(
    'CALL db.awaitIndexes($seconds)',
    { seconds: neo4j.int(indexTimeoutSeconds) },
    { database },
  );
  for (const { name, update } of [ENDPOINT_IDS_MIGRATION, CHANGE_PACKS_MIGRATION]) {
    await runDataMigration(driver, database, name, update);
  }
  await backfillMatchKeys(driver, database);
  if (!(await dataMigrationDone(driver, database, EXPOSURE_INDEX_MIGRATION))) {
    await relaxAllExposureIndex(driver, database);
    await markDataMigrationDone(driver, database, EXPOSURE_INDEX_MIGRATION);
  }
  // Created up front so writers only ever lock them; the lock step would create a missing one.
  await driver.executeQuery(
    `UNWIND range(0, $slots - 1) AS slot MERGE (:${WRITE_LOCK_LABEL} {slot: slot})`,
    { slots: neo4j.int(WRITE_LOCK_SLOTS) },
    { database },
  );
  await driver.executeQuery(
    `MERGE (feed:${CHANGE_FEED_LABEL} {name: $name}) ON CREATE SET feed.seq = 0`,
    { name: CHANGE_FEED_NAME },
    { database },
  );
}

const isConstraint = (migration: { cypher: string }): boolean => migration.cypher.startsWith('CREATE CONSTRAINT');

/** Names of the indexes and constraints that exist (a constraint's index bears its name). */
async function schemaNames(driver: Driver, database: string): Promise<Set<string>> {
  const { records } = await driver.executeQuery(
    'SHOW INDEXES YIELD name RETURN collect(name) AS names',
    {},
    { database, routing: 'READ' },
  );
  return new Set(records[0]?.get('names') as string[]);
}

/**
 * Creates the missing schema in a few transactions, the indexes first: on a bulk-loaded graph
 * they then populate while the constraints (each blocks until its index is built and verified)
 * run in two concurrent transactions, rather than all ~70 one after another, each its own commit.
 */
async function createMissingSchema(driver: Driver, database: string): Promise<void> {
  const existing = await schemaNames(driver, database);
  const missing = MIGRATIONS.filter((migration) => !existing.has(migration.name));
  const constraints = missing.filter(isConstraint);
  await createTogether(
    driver,
    database,
    missing.filter((migration) => !isConstraint(migration)),
  );
  await Promise.all(
    [0, 1].map((half) =>
      createTogether(
        driver,
        database,
        constraints.filter((_, index) => index % 2 === half),
      ),
    ),
  );
}

/** Runs schema `migrations` in one transaction; any schema failure (a concurrent migrator's race, a violation) is left to migrate()'s pass, which repeats each one alone and reports it. */
async function createTogether(driver: Driver, database: string, migrations: typeof MIGRATIONS): Promise<void> {
  if (migrations.length === 0) return;
  const session = driver.session({ database });
  try {
    await session.executeWrite(async (tx) => {
      for (const migration of migrations) await tx.run(migration.cypher);
    });
  } catch (error) {
    if (!(error instanceof Neo4jError && error.code.startsWith('Neo.ClientError.Schema.'))) throw error;
  } finally {
    await session.close();
  }
}

/** True when every constraint and index above exists and is online. */
export async function isMigrated(driver: Driver, database: string): Promise<boolean> {
  const { records } = await driver.executeQuery(
    `SHOW INDEXES YIELD name, state WHERE name IN $names AND state = 'ONLINE' RETURN count(*) AS online`,
    { names: MIGRATION_NAMES },
    { database, routing: 'READ' },
  );
  return records[0]?.get('online') === MIGRATION_NAMES.length;
}
