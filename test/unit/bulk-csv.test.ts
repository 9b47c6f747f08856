import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARRAY_DELIMITER, entityCsv, relationshipCsv, writeEntity, writeRelationship } from '../../src/ingest/bulk-csv';
import { FingerprintSet } from '../../src/ingest/fingerprint-set';

describe('FingerprintSet', () => {
  it('finds every repeat and no false one across growth', () => {
    const set = new FingerprintSet();
    let added = 0;
    for (let i = 0; i < 50_000; i += 1) if (set.add(`rel-${i}`)) added += 1;
    expect(added).toBe(50_000);
    expect(set.size).toBe(50_000);
    let repeats = 0;
    for (let i = 0; i < 50_000; i += 997) if (!set.add(`rel-${i}`)) repeats += 1;
    expect(repeats).toBe(Math.ceil(50_000 / 997));
    expect(set.add('')).toBe(true);
    expect(set.add('')).toBe(false);
  });
});

describe('bulk CSV files', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-bulk-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('quotes every string and leaves absent ones, empty lists included, empty', async () => {
    const file = entityCsv(path.join(dir, 'company.csv'), 'COMPANY');
    await writeEntity(file, { id: 'acme', kind: 'COMPANY', name: 'Acme "Anvils"\nLtd' });
    await writeEntity(file, { id: 'beta', kind: 'COMPANY', name: 'Beta', aliases: ['B', 'Bee'] });
    await file.close();
    const [header, ...rows] = readFileSync(file.path, 'utf8').split(/\n(?=")/);
    expect(header.split(',').slice(0, 6)).toEqual([
      'id:ID',
      'kind',
      'name',
      'nameKey',
      'aliases:string[]',
      'aliasText',
    ]);
    expect(rows[0]).toContain(`"acme","COMPANY","Acme ""Anvils""\nLtd"`);
    expect(rows[0]).toContain(`"Acme ""Anvils""\nLtd","acme ""anvils""\nltd",,""`);
    expect(rows[1]).toContain(`"B${ARRAY_DELIMITER}Bee","B | Bee"`);
    expect(file.multiline).toBe(true);
  });

  it('writes endpoints first and every stored relationship property, endpoint ids included', async () => {
    const file = relationshipCsv(path.join(dir, 'owns.csv'));
    await writeRelationship(file, {
      id: 'own-1',
      type: 'OWNS',
      from: 'ann',
      to: 'acme',
      status: 'ACTIVE',
      evidence: [{ dataset: 'registry' }],
    });
    await file.close();
    const [header, row] = readFileSync(file.path, 'utf8').trim().split('\n');
    const cells = Object.fromEntries(header.split(',').map((name, index) => [name, row.split(',')[index]]));
    expect(cells).toMatchObject({
      ':START_ID': '"ann"',
      ':END_ID': '"acme"',
      id: '"own-1"',
      since: '',
      'evidenceQuotes:string[]': '',
      fromId: '"ann"',
      toId: '"acme"',
    });
    expect(file.multiline).toBe(false);
  });

  it('refuses a list of only empty strings, which neo4j-admin would read as no property', async () => {
    const file = entityCsv(path.join(dir, 'person.csv'), 'PERSON');
    await expect(file.write(['p'], { aliases: [''] })).rejects.toThrow(/aliases/);
    await file.close();
  });

  it('names a list element holding the delimiter and writes no row for it', async () => {
    const file = entityCsv(path.join(dir, 'org.csv'), 'ORGANIZATION');
    expect(
      await writeEntity(file, { id: 'o1', kind: 'ORGANIZATION', name: 'x', aliases: ['a', `b${ARRAY_DELIMITER}c`] }),
    ).toBe('aliases');
    expect(await writeEntity(file, { id: 'o2', kind: 'ORGANIZATION', name: 'y', aliases: ['a'] })).toBeUndefined();
    await file.close();
    expect(file.rows).toBe(1);
    expect(readFileSync(file.path, 'utf8')).not.toContain('"o1"');
  });

  it('names an evidence list element holding the delimiter', async () => {
    const file = relationshipCsv(path.join(dir, 'directs.csv'));
    const refused = await writeRelationship(file, {
      ...{ id: 'd-1', type: 'DIRECTS', from: 'ann', to: 'acme', status: 'ACTIVE' },
      evidence: [{ dataset: 'registry', url: `https://x.example/${ARRAY_DELIMITER}` }],
    });
    await file.close();
    expect(refused).toBe('evidenceUrls');
    expect(file.rows).toBe(0);
  });
});
