import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  benchResult,
  importGenerated,
  measurePages,
  pickEntities,
  writeGenerated,
  writeResult,
  type BenchResult,
} from '../../bench/harness';
import type { Service } from '../../src/http/service';
import { uniquePrefix } from '../support/neo4j';
import { startTestService } from '../support/service';

// The bench's steps at a tiny scale: generator → importer → page measurements → result files.
// Well-formed output only: timings on a shared machine prove nothing.
describe('bench smoke run', () => {
  const prefix = uniquePrefix('bench');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-bench-smoke-'));
  let service: Service;

  beforeAll(async () => (service = await startTestService()));
  afterAll(async () => {
    await service.runner.write((tx) =>
      tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $prefix CALL (e) { DETACH DELETE e }', { prefix }),
    );
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates, imports every line, measures a hub and a small page, and writes the results', async () => {
    const scale = { entities: 300, seed: 5, prefix };
    const generated = await writeGenerated(path.join(dir, 'input.ndjson'), scale);
    expect(generated.lines).toBeGreaterThan(scale.entities);
    const imported = await importGenerated(service.runner, generated.file);
    expect(imported.entitiesCreated).toBeGreaterThanOrEqual(scale.entities);
    expect(imported.relationshipsCreated).toBeGreaterThanOrEqual(5 * scale.entities);

    const { hub, small } = pickEntities(generated.degrees);
    const degree = (id: string): number => generated.degrees.get(id) ?? 0;
    expect(degree(hub)).toBeGreaterThan(degree(small));
    const pages = await measurePages(
      service,
      [hub, small].map((id) => ({ id, degree: degree(id) })),
      3,
      1,
    );
    const result = benchResult({ entities: scale.entities, seed: scale.seed, lines: generated.lines }, imported, pages);
    const files = writeResult(dir, result);

    const written = JSON.parse(readFileSync(files.json, 'utf8')) as BenchResult;
    expect(written.pages.hub.id).toBe(hub);
    for (const figures of [written.pages.hub, written.pages.small]) {
      for (const value of [figures.graphql.p50, figures.graphql.p99, figures.driver.p50, figures.driver.p99]) {
        expect(Number.isFinite(value) && value > 0).toBe(true);
      }
    }
    expect(written.pages.hub.roundTrips.driver).toBe(3);
    expect(written.pages.hub.roundTrips.graphql).toBeGreaterThanOrEqual(3);
    for (const ratio of Object.values(written.ratios)) expect(Number.isFinite(ratio) && ratio > 0).toBe(true);
    const markdown = readFileSync(files.markdown, 'utf8');
    expect(markdown).toMatch(/^# Benchmark results/);
    expect(markdown).toMatch(/\| hub ÷ small page, driver p50 \| \d+\.\d\d \((met|not met)\) \| ≤ 2 \|/);
    expect(markdown).toMatch(/\| GraphQL ÷ driver p50, hub page \| \d+\.\d\d \((met|not met)\) \| ≤ 1\.15 \|/);
  }, 180000);
});
