import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { startService } from '../src/http/service';
import type { EntityKind } from '../src/model/entity-kinds';
import { entitiesByIds } from '../src/store/entity.store';
import { importGraphDocument } from '../src/store/import.store';
import { relationshipPagesForEntities } from '../src/store/relationship.store';
import { loadSeedFile } from '../src/store/seed';
import { benchNeo4j } from './neo4j';
import { percentile, timeRuns } from './stats';

const log = (message: string): void => void process.stderr.write(`${message}\n`);
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 20000);
const RELATIONSHIPS = Number(process.env.BENCH_RELATIONSHIPS ?? 100000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

/** A synthetic supply graph: companies, one list, SUPPLIES edges and some listings. */
function syntheticDocument() {
  const article = 'bench-article';
  const company = (i: number): string => `bench-c${i}`;
  const entities = [
    { id: article, kind: 'ARTICLE', name: 'Benchmark article' },
    { id: 'bench-list', kind: 'SANCTIONS_LIST', name: 'Benchmark list' },
    ...Array.from({ length: COMPANIES }, (_, i) => ({ id: company(i), kind: 'COMPANY', name: `Bench Company ${i}` })),
  ];
  const relationships = Array.from({ length: RELATIONSHIPS }, (_, i) => {
    const listing = i % 50 === 0;
    return {
      id: `bench-r${i}`,
      type: listing ? 'LISTED_ON' : 'SUPPLIES',
      from: company(i % COMPANIES),
      // company 0 is a hub: every 10th supply edge ends there
      to: listing ? 'bench-list' : company(i % 10 === 1 ? 0 : (i * 7919 + 1) % COMPANIES),
      status: 'ACTIVE',
      since: '2020',
      evidence: [{ article, quote: 'Synthetic benchmark edge.' }],
    };
  }).filter((relationship) => relationship.from !== relationship.to);
  return { entities, relationships };
}

async function main(): Promise<void> {
  const neo4j = await benchNeo4j(log);
  const config = loadConfig({
    ...process.env,
    NEO4J_URI: neo4j.uri,
    PORT: '0',
    LOG_LEVEL: 'silent',
    QUERY_TIMEOUT_MS: '300000',
  });
  const service = await startService(config, { logger: pino({ level: 'silent' }) });
  const lines: string[] = [];
  try {
    await loadSeedFile(service.runner);
    const document = syntheticDocument();
    log(`bench: importing ${document.entities.length} entities and ${document.relationships.length} relationships…`);
    const started = process.hrtime.bigint();
    const counts = await importGraphDocument(service.runner, document, new Map<string, EntityKind>());
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rate = Math.round(counts.relationshipsCreated / seconds);
    log(`bench: bulk import ${rate} relationships/s (${seconds.toFixed(1)} s, validation included)`);

    const hub = 'bench-c0';
    const query = `query($id: ID!) { entity(id: $id) { id name relationships(first: 50) {
      totalCount edges { node { id type status since from { id name } to { id name } } } } } }`;
    const viaGraphql = async (): Promise<void> => {
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { id: hub } }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };
    // The same three Cypher queries the resolvers run (entity, its page, the endpoints), driver only.
    const viaDriver = async (): Promise<void> => {
      await entitiesByIds(service.runner, [hub]);
      const pages = await relationshipPagesForEntities(service.runner, [hub], { direction: 'BOTH' }, 50);
      const rows = pages.get(hub)?.rows ?? [];
      await entitiesByIds(service.runner, [...new Set(rows.flatMap((row) => [row.from, row.to]))]);
    };
    await timeRuns(30, viaGraphql);
    await timeRuns(30, viaDriver);
    // Interleave the two so machine noise hits both alike.
    const graphqlSamples: number[] = [];
    const driverSamples: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      driverSamples.push(...(await timeRuns(1, viaDriver)));
      graphqlSamples.push(...(await timeRuns(1, viaGraphql)));
    }
    const p50Graphql = percentile(graphqlSamples, 50);
    const p50Driver = percentile(driverSamples, 50);
    const ratio = p50Graphql / p50Driver;
    log(
      `bench: hub page p50 GraphQL ${p50Graphql.toFixed(2)} ms vs driver ${p50Driver.toFixed(2)} ms: ratio ${ratio.toFixed(2)}`,
    );

    lines.push(
      `# Benchmark results`,
      '',
      `Run ${new Date().toISOString()} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), Node ${process.version}, Neo4j ${neo4j.uri}.`,
      'Timings on a shared machine are noisy: read the ratios, not the absolute numbers.',
      '',
      '| measure | result | target (DESIGN §7) |',
      '| --- | --- | --- |',
      `| bulk import (${counts.relationshipsCreated} relationships, ${counts.entitiesCreated} entities, one transaction, validation included) | ${rate} relationships/s (${seconds.toFixed(1)} s) | ≥ 50,000/s |`,
      `| hub entity + 50 relationships + endpoints, GraphQL over HTTP, p50 / p95 | ${p50Graphql.toFixed(2)} / ${percentile(graphqlSamples, 95).toFixed(2)} ms | |`,
      `| the same 3 Cypher queries through the driver, p50 / p95 | ${p50Driver.toFixed(2)} / ${percentile(driverSamples, 95).toFixed(2)} ms | |`,
      `| GraphQL / driver p50 ratio (${RUNS} interleaved runs) | ${ratio.toFixed(2)} | ≤ 1.15 |`,
      '',
    );
    const out = path.join(__dirname, 'results', 'latest.md');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, lines.join('\n'));
    log(`bench: results written to ${path.relative(process.cwd(), out)}`);
  } finally {
    await service.close();
    await neo4j.stop();
  }
}

main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
