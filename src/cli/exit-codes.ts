import { CommanderError } from 'commander';
import { ConfigError } from '../config';
import { BulkImportRefused } from '../ingest';
import { LocalNeo4jError } from '../db';
import { DatabaseUnavailableError, InvalidInputError } from '../model';
import { translateDriverError } from '../store';

/** What the CLI's exit status means, for scripts (the README and `import --help` list them). */
export const EXIT = {
  /** Done; a lenient import may have skipped lines, each reported on stderr and counted in the summary. */
  OK: 0,
  /** The input was refused: `--strict` stopped at a flawed line, a seed document is invalid, an id is unknown. */
  REFUSED: 1,
  /** Could not run: a bad flag or setting, an unreadable file, Neo4j unreachable, a refused bulk load. */
  FATAL: 2,
} as const;

export const EXIT_CODES_HELP = `
Exit status:
  0  done; in lenient mode skipped lines are reported on stderr and counted in the summary
  1  --strict stopped at a flawed line (that batch was not written)
  2  could not run: a bad flag or setting, an unreadable file, Neo4j unreachable, --bulk refused`;

/** A flag with a value the command cannot use: reported like commander's own usage errors. */
export class UsageError extends Error {}

/** One line that says why the command could not run, and its exit status. */
export function describeFailure(error: unknown): { line: string; code: number } {
  if (error instanceof CommanderError) return { line: '', code: error.exitCode === 0 ? EXIT.OK : EXIT.FATAL };
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof LocalNeo4jError) {
    return { line: error.message, code: EXIT.FATAL };
  }
  if (error instanceof BulkImportRefused) return { line: `refused: ${error.message}`, code: EXIT.FATAL };
  // The runner's own classification: the same driver codes mean unreachable here as in the API.
  if (error instanceof Error && translateDriverError(error) instanceof DatabaseUnavailableError) {
    return { line: `Neo4j is unreachable: ${error.message}`, code: EXIT.FATAL };
  }
  if (error instanceof InvalidInputError) return { line: error.message, code: EXIT.REFUSED };
  // Node's message is "ENOENT: no such file or directory, access '<path>'": its part before the path.
  if (isFileError(error))
    return { line: `cannot read ${error.path}: ${error.message.split(',')[0]}`, code: EXIT.FATAL };
  // Anything else is a bug: its stack is what a report needs.
  return { line: error instanceof Error ? (error.stack ?? error.message) : String(error), code: EXIT.FATAL };
}

function isFileError(error: unknown): error is NodeJS.ErrnoException & { path: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).path === 'string';
}
