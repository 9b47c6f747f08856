import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importGraphDocument } from '../../src/store/import.store';
import { runCli } from '../support/cli';
import { csvObjects } from '../support/csv';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';

/*
 * `entity-graph screen FILE` as a user runs it, against the test run's Neo4j: a listed mining
 * company, a shipper that supplies it (exposed at one hop), a company with nothing near it, and
 * names nobody has. The names are unusual enough that other test files' data do not compete.
 */

const p = uniquePrefix('screen-cli');
const id = (name: string): string => `${p}-${name}`;

interface Record {
  key: string | null;
  verdict: string;
  bestScore?: number | null;
  message?: string;
  line?: number;
  matches?: {
    id: string;
    name: string;
    score: number;
    exposures: { hops: number; entity: { id: string }; list: { id: string; name: string }; path: string[] }[];
  }[];
}

const records = (text: string): Record[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record);

describe('entity-graph screen FILE', () => {
  let db: TestDb;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-screen-cli-'));
  const file = (name: string, content: string): string => {
    const target = path.join(dir, name);
    writeFileSync(target, content);
    return target;
  };

  beforeAll(async () => {
    db = await connectTestDb();
    const article = { id: id('article'), kind: 'ARTICLE', name: 'Screen CLI', title: 'Screen CLI' };
    const evidence = (quote: string) => [{ article: article.id, quote }];
    await importGraphDocument(db.runner, {
      entities: [
        article,
        { id: id('list'), kind: 'SANCTIONS_LIST', name: `${p} mining list` },
        { id: id('miner'), kind: 'COMPANY', name: 'Quorbalite Fennix Mining', country: 'KZ' },
        { id: id('shipper'), kind: 'COMPANY', name: 'Drosselvane Ukkertide Shipping' },
        { id: id('bakery'), kind: 'COMPANY', name: 'Perrowind Glasmoor Bakery' },
      ],
      relationships: [
        {
          id: id('listed'),
          type: 'LISTED_ON',
          from: id('miner'),
          to: id('list'),
          status: 'ACTIVE',
          evidence: evidence('Quorbalite Fennix Mining was listed.'),
        },
        {
          id: id('supplies'),
          type: 'SUPPLIES',
          from: id('shipper'),
          to: id('miner'),
          status: 'ACTIVE',
          evidence: evidence('Drosselvane ships for Quorbalite.'),
        },
      ],
    });
  });
  afterAll(async () => {
    await db.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p DETACH DELETE e', { p }));
    await db.close();
  });

  // Repeated name columns, `;` aliases, a quoted comma, an ignored column; line 5 lacks a field, line 6 a name.
  const CSV_INPUT = [
    'key,name,Name,Country,kind,notes',
    'miner,"Quorbalite Fennix Mining, LLP",,KZ,company,first',
    'shipper,Ukkertide Drosselvane Shipping Co,,,COMPANY,',
    'bakery,Glasmoor Trading;Perrowind Glasmoor Bakery,,,,',
    'short,Somebody,,,',
    'nameless,,,,,',
    'nobody,Zyxquandor Pelliwhisk Foundry,,,,',
    '',
  ].join('\r\n');

  it('screens CSV to NDJSON on stdout, one record per row in order, a bad row an ERROR record', async () => {
    const run = await runCli(['screen', file('queries.csv', CSV_INPUT)]);
    expect(run).toMatchObject({ code: 0 });
    const out = records(run.stdout);
    expect(out.map((record) => [record.key, record.verdict])).toEqual([
      ['miner', 'LISTED'],
      ['shipper', 'EXPOSED'],
      ['bakery', 'MATCHED'],
      ['short', 'ERROR'],
      ['nameless', 'ERROR'],
      ['nobody', 'CLEAR'],
    ]);
    const [miner, shipper, bakery, short, nameless] = out;
    expect(miner.matches?.[0]).toMatchObject({ id: id('miner'), name: 'Quorbalite Fennix Mining' });
    expect(miner.matches?.[0].exposures[0]).toMatchObject({ hops: 0, list: { id: id('list') }, path: [id('miner')] });
    expect(shipper.matches?.[0].exposures[0]).toMatchObject({
      hops: 1,
      entity: { id: id('miner') },
      list: { id: id('list'), name: `${p} mining list` },
      path: [id('shipper'), id('miner')],
    });
    expect(bakery.matches?.[0]).toMatchObject({ id: id('bakery'), exposures: [] });
    expect(short).toMatchObject({ line: 5, message: 'line 5: has 5 fields, the header 6' });
    expect(nameless).toMatchObject({ line: 6, message: expect.stringContaining('needs a name') });
    expect(run.stderr).toContain('screen: line 5: has 5 fields, the header 6');
    expect(run.stderr).toContain('screen: line 6 needs a name');
    expect(run.stderr).toContain('ignoring the columns "notes"');
    expect(run.stderr).toMatch(/screen: 6 queries in .*: 1 LISTED, 1 EXPOSED, 1 MATCHED, 1 CLEAR, 2 ERROR/);
  });

  it('screens FtM NDJSON to CSV, a row per line, an unreadable line an ERROR row', async () => {
    const input = file(
      'entities.ndjson',
      [
        JSON.stringify({ id: 'ftm-miner', schema: 'Company', properties: { name: ['Quorbalite Fennix Mining'] } }),
        '{"id": "broken", "schema": ',
        '',
        JSON.stringify({
          id: 'ftm-shipper',
          schema: 'Company',
          properties: { name: ['Drosselvane Ukkertide Shipping Ltd'] },
        }),
        JSON.stringify({ id: 'ftm-odd', schema: 'Spaceship', properties: { name: ['Quorbalite'] } }),
        JSON.stringify({ key: 'query-shaped', names: ['Zyxquandor Pelliwhisk Foundry'] }),
        '',
      ].join('\n'),
    );
    const out = path.join(dir, 'entities.csv');
    const run = await runCli(['screen', input, '--output-format', 'csv', '--out', out, '--hops', '1']);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    const rows = csvObjects(readFileSync(out, 'utf8'));
    expect(Object.keys(rows[0])).toEqual([
      'key',
      'verdict',
      'best_score',
      'match_id',
      'match_name',
      'match_score',
      'nearest_list',
      'nearest_hops',
      'path',
      'nearest_list_name',
      'message',
    ]);
    expect(rows.map((row) => [row.key, row.verdict])).toEqual([
      ['ftm-miner', 'LISTED'],
      ['', 'ERROR'],
      ['ftm-shipper', 'EXPOSED'],
      ['ftm-odd', 'ERROR'],
      ['query-shaped', 'CLEAR'],
    ]);
    expect(rows[0]).toMatchObject({ match_id: id('miner'), nearest_list: id('list'), nearest_hops: '0' });
    expect(Number(rows[0].match_score)).toBeGreaterThanOrEqual(0.7);
    expect(rows[1].message).toMatch(/^line 2: not JSON/);
    expect(rows[2]).toMatchObject({
      match_id: id('shipper'),
      match_name: 'Drosselvane Ukkertide Shipping',
      nearest_hops: '1',
      path: `${id('shipper')} > ${id('miner')}`,
      nearest_list_name: `${p} mining list`,
    });
    expect(rows[3].message).toContain('line 5.schema must be an FtM schema');
    expect(rows[4]).toMatchObject({ match_id: '', best_score: '', message: '' });
    expect(run.stderr).toMatch(/screen: line 2: not JSON/);
  });

  it('resumes: a second run with --resume screens only the keys the output lacks', async () => {
    const keys = Array.from({ length: 7 }, (_, index) => `r${index}`);
    const names = ['Quorbalite Fennix Mining', 'Drosselvane Ukkertide Shipping', 'Qwendlebrot Ashvane Mills'];
    const input = file(
      'resume.csv',
      `key,name\n${keys.map((key, index) => `${key},${names[index % names.length]}`).join('\n')}\n`,
    );
    const full = path.join(dir, 'full.ndjson');
    expect(await runCli(['screen', input, '--out', full])).toMatchObject({ code: 0 });
    const expected = readFileSync(full, 'utf8');
    expect(records(expected).map((record) => record.key)).toEqual(keys);

    // A run cut short: three records written, the fourth half.
    const cut = path.join(dir, 'cut.ndjson');
    const written = expected.split('\n');
    writeFileSync(cut, `${written.slice(0, 3).join('\n')}\n${written[3].slice(0, 20)}`);
    const resumed = await runCli(['screen', input, '--out', cut, '--resume']);
    expect(resumed).toMatchObject({ code: 0 });
    expect(resumed.stderr).toMatch(/screen: 4 queries in .*; skipped 3 already in the output/);
    expect(readFileSync(cut, 'utf8')).toBe(expected);

    // Nothing left to do: nothing appended.
    const again = await runCli(['screen', input, '--out', cut, '--resume']);
    expect(again.stderr).toMatch(/screen: 0 queries in .*; skipped 7 already in the output/);
    expect(readFileSync(cut, 'utf8')).toBe(expected);
  });

  it('refuses bad flags before screening anything (exit 2)', async () => {
    const input = file('flags.csv', 'key,name\na,Quorbalite Fennix Mining\n');
    const hops = await runCli(['screen', input, '--hops', '9']);
    expect(hops.code).toBe(2);
    expect(hops.stderr).toContain('--hops must be an integer between 1 and 4, got "9"');
    const status = await runCli(['screen', input, '--status', 'ACTIVE,SOMETIMES']);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('--status has an unknown value "SOMETIMES"');
    const resume = await runCli(['screen', input, '--resume']);
    expect(resume.code).toBe(2);
    expect(resume.stderr).toContain('--resume needs --out');
  });
});
