import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import {
  bulkImport,
  BulkImportRefused,
  type BulkImportOptions,
  type BulkImportReport,
} from '../../src/ingest/bulk-import';
import { isMigrated, MIGRATION_LABEL } from '../../src/store/migrations';
import { importNdjson, StrictImportError, type LineFlaw } from '../../src/ingest/ndjson-import';
import type { CypherRunner } from '../../src/store/cypher-runner';
import { runCli } from '../support/cli';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';
import { freePort, removeLocalNeo4j, TEST_JVM_ARGS } from '../support/processes';

/*
 * The bulk loader against the online importer: the same FtM fixture goes through both, one
 * into the run's shared Neo4j, one through neo4j-admin into a throw-away local Neo4j of this
 * test; flaws, entities and relationships (every stored property) must come out the same.
 */

const REPO = path.join(__dirname, '..', '..');
const FIXTURE = readFileSync(path.join(REPO, 'test', 'fixtures', 'ftm', 'sample.ndjson'), 'utf8');
const TODAY = '2025-01-01';

interface Snapshot {
  entities: { labels: string[]; props: Record<string, unknown> }[];
  relationships: { type: string; from: string; to: string; props: Record<string, unknown> }[];
}

const ENTITIES = `MATCH (e:Entity) WHERE e.id CONTAINS $p
  RETURN labels(e) AS labels, properties(e) AS props ORDER BY e.id`;
const RELATIONSHIPS = `MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id CONTAINS $p OR b.id CONTAINS $p
  RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props ORDER BY r.id`;

const sorted = (labels: string[]): string[] => [...labels].sort();

async function snapshotOf(run: (cypher: string) => Promise<Record<string, unknown>[]>): Promise<Snapshot> {
  const entities = (await run(ENTITIES)).map((row) => ({
    labels: sorted(row.labels as string[]),
    props: row.props as Record<string, unknown>,
  }));
  const relationships = (await run(RELATIONSHIPS)) as Snapshot['relationships'];
  return { entities, relationships };
}

describe('import --bulk', () => {
  const p = uniquePrefix('bulk');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-bulk-test-'));
  const home = path.join(tmp, 'neo4j');
  const file = path.join(tmp, 'sample.ndjson');
  let db: TestDb;
  let options: BulkImportOptions;
  let report: BulkImportReport;
  let bulkDriver: Driver;
  const bulkFlaws: LineFlaw[] = [];

  beforeAll(async () => {
    writeFileSync(
      file,
      FIXTURE.replace(/"fx-/g, `"${p}-`)
        .replace(/"fx_/g, `"${p}_`)
        .replace(/FX-SDN/g, `${p}-SDN`)
        .replace(/FX Treasury/g, `${p} Treasury`),
    );
    db = await connectTestDb();
    options = {
      neo4j: { home, port: await freePort(), heap: '512m', pageCache: '64m', jvmArgs: TEST_JVM_ARGS },
      database: 'neo4j',
      input: file,
      format: 'ftm',
      dataset: `${p}-file`,
      today: TODAY,
      keepRunning: true,
      log: () => undefined,
      onFlaw: (flaw) => bulkFlaws.push(flaw),
    };
    report = await bulkImport(options);
    bulkDriver = neo4j.driver((report.server as NonNullable<BulkImportReport['server']>).uri, undefined, {
      disableLosslessIntegers: true,
    });
  }, 300_000);

  afterAll(async () => {
    await bulkDriver?.close();
    await report?.server?.stop();
    await db.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id CONTAINS $p DETACH DELETE e', { p }));
    await db.close();
    removeLocalNeo4j(home, undefined);
    rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  it('loads the graph the online importer writes, every property alike, with the same flaws', async () => {
    const onlineFlaws: LineFlaw[] = [];
    const online = await importNdjson(db.runner as CypherRunner, file, {
      format: 'ftm',
      batchSize: 1000,
      strict: false,
      defaultDataset: `${p}-file`,
      today: TODAY,
      onFlaw: (flaw) => onlineFlaws.push(flaw),
    });
    expect(bulkFlaws).toEqual(onlineFlaws);
    expect(report.skipped).toEqual(online.skipped);
    expect(report.lines).toBe(online.lines);
    expect(report.entities).toBe(online.counts.entitiesCreated);
    expect(report.relationships).toBe(online.counts.relationshipsCreated);

    const expected = await snapshotOf(async (cypher) =>
      (await db.driver.executeQuery(cypher, { p })).records.map((record) => record.toObject()),
    );
    const actual = await snapshotOf(async (cypher) =>
      (await bulkDriver.executeQuery(cypher, { p })).records.map((record) => record.toObject()),
    );
    expect(actual.entities.length).toBeGreaterThan(10);
    expect(actual.relationships.length).toBeGreaterThan(10);
    expect(actual).toEqual(expected);
  });

  it('leaves the database migrated, with the endpoint-id backfill marked done', async () => {
    expect(await isMigrated(bulkDriver, 'neo4j')).toBe(true);
    const { records } = await bulkDriver.executeQuery(`MATCH (m:${MIGRATION_LABEL}) RETURN m.name AS name`);
    // The backfill's marker came with the import; the other data migrations found nothing to do.
    expect(records.map((record) => record.get('name'))).toContain('relationship_endpoint_ids');
  });

  it('refuses a running server, then an existing database without --force', async () => {
    await expect(bulkImport(options)).rejects.toThrow(/is running \(pid \d+\).*stop it first/);
    await report.server?.stop();
    const refusal = bulkImport(options);
    await expect(refusal).rejects.toBeInstanceOf(BulkImportRefused);
    await expect(refusal).rejects.toThrow(/already exists.*pass --force/);
  });

  it('refuses NEO4J_URI on the command line, with exit code 2', async () => {
    const { code, stderr } = await runCli(['import', '--bulk', file], {
      NEO4J_URI: 'bolt://127.0.0.1:1',
      NEO4J_LOCAL_HOME: home,
    });
    expect(stderr).toMatch(/--bulk loads only the local Neo4j.*NEO4J_URI is set/);
    expect(code).toBe(2);
  });
});

describe('import --bulk of graph records', () => {
  const p = uniquePrefix('bulkgraph');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-bulk-graph-test-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('checks a relationship line as written (a number past double range is no null), stopping at it with --strict', async () => {
    const file = path.join(tmp, 'graph.ndjson');
    const relationship = `{"id":"${p}-r","type":"OWNS","from":"${p}-a","to":"${p}-b","status":"ACTIVE","since":1e999,"evidence":[{"dataset":"${p}-x"}]}`;
    writeFileSync(
      file,
      [
        `{"id":"${p}-a","kind":"COMPANY","name":"A"}`,
        `{"id":"${p}-b","kind":"COMPANY","name":"B"}`,
        '',
        relationship,
      ].join('\n'),
    );
    const loading = bulkImport({
      neo4j: { home: path.join(tmp, 'neo4j'), port: await freePort(), heap: '512m', pageCache: '64m' },
      database: 'neo4j',
      input: file,
      format: 'graph',
      strict: true,
      log: () => undefined,
    });
    await expect(loading).rejects.toBeInstanceOf(StrictImportError);
    // Line 4: blank lines count; since is reported before the evidence's unknown dataset.
    await expect(loading).rejects.toMatchObject({
      flaw: { line: 4, reason: 'invalid-value', message: expect.stringMatching(/^since: /) },
    });
  });
});
