import { accessSync, constants } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import {
  parseScreenOptions,
  screenFile,
  screenInputBytes,
  screenInputFormat,
  SCREEN_OUTPUT_FORMATS,
  type ScreenFileSummary,
  type ScreenInputFormat,
  type ScreenOptionName,
  type ScreenOutputFormat,
} from '../ingest';
import { DEFAULT_MATCH_THRESHOLD } from '../match';
import { InvalidInputError } from '../model';
import {
  DEFAULT_EXPOSURE_HOPS,
  DEFAULT_SCREEN_EXPOSURES,
  DEFAULT_SCREEN_MATCHES,
  MAX_EXPOSURE_HOPS,
  MAX_SCREEN_EXPOSURES,
  MAX_SCREEN_MATCHES,
  type CypherRunner,
  type ScreenOptions,
} from '../store';
import { seconds } from '../units';
import { UsageError } from './exit-codes';

/** `entity-graph screen` flags; the screening ones mirror the GraphQL `screen` arguments. */
export interface ScreenCommandOptions {
  format?: string;
  outputFormat: string;
  out?: string;
  resume?: boolean;
  threshold?: string;
  matches?: string;
  hops?: string;
  exposures?: string;
  lists?: string;
  asOf?: string;
  status?: string;
  kinds?: string;
  topics?: string;
  excludeIds?: string;
}

/** The flag of each option, for messages. */
const FLAGS: Readonly<Record<ScreenOptionName, string>> = {
  threshold: '--threshold',
  matches: '--matches',
  hops: '--hops',
  exposures: '--exposures',
  lists: '--lists',
  asOf: '--as-of',
  status: '--status',
  kinds: '--kinds',
  topics: '--topics',
  excludeIds: '--exclude-ids',
};

/** Defaults and bounds of the screening flags, for their help. */
export const SCREEN_DEFAULTS = {
  threshold: DEFAULT_MATCH_THRESHOLD,
  matches: DEFAULT_SCREEN_MATCHES,
  maxMatches: MAX_SCREEN_MATCHES,
  hops: DEFAULT_EXPOSURE_HOPS,
  maxHops: MAX_EXPOSURE_HOPS,
  exposures: DEFAULT_SCREEN_EXPOSURES,
  maxExposures: MAX_SCREEN_EXPOSURES,
} as const;

export const SCREEN_HELP = `
Input (--format, else from the extension: .csv is csv; .ndjson, .jsonl, .json and .ftm are ftm):
  csv  a header, then a row per query. Columns (any case; "_", "-" and spaces ignored):
         key (required), name (required; may repeat; also names, alias, aliases),
         kind (PERSON, COMPANY, …), schema (an FtM schema), birthDate, country or countries,
         identifier or identifiers. A cell may hold several values separated by ";".
         Other columns are ignored (and named on stderr).
  ftm  NDJSON: an FtM entity per line ({"id", "schema", "properties"}; its id is the key),
         or a query as POST /screen takes it ({"key", "names", …}).
Output (--output-format), a record per query, in input order:
  ndjson  {"key", "verdict", "bestScore", "matches": [{"id", "name", "kind", "score", "exposuresTruncated",
          "exposures": [{"hops", "entity": {"id", "name"}, "list": {"id", "name"}, "listing",
          "path": [entity ids], "edges": [relationship ids]}]}]}
  csv     key,verdict,best_score,match_id,match_name,match_score,nearest_list,nearest_hops,path,
          nearest_list_name,message: the match with the nearest listing; path as "a > b"
  verdict: LISTED, EXPOSED, MATCHED or CLEAR; ERROR for a line that cannot be screened, which is
  also reported on stderr: {"key", "verdict": "ERROR", "message", "line"}.
  --resume: the keys --out holds are skipped and the rest appended (a half-written last line is dropped).

Exit status:
  0  done; lines that could not be screened are on stderr and in the output as ERROR records
  1  the input was refused: a CSV header without key and name, an unclosed quote, an --out it cannot resume
  2  could not run: a bad flag or setting, an unreadable file, Neo4j unreachable`;

