import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../src/paths';
import type { ImportFigures } from './harness';
import type { QueryFailure, QueryFigures } from './latency';
import type { ThroughputResult } from './throughput';

/* The bench's result: one JSON of every figure, a Markdown table of the same, and an SVG latency chart. */

export interface Targets {
  name: string;
  target: string;
  /** The measured figure as written in the table, or why there is none. */
  figure: string;
  /** 'not judged': a figure the table shows without a machine verdict (round trips per nesting level). */
  met: boolean | 'not measured' | 'not judged';
}

export interface BenchResult {
  date: string;
  machine: { cpus: number; model: string; memoryGb: number; node: string; platform: string; loadAverage: number[] };
  versions: Record<string, string>;
  neo4j: { server: string; settings: Record<string, string> };
  scale: { entities: number; seed: number; lines: number; runs: number };
  import: ImportFigures;
  entities: Record<'hub' | 'small' | 'median', { id: string; degree: number }>;
  latency: QueryFigures[];
  failures: QueryFailure[];
  throughput?: ThroughputResult;
  /** Peak RSS (MB) of the bench process, which hosts the service for import and latency. */
  benchProcessPeakRssMb: number;
  targets: Targets[];
}

const PACKAGES = [
  '@apollo/server',
  'fastify',
  'graphql',
  'type-graphql',
  'neo4j-driver',
  '@neo4j/graphql',
  'autocannon',
];

