import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../support/cli';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';

/** `entity-graph seed --file <file>` as a user runs it, against the test run's Neo4j. */
const seedCommand = (file: string) => runCli(['seed', '--file', file]);

describe('entity-graph seed --file', () => {
  const prefix = uniquePrefix('seed-cli');
  const id = (name: string): string => `${prefix}-${name}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-seed-cli-'));
  const writeDocument = (name: string, content: unknown): string => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const document = (relationship: Record<string, unknown>) => ({
    entities: [
      { id: id('article'), kind: 'ARTICLE', name: 'Article' },
      { id: id('maker'), kind: 'COMPANY', name: 'Maker' },
      { id: id('list'), kind: 'SANCTIONS_LIST', name: 'List' },
    ],
    relationships: [
      {
        id: id('maker-listed'),
        type: 'LISTED_ON',
        from: id('maker'),
        to: id('list'),
        status: 'ACTIVE',
        since: '2021',
        evidence: [{ article: id('article'), quote: 'Maker was listed in 2021' }],
        ...relationship,
      },
    ],
  });
  let db: TestDb;
  const storedIds = async (): Promise<string[]> => {
    const rows = await db.runner.read<{ id: string }>(
      'MATCH (e:Entity) WHERE e.id STARTS WITH $prefix RETURN e.id AS id ORDER BY id',
      { prefix },
    );
    return rows.map((row) => row.id);
  };

  beforeAll(async () => (db = await connectTestDb()));
  afterAll(() => db.close());

  it('rejects a bad file: exit 1, every problem with its path and record, nothing written', async () => {
    const file = writeDocument(
      'bad.json',
      document({ to: id('nowhere'), since: '2021-13', evidence: [{ article: id('article') }] }),
    );
    const run = await seedCommand(file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file} is invalid, nothing was written (3 problems)`);
    expect(run.stderr).toContain(`relationships[0].to [${id('maker-listed')}]: refers to entity "${id('nowhere')}"`);
    expect(run.stderr).toContain(`relationships[0].since [${id('maker-listed')}]`);
    expect(run.stderr).toContain(`relationships[0].evidence[0].quote [${id('maker-listed')}]: is required`);
    expect(run.stdout).toBe('');
    expect(await storedIds()).toEqual([]);
  });

  it('rejects a file that is not JSON, naming it', async () => {
    const file = writeDocument('broken.json', '{"entities": [}');
    const run = await seedCommand(file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file} is not valid JSON`);
    expect(await storedIds()).toEqual([]);
  });

  it('loads a good file and reports 0 created the second time', async () => {
    const file = writeDocument('good.json', document({}));
    const first = await seedCommand(file);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toBe(
      'seed: 3 entities (3 created, 0 updated, 0 unchanged), 1 relationships (1 created, 0 updated, 0 unchanged)\n',
    );
    const second = await seedCommand(file);
    expect(second.stdout).toBe(
      'seed: 3 entities (0 created, 0 updated, 3 unchanged), 1 relationships (0 created, 0 updated, 1 unchanged)\n',
    );
    expect(await storedIds()).toEqual([id('article'), id('list'), id('maker')]);
  });
});
