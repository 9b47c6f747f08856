import { createHash } from 'node:crypto';
import { generateFtm, HUB_INDEXES, entityId, hubDegree } from '../../bench/ftm-generator';
import { type FtmMapped } from '../../src/model/ftm';
import { validateGraphDocument } from '../../src/model/validate-document';
import { mapFtmEntity } from '../../src/ingest/ftm-to-graph';

const digest = (entities: number, seed: number): string => {
  const hash = createHash('sha256');
  for (const entity of generateFtm({ entities, seed })) hash.update(`${JSON.stringify(entity)}\n`);
  return hash.digest('hex');
};

describe('the synthetic FtM generator', () => {
  it('writes the same bytes for the same seed, and others for another', () => {
    expect(digest(500, 7)).toBe(digest(500, 7));
    expect(digest(500, 7)).not.toBe(digest(500, 8));
  });

  it('writes lines the FtM mapping and the document validator accept, with hubs, sanctions and statuses', () => {
    const options = { today: '2026-01-01', defaultDataset: 'synthetic' };
    const mapped: FtmMapped[] = [...generateFtm({ entities: 400, seed: 3 })].map((line) => mapFtmEntity(line, options));
    const entities = new Map(mapped.flatMap((m) => [...m.entities, ...m.derived]).map((e) => [e.id, e]));
    const implied = new Map(mapped.flatMap((m) => m.derivedRelationships).map((r) => [r.id, r]));
    const relationships = [...mapped.flatMap((m) => m.relationships), ...implied.values()];
    const result = validateGraphDocument({ entities: [...entities.values()], relationships });
    expect(result.ok ? [] : result.errors.slice(0, 3)).toEqual([]);

    const degree = (id: string): number => relationships.filter((r) => r.from === id || r.to === id).length;
    for (const hub of HUB_INDEXES) expect(degree(entityId('gen', hub))).toBeGreaterThanOrEqual(hubDegree(400));
    const count = (type: string) => relationships.filter((r) => r.type === type).length;
    for (const type of ['OWNS', 'DIRECTS', 'SUPPLIES', 'COMPETES_WITH', 'LISTED_ON'])
      expect(count(type)).toBeGreaterThan(0);
    expect(relationships.filter((r) => r.type === 'LISTED_ON').every((r) => r.since !== undefined)).toBe(true);
    const statuses = new Set(relationships.map((r) => r.status));
    expect([...statuses].sort()).toEqual(['ACTIVE', 'ENDED', 'PROPOSED']);
    const kinds = new Set([...entities.values()].map((e) => e.kind));
    for (const kind of ['COMPANY', 'PERSON', 'ORGANIZATION']) expect(kinds).toContain(kind);
    // Symmetric facts once: no competition pair twice, either way round.
    const pairs = relationships.filter((r) => r.type === 'COMPETES_WITH').map((r) => [r.from, r.to].sort().join(' '));
    expect(new Set(pairs).size).toBe(pairs.length);
  });
});