/** Installed versions of the packages the figures depend on. */
export function packageVersions(): Record<string, string> {
  const version = (name: string): string =>
    (
      JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  return Object.fromEntries(PACKAGES.map((name) => [name, version(name)]));
}

export function machine(): BenchResult['machine'] {
  return {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? 'cpu',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: os.platform(),
    loadAverage: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
}

const two = (value: number): string => value.toFixed(2);
const byName = (latency: QueryFigures[], name: string): QueryFigures | undefined =>
  latency.find((q) => q.name === name);

/** One line per target of the README's Performance section, met or not, with the figure. */
export function evaluateTargets(result: Omit<BenchResult, 'targets'>): Targets[] {
  const small = byName(result.latency, 'page, 50-edge node');
  const hub = byName(result.latency, 'page, hub');
  const worst = [...result.latency].sort((a, b) => b.overhead - a.overhead)[0];
  const mostTrips = [...result.latency].sort((a, b) => b.roundTrips - a.roundTrips)[0];
  const slowest = result.throughput?.queries.slice().sort((a, b) => a.ratio - b.ratio)[0];
  const notMeasured = { figure: 'not measured in this run', met: 'not measured' as const };
  return [
    {
      name: `hub page (${result.entities.hub.degree} edges) ÷ 50-edge page, p50`,
      target: '≤ 2',
      ...(hub && small
        ? {
            figure: `${two(hub.driver.p50 / small.driver.p50)} driver, ${two(hub.graphql.p50 / small.graphql.p50)} GraphQL`,
            met: Math.max(hub.driver.p50 / small.driver.p50, hub.graphql.p50 / small.graphql.p50) <= 2,
          }
        : notMeasured),
    },
    {
      name: 'GraphQL ÷ driver p50, every query',
      target: '≤ 1.15',
      ...(worst
        ? {
            figure: `worst ${two(worst.overhead)} (${worst.name}); ${result.latency.filter((q) => q.overhead <= 1.15).length} of ${result.latency.length} within`,
            met: worst.overhead <= 1.15,
          }
        : notMeasured),
    },
    {
      name: 'round trips: one Cypher query per nesting level',
      target: '≤ levels',
      ...(mostTrips
        ? { figure: `at most ${mostTrips.roundTrips} per request (${mostTrips.name}); per query in the latency table` }
        : { figure: 'not measured in this run' }),
      met: 'not judged',
    },
    {
      name: 'throughput ÷ @neo4j/graphql 7, shared queries',
      target: '≥ 1.5',
      ...(slowest
        ? { figure: `lowest ${two(slowest.ratio)} (${slowest.name})`, met: slowest.ratio >= 1.5 }
        : notMeasured),
    },
    {
      name: 'online import, relationships/s',
      target: '≥ 50,000',
      figure: String(result.import.relationshipsPerSecond),
      met: result.import.relationshipsPerSecond >= 50_000,
    },
    {
      name: 'bulk load at 5M, relationships/s',
      target: '≥ 300,000',
      // The offline loader runs before the bench (import --bulk, bench:bulk): its figures are in bulk.md.
      figure: 'measured by import --bulk / npm run bench:bulk: bench/results/bulk.md',
      met: 'not judged',
    },
    {
      name: 'every exploration query within its caps',
      target: 'no failure',
      figure:
        result.failures.length === 0 ? 'no failure' : result.failures.map((f) => `${f.name}: ${f.error}`).join('; '),
      met: result.failures.length === 0,
    },
  ];
}

const verdict = (met: Targets['met']): string => (typeof met === 'string' ? met : met ? 'met' : 'not met');

export function resultMarkdown(result: BenchResult): string {
  const { machine: m, scale, throughput } = result;
  const ms = (p: { p50: number; p99: number }): string => `${two(p.p50)} / ${two(p.p99)}`;
  const lines = [
    '# Benchmark results',
    '',
    `Run ${result.date} on ${m.cpus} cores (${m.model}, ${m.memoryGb} GB), load average ${m.loadAverage.join(' ')} at the end, ` +
      `Node ${m.node}, ${result.neo4j.server} (${Object.entries(result.neo4j.settings)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ', ',
        )}): ${scale.entities} generated entities (seed ${scale.seed}, ${scale.lines} FtM lines), ${scale.runs} runs per query.`,
    'Timings on a shared machine are noisy: read the ratios within this run, not the absolute numbers.',
    '',
    `Online FtM import: ${result.import.relationshipsCreated} relationships, ${result.import.entitiesCreated} entities in ` +
      `${result.import.seconds.toFixed(1)} s (${result.import.relationshipsPerSecond} relationships/s).`,
    `Entities: hub ${result.entities.hub.id} (${result.entities.hub.degree} edges), 50-edge node ${result.entities.small.id} ` +
      `(${result.entities.small.degree}), median node ${result.entities.median.id} (${result.entities.median.degree}).`,
    '',
    '## Latency: GraphQL over HTTP vs the same Cypher through neo4j-driver (ms, A/B interleaved)',
    '',
    '| query | Cypher statements | GraphQL p50 / p99 | driver p50 / p99 | GraphQL ÷ driver p50 |',
    '| --- | --- | --- | --- | --- |',
    ...result.latency.map(
      (q) => `| ${q.name} | ${q.roundTrips} | ${ms(q.graphql)} | ${ms(q.driver)} | ${two(q.overhead)} |`,
    ),
    ...result.failures.map((f) => `| ${f.name} | failed: ${f.error.replace(/\|/g, '/')} | | | |`),
    '',
    `![Latency per query, p50 and p99, GraphQL vs driver](${resultBase(result)}.svg)`,
    '',
  ];
  if (throughput) {
    lines.push(
      `## Throughput vs @neo4j/graphql ${result.versions['@neo4j/graphql']} (${throughput.connections} connections, ` +
        `${throughput.rounds} alternating rounds of ${throughput.seconds} s)`,
      '',
      '| query | ours req/s | ours p50 / p99 ms | @neo4j/graphql req/s | its p50 / p99 ms | ratio |',
      '| --- | --- | --- | --- | --- | --- |',
      ...throughput.queries.map(
        (q) =>
          `| ${q.name} | ${q.ours.requestsPerSecond} | ${q.ours.latencyP50} / ${q.ours.latencyP99} | ` +
          `${q.peer.requestsPerSecond} | ${q.peer.latencyP50} / ${q.peer.latencyP99} | ${two(q.ratio)} |`,
      ),
      '',
      ...throughput.failures.map((f) => `Not timed: ${f.name}: ${f.error}`),
      '',
      `Peak RSS: the service ${throughput.servicePeakRssMb} MB under this load (@neo4j/graphql's server ${throughput.peerPeakRssMb} MB).`,
    );
  }
  lines.push(
    `Peak RSS of the bench process (service in-process through import and latency runs): ${result.benchProcessPeakRssMb} MB.`,
    '',
    '## Targets',
    '',
    '| target | goal | figure | verdict |',
    '| --- | --- | --- | --- |',
    ...result.targets.map((t) => `| ${t.name} | ${t.target} | ${t.figure.replace(/\|/g, '/')} | ${verdict(t.met)} |`),
    '',
  );
  return lines.join('\n');
}

/** p50 and p99 per query, GraphQL vs driver, as a Vega-Lite grouped bar chart on a symlog scale (log bars have no baseline: vega draws them zero-high). */
export function latencyChartSpec(result: BenchResult): Record<string, unknown> {
  const values = result.latency.flatMap((q) =>
    (['graphql', 'driver'] as const).flatMap((side) =>
      (['p50', 'p99'] as const).map((p) => ({
        query: q.name,
        series: `${side === 'graphql' ? 'GraphQL' : 'driver'} ${p}`,
        ms: Math.max(q[side][p], 0.01),
      })),
    ),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `Latency per query, ${result.scale.entities} entities (${result.date.slice(0, 10)})`,
    width: { step: 14 },
    height: 320,
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'query', type: 'nominal', sort: null, axis: { labelAngle: -40 } },
      xOffset: { field: 'series' },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'symlog' }, title: 'ms (symmetric log scale)' },
      color: { field: 'series', type: 'nominal' },
    },
  };
}

/** Renders in a child process (see render-svg.ts). */
export function renderSvg(spec: Record<string, unknown>): string {
  return execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'render-svg.ts')], {
    cwd: REPO_ROOT,
    input: JSON.stringify(spec),
    encoding: 'utf8',
  });
}

const resultBase = (result: BenchResult): string => `${result.date.slice(0, 10)}-${result.scale.entities}`;

/** Writes `<date>-<entities>.json`, `.md`, `.svg`, and `latest.md` / `latest.svg` into `dir`. */
export function writeResult(dir: string, result: BenchResult): { json: string; markdown: string; svg: string } {
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, resultBase(result));
  const markdown = resultMarkdown(result);
  const svg = renderSvg(latencyChartSpec(result));
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  for (const file of [`${base}.md`, path.join(dir, 'latest.md')]) writeFileSync(file, markdown);
  for (const file of [`${base}.svg`, path.join(dir, 'latest.svg')]) writeFileSync(file, svg);
  return { json: `${base}.json`, markdown: `${base}.md`, svg: `${base}.svg` };
}
