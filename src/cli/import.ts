import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import {
  IMPORT_FORMATS,
  importNdjson,
  importTotalBytes,
  StrictImportError,
  type ImportFormat,
  type NdjsonImportResult,
  bulkImport,
  BulkImportRefused,
  type BulkImportReport,
} from '../ingest';
import type { Config } from '../config';
import type { CypherRunner } from '../store';
import { DEFAULT_BATCH_SIZE, describeImportCounts } from '../store';
import { seconds } from '../units';
import { EXIT, UsageError } from './exit-codes';

/** `entity-graph import` flags. */
export interface ImportCommandOptions {
  format: string;
  batchSize?: string;
  strict?: boolean;
  verbose?: boolean;
  dataset?: string;
  /** Load with neo4j-admin into the stopped local Neo4j instead of transactions. */
  bulk?: boolean;
  /** With --bulk: replace an existing database. */
  force?: boolean;
}

/** How often a non-terminal run prints a progress line. */
const PROGRESS_LINE_MS = 5000;
/**
 * Phases in the order they run; `commit` is what a batch's transaction cost beyond them. Parse
 * and validate run outside the transaction, while the previous batch commits.
 */
const PHASES = ['parse', 'validate', 'lock', 'entities', 'preflight', 'create', 'feed', 'commit'] as const;
const IN_TRANSACTION = ['lock', 'entities', 'preflight', 'create', 'feed'] as const;

