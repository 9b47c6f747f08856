import { appendFileSync, createWriteStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { Command } from 'commander';
import { describeBulkReport } from '../src/cli/import';
import { bulkImport } from '../src/ingest/bulk-import';
import { seconds } from '../src/units';
import { generateFtm } from './ftm-generator';

/*
 * `npm run bench:bulk -- --entities N [--seed S]`: generated FtM NDJSON (bench/ftm-generator.ts)
 * (or `--file F`, one generated before) through `import --bulk` into a throw-away local Neo4j; appends the phases, the neo4j-admin
 * rate and the end-to-end rate (CSV + import + start + migrate), with the machine's
 * load, to bench/results/bulk.md.
 */
const log = (message: string): void => void process.stderr.write(`${message}\n`);
const RESULTS = path.join(__dirname, 'results', 'bulk.md');
const HEADER = `# Bulk load (\`import --bulk\`)

Generated FtM (\`bench/ftm-generator.ts\`) loaded by \`npm run bench:bulk -- --entities N\` into a
throw-away local Neo4j (heap 2g, page cache 1g; neo4j-admin heap 2g). Rates are relationships/s:
neo4j-admin alone, and end to end (CSV + import + start + migrate). Load is \`uptime\`'s
1-minute average before and after the run, on a 2-core machine shared with other work.

| date | entities | relationships | skipped | csv | import | start | migrate | neo4j-admin rel/s | end-to-end rel/s | load before → after |
|---|---|---|---|---|---|---|---|---|---|---|---|
`;

const loadAverage = (): string => os.loadavg()[0].toFixed(2);

async function writeInput(file: string, entities: number, seed: number): Promise<void> {
  const out = createWriteStream(file);
  for (const entity of generateFtm({ entities, seed })) {
    if (!out.write(`${JSON.stringify(entity)}\n`)) await new Promise<void>((resolve) => out.once('drain', resolve));
  }
  out.end();
  await finished(out);
}

async function main(): Promise<void> {
  const options = new Command()
    .option('--entities <n>', 'entities to generate', (value) => Number.parseInt(value, 10), 100_000)
    .option('--seed <s>', 'random seed', (value) => Number.parseInt(value, 10), 1)
    .option('--file <ndjson>', 'load this FtM NDJSON file instead of generating one (--entities is then ignored)')
    .parse()
    .opts<{ entities: number; seed: number; file?: string }>();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-bench-bulk-'));
  try {
    const input = options.file ?? path.join(dir, 'input.ndjson');
    if (options.file === undefined) {
      log(`bench:bulk: generating ${options.entities} entities…`);
      await writeInput(input, options.entities, options.seed);
    }
    log(`bench:bulk: ${(statSync(input).size / 1e6).toFixed(0)} MB of FtM NDJSON`);
    const loadBefore = loadAverage();
    const report = await bulkImport({
      neo4j: {
        home: path.join(dir, 'neo4j'),
        port: 17900 + Math.floor(Math.random() * 90),
        heap: '2g',
        pageCache: '1g',
      },
      database: 'neo4j',
      input,
      format: 'ftm',
      adminHeap: '2g',
      log,
      onFlaw: (flaw) => log(`bench:bulk: line ${flaw.line}: ${flaw.reason}: ${flaw.message}`),
    });
    const summary = describeBulkReport(report);
    log(summary);
    const total = Object.values(report.phases).reduce((sum, ms) => sum + ms, 0);
    const rate = (ms: number): number => Math.round(report.relationships / (ms / 1000));
    const skipped = Object.values(report.skipped).reduce((sum, count) => sum + count, 0);
    const { csv, import: admin, start, migrate } = report.phases;
    const row = [
      new Date().toISOString().slice(0, 16).replace('T', ' '),
      report.entities,
      report.relationships,
      skipped,
      ...[csv, admin, start, migrate].map(seconds),
      rate(admin),
      rate(total),
      `${loadBefore} → ${loadAverage()}`,
    ];
    if (!existsSync(RESULTS)) writeFileSync(RESULTS, HEADER);
    appendFileSync(RESULTS, `| ${row.join(' | ')} |\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(`bench:bulk failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