/** How often a non-terminal run prints a progress line. */
const PROGRESS_LINE_MS = 5000;

interface ScreenArguments {
  format: ScreenInputFormat;
  outputFormat: ScreenOutputFormat;
  screen: ScreenOptions;
}

/** Fails fast, before any Neo4j starts: flags it cannot use, a file it cannot read. */
export function checkScreenArguments(file: string, options: ScreenCommandOptions): ScreenArguments {
  try {
    if (!(SCREEN_OUTPUT_FORMATS as readonly string[]).includes(options.outputFormat)) {
      throw new UsageError(
        `--output-format must be one of ${SCREEN_OUTPUT_FORMATS.join(', ')}, got "${options.outputFormat}"`,
      );
    }
    if (options.resume && options.out === undefined) throw new UsageError('--resume needs --out (the file to resume)');
    if (file === '-' && options.format === undefined) throw new UsageError("reading stdin ('-') needs --format");
    const raw = Object.fromEntries(Object.keys(FLAGS).map((name) => [name, options[name as ScreenOptionName]]));
    const parsed = {
      format: screenInputFormat(file, options.format),
      outputFormat: options.outputFormat as ScreenOutputFormat,
      screen: parseScreenOptions(raw, (name) => FLAGS[name]),
    };
    if (file !== '-') accessSync(file, constants.R_OK);
    return parsed;
  } catch (error) {
    // A bad flag is a usage error (exit 2), not refused input.
    if (error instanceof InvalidInputError) throw new UsageError(error.message);
    throw error;
  }
}

export function describeScreenSummary(summary: ScreenFileSummary, ms: number): string {
  const verdicts = Object.entries(summary.verdicts)
    .map(([verdict, count]) => `${count} ${verdict}`)
    .join(', ');
  const skipped = summary.skipped > 0 ? `; skipped ${summary.skipped} already in the output` : '';
  return `screen: ${summary.queries} queries in ${seconds(ms)}: ${verdicts}${skipped}`;
}

/**
 * Screens FILE (or '-', stdin) to --out or stdout; the summary and lines that could not be
 * screened (written as ERROR records too) go to stderr, and leave the exit status 0.
 */
export async function runScreen(
  runner: CypherRunner,
  file: string,
  options: ScreenCommandOptions,
  say: (message: string) => void,
): Promise<void> {
  const { format, outputFormat, screen } = checkScreenArguments(file, options);
  const total = await screenInputBytes(file);
  const started = Date.now();
  const bar =
    process.stderr.isTTY && total !== undefined
      ? new SingleBar(
          { format: 'screen {bar} {percentage}% | {queries} queries | {rate} queries/s', stream: process.stderr },
          Presets.shades_classic,
        )
      : undefined;
  bar?.start(total ?? 0, 0, { queries: 0, rate: 0 });
  let lastLine = started;
  const progress = ({ bytes, queries }: { bytes: number; queries: number }): void => {
    const rate = Math.round(queries / Math.max(0.001, (Date.now() - started) / 1000));
    if (bar) bar.update(bytes, { queries, rate });
    else if (Date.now() - lastLine >= PROGRESS_LINE_MS) {
      lastLine = Date.now();
      say(`screen: ${queries} queries, ${rate} queries/s${total ? `, ${Math.round((100 * bytes) / total)}%` : ''}`);
    }
  };
  try {
    const summary = await screenFile(runner, {
      input: file,
      format,
      outputFormat,
      out: options.out,
      resume: options.resume ?? false,
      screen,
      // On a terminal the bar redraws below the line at its next update.
      onFlaw: (message) => say(`${bar ? '\n' : ''}screen: ${message}`),
      onWarning: (message) => say(`${bar ? '\n' : ''}screen: ${message}`),
      onProgress: progress,
    });
    bar?.stop();
    say(describeScreenSummary(summary, Date.now() - started));
  } catch (error) {
    bar?.stop();
    throw error;
  }
}