function parseOptions(options: ImportCommandOptions): { format: ImportFormat; batchSize: number } {
  if (!(IMPORT_FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')}, got "${options.format}"`);
  }
  const batchSize = options.batchSize === undefined ? DEFAULT_BATCH_SIZE : Number(options.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new UsageError(`--batch-size must be a positive whole number, got "${options.batchSize}"`);
  }
  return { format: options.format as ImportFormat, batchSize };
}

/** Fails fast, before any Neo4j starts: flags the import cannot use, a file it cannot read. */
export function checkImportArguments(file: string, options: ImportCommandOptions): void {
  parseOptions(options);
  if (file !== '-') accessSync(file, constants.R_OK);
}

/** `phases: parse 1.2 s, validate 0.3 s, …` from the importer's timings. */
export function describePhases({ timings }: NdjsonImportResult): string {
  const inside = IN_TRANSACTION.reduce((sum, phase) => sum + (timings[phase] ?? 0), 0);
  const all: Record<string, number> = { ...timings, commit: Math.max(0, (timings['write'] ?? 0) - inside) };
  return `phases: ${PHASES.map((phase) => `${phase} ${((all[phase] ?? 0) / 1000).toFixed(2)} s`).join(', ')}`;
}

export function describeSkipped({ skipped }: Pick<NdjsonImportResult, 'skipped'>): string {
  const reasons = Object.entries(skipped);
  const total = reasons.reduce((sum, [, count]) => sum + count, 0);
  return total === 0
    ? 'skipped 0 lines'
    : `skipped ${total} lines (${reasons.map(([r, n]) => `${r}: ${n}`).join(', ')})`;
}

/** The bulk loader's summary: counts, skipped lines, phases, and rates (neo4j-admin alone, and end to end). */
export function describeBulkReport(report: BulkImportReport): string {
  const total = Object.values(report.phases).reduce((sum, ms) => sum + ms, 0);
  const rate = (ms: number): string =>
    `${Math.round(report.relationships / Math.max(0.001, ms / 1000))} relationships/s`;
  return [
    `import --bulk: ${report.lines} lines: ${report.entities} entities, ${report.relationships} relationships; ${describeSkipped(report)}`,
    `import --bulk: phases: ${Object.entries(report.phases)
      .map(([phase, ms]) => `${phase} ${seconds(ms)}`)
      .join(', ')}; total ${seconds(total)}`,
    `import --bulk: neo4j-admin ${rate(report.phases.import)}; end to end ${rate(total)}`,
  ].join('\n');
}

/** Options that mean nothing to the bulk loader: refused rather than silently ignored. */
function checkBulkOptions(config: Config, options: ImportCommandOptions): void {
  if (config.neo4j.uri) {
    throw new BulkImportRefused(
      `--bulk loads only the local Neo4j (its store files), but NEO4J_URI is set (${config.neo4j.uri}): unset it, or import without --bulk`,
    );
  }
  if (options.batchSize !== undefined) throw new UsageError('--batch-size has no meaning with --bulk');
}

/**
 * `import --bulk`: neo4j-admin into the stopped local Neo4j (src/db/bulk-import.ts), then
 * started, repaired and migrated, and stopped again. Skipped lines are reported, not fatal.
 */
export async function runBulkImport(
  config: Config,
  file: string,
  options: ImportCommandOptions,
  say: (message: string) => void,
): Promise<void> {
  const { format } = parseOptions(options);
  checkBulkOptions(config, options);
  const { localHome, localPort, localHeap, localTransactionMemory, localJvmArgs } = config.neo4j;
  const report = await bulkImport({
    neo4j: {
      home: localHome,
      port: localPort,
      heap: localHeap,
      transactionMemory: localTransactionMemory,
      jvmArgs: localJvmArgs,
    },
    database: config.neo4j.database,
    input: file,
    format,
    strict: options.strict ?? false,
    ...(options.dataset === undefined ? {} : { dataset: options.dataset }),
    force: options.force ?? false,
    log: say,
    onFlaw: (flaw) => say(`import: line ${flaw.line}: ${flaw.reason}: ${flaw.message}`),
  });
  process.stdout.write(`${describeBulkReport(report)}\n`);
}

/**
 * Imports FILE (or '-', stdin) and prints a summary; flawed lines go to stderr with their
 * number and reason; they leave the exit status 0 (EXIT in exit-codes.ts), a --strict stop does not.
 */
export async function runImport(
  runner: CypherRunner,
  file: string,
  options: ImportCommandOptions,
  say: (message: string) => void,
): Promise<void> {
  const { format, batchSize } = parseOptions(options);
  const total = await importTotalBytes(file);
  const started = Date.now();
  const bar =
    process.stderr.isTTY && total !== undefined
      ? new SingleBar(
          { format: 'import {bar} {percentage}% | {rows} rows | {rate} rows/s', stream: process.stderr },
          Presets.shades_classic,
        )
      : undefined;
  bar?.start(total ?? 0, 0, { rows: 0, rate: 0 });
  let lastLine = started;
  const progress = ({ bytes, rows }: { bytes: number; rows: number }): void => {
    const rate = Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000));
    if (bar) bar.update(bytes, { rows, rate });
    else if (Date.now() - lastLine >= PROGRESS_LINE_MS) {
      lastLine = Date.now();
      say(`import: ${rows} rows written, ${rate} rows/s${total ? `, ${Math.round((100 * bytes) / total)}%` : ''}`);
    }
  };
  try {
    const result = await importNdjson(runner, file, {
      format,
      batchSize,
      strict: options.strict ?? false,
      defaultDataset: options.dataset ?? (file === '-' ? 'stdin' : path.basename(file).replace(/\.[^.]*$/, '')),
      today: new Date().toISOString().slice(0, 10),
      // On a terminal the bar redraws below the line at its next update.
      onFlaw: (flaw) => say(`${bar ? '\n' : ''}import: line ${flaw.line}: ${flaw.reason}: ${flaw.message}`),
      onProgress: progress,
    });
    bar?.stop();
    process.stdout.write(
      `import: ${result.lines} lines in ${seconds(Date.now() - started)}: ${describeImportCounts(result.counts)}; ${describeSkipped(result)}\n`,
    );
    if (options.verbose) say(`import: ${describePhases(result)}`);
  } catch (error) {
    bar?.stop();
    if (!(error instanceof StrictImportError)) throw error;
    say(`import: --strict: stopped at ${error.message}; that batch was not written`);
    process.exitCode = EXIT.REFUSED;
  }
}
