import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { runBench } from '../../bench/bench';
import { CypherCapture } from '../../bench/capture';
import { writeResult, type BenchResult } from '../../bench/report';
import type { Service } from '../../src/http/service';
import { uniquePrefix } from '../support/neo4j';
import { startTestService } from '../support/service';

// The bench's steps at a tiny scale: generator → importer → query set → result files and chart.
// Well-formed output only: timings on a shared machine prove nothing. Throughput (child
// processes, APOC) is left to `npm run bench`.
describe('bench smoke run', () => {
  const prefix = uniquePrefix('bench');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-bench-smoke-'));
  let service: Service;

  beforeAll(async () => (service = await startTestService({ env: { CHANGE_POLL_MS: '60000' } })));
  afterAll(async () => {
    await service.runner.write((tx) =>
      tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $prefix CALL (e) { DETACH DELETE e }', { prefix }),
    );
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates, imports, measures the query set both ways, and writes JSON, Markdown and SVG', async () => {
    const capture = new CypherCapture(service.runner.driver);
    const options = { entities: 300, seed: 5, prefix, runs: 2, warmup: 1, pairs: 2, deepPages: 2 };
    const result = await runBench(
      { service, capture, driver: service.runner.driver, database: service.runner.database },
      dir,
      { ...options, neo4jSettings: { shared: 'test' } },
      () => undefined,
    );
    const files = writeResult(dir, result);

    const written = JSON.parse(readFileSync(files.json, 'utf8')) as BenchResult;
    expect(written.failures).toEqual([]);
    expect(written.import.relationshipsCreated).toBeGreaterThanOrEqual(5 * options.entities);
    expect(written.entities.hub.degree).toBeGreaterThan(written.entities.small.degree);
    expect(written.latency.map((q) => q.name)).toEqual(
      expect.arrayContaining([
        'page, 50-edge node',
        'page, hub',
        'page, hub, deep cursor',
        'neighbourhood 3, hub',
        'search',
      ]),
    );
    for (const query of written.latency) {
      for (const value of [query.graphql.p50, query.graphql.p99, query.driver.p50, query.driver.p99, query.overhead]) {
        expect(Number.isFinite(value) && value > 0).toBe(true);
      }
      expect(query.roundTrips).toBeGreaterThanOrEqual(1);
    }
    // The entity with its per-type degrees, a page statement per type it has (with the endpoints), then the
    // evidence sources: replayed as recorded.
    const [{ types }] = await service.runner.read<{ types: number }>(
      'MATCH (:Entity {id: $id})-[r]-() RETURN count(DISTINCT type(r)) AS types',
      { id: written.entities.hub.id },
    );
    expect(written.latency.find((q) => q.name === 'page, hub')?.roundTrips).toBe(2 + types);
    expect(written.targets.map((t) => t.met)).not.toContain(undefined);

    const markdown = readFileSync(files.markdown, 'utf8');
    expect(markdown).toMatch(/^# Benchmark results/);
    expect(markdown).toMatch(
      new RegExp(
        String.raw`\| page, hub \| ${2 + types} \| \d+\.\d\d / \d+\.\d\d \| \d+\.\d\d / \d+\.\d\d \| \d+\.\d\d \|`,
      ),
    );
    expect(markdown).toMatch(/\| hub page \(\d+ edges\) ÷ 50-edge page, p50 \| ≤ 2 \| .+ \| (met|not met) \|/);
    expect(markdown).toContain(`](${path.basename(files.svg)})`);
    const svg = readFileSync(files.svg, 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('neighbourhood 3, hub');
    // Bars are drawn with a height: a log scale once rendered every bar zero-high.
    expect(svg).toMatch(/aria-roledescription="bar" d="M[\d.]+,[\d.]+h[\d.]+v[1-9]/);
  }, 300000);
});
