import 'reflect-metadata';
import { appendFileSync, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { loadConfig } from '../src/config';
import { importNdjson } from '../src/ingest/ndjson-import';
import { describePhases } from '../src/cli/import';
import { openGraph } from '../src/store/open-graph';
import { benchNeo4j } from './neo4j';

/*
 * `npm run bench:import`: a fresh import of BENCH_IMPORT_RELATIONSHIPS (default 1,000,000)
 * relationships among BENCH_IMPORT_ENTITIES companies, through the streaming importer (graph
 * NDJSON, default batch size), into a throw-away Neo4j. Appends its line to bench/results/import.md.
 */
const log = (message: string): void => void process.stderr.write(`${message}\n`);
const RELATIONSHIPS = Number(process.env.BENCH_IMPORT_RELATIONSHIPS ?? 1_000_000);
const ENTITIES = Number(process.env.BENCH_IMPORT_ENTITIES ?? 200_000);
const BATCH_SIZE = Number(process.env.BENCH_IMPORT_BATCH_SIZE ?? 10_000);

async function writeInput(file: string): Promise<void> {
  const out = createWriteStream(file);
  const line = (record: unknown): boolean => out.write(`${JSON.stringify(record)}\n`);
  line({ id: 'bench-dataset', kind: 'DATASET', name: 'bench' });
  for (let i = 0; i < ENTITIES; i += 1) line({ id: `bench-c${i}`, kind: 'COMPANY', name: `Bench Company ${i}` });
  for (let i = 0; i < RELATIONSHIPS; i += 1) {
    const from = i % ENTITIES;
    const to = (i * 7919 + 1 + Math.floor(i / ENTITIES)) % ENTITIES;
    const record = {
      id: `bench-r${i}`,
      type: 'SUPPLIES',
      from: `bench-c${from}`,
      to: `bench-c${to === from ? (to + 1) % ENTITIES : to}`,
      status: 'ACTIVE',
      since: '2020',
      evidence: [{ dataset: 'bench-dataset' }],
    };
    if (!line(record)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-bench-import-'));
  const file = path.join(dir, 'input.ndjson');
  await writeInput(file);
  const neo4j = await benchNeo4j(log);
  const config = loadConfig({ ...process.env, NEO4J_URI: neo4j.uri });
  const { runner, close } = await openGraph(config, { log, timeoutMs: 600_000 });
  try {
    log(`bench: importing ${ENTITIES} entities and ${RELATIONSHIPS} relationships…`);
    const neo4jCpuBefore = neo4j.cpuSeconds();
    const nodeCpuBefore = process.cpuUsage();
    const loadBefore = os.loadavg()[0];
    const started = process.hrtime.bigint();
    const result = await importNdjson(runner, file, {
      format: 'graph',
      batchSize: BATCH_SIZE,
      strict: true,
      defaultDataset: 'bench',
      today: new Date().toISOString().slice(0, 10),
      onFlaw: () => undefined,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rate = Math.round(result.counts.relationshipsCreated / seconds);
    // The machine is shared: CPU seconds spent, unlike wall time, barely depend on the others' load.
    const nodeCpu = process.cpuUsage(nodeCpuBefore);
    const neo4jCpu = (neo4j.cpuSeconds() ?? NaN) - (neo4jCpuBefore ?? NaN);
    const cpu =
      `CPU: Neo4j ${neo4jCpu.toFixed(1)} s, importer ${((nodeCpu.user + nodeCpu.system) / 1e6).toFixed(1)} s; ` +
      `load ${loadBefore.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}`;
    const summary =
      `| ${new Date().toISOString().slice(0, 10)} | ${os.cpus().length} cores | ${result.counts.relationshipsCreated} rel, ` +
      `${result.counts.entitiesCreated} entities, batch ${BATCH_SIZE} | ${rate} rel/s (${seconds.toFixed(1)} s) | ${describePhases(result)} | ${cpu} |`;
    log(`bench: ${summary}`);
    appendFileSync(path.join(__dirname, 'results', 'import.md'), `${summary}\n`);
  } finally {
    await close();
    await neo4j.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
