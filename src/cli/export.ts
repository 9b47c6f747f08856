import { writeFile } from 'node:fs/promises';
import { EXPORT_FORMATS, EXPORT_FORMAT_NAMES, type ExportFormatName, parseExportParams } from '../formats';
import { InvalidInputError } from '../model';
import type { CypherRunner } from '../store';
import { exportSelection } from '../store';

/** `entity-graph export` flags; the selection ones mirror the HTTP query parameters. */
export interface ExportCommandOptions {
  format: string;
  id?: string;
  depth?: string;
  types?: string;
  direction?: string;
  status?: string;
  asOf?: string;
  limit?: string;
  part?: string;
  out?: string;
}

const SELECTION_FLAGS = ['id', 'depth', 'types', 'direction', 'status', 'asOf', 'limit', 'part'] as const;

function isFormat(name: string): name is ExportFormatName {
  return (EXPORT_FORMAT_NAMES as readonly string[]).includes(name);
}

/** Writes the export to `out`, or stdout; says on stderr what was written and whether it was truncated. */
export async function runExport(
  runner: CypherRunner,
  options: ExportCommandOptions,
  say: (message: string) => void,
): Promise<void> {
  if (!isFormat(options.format)) {
    throw new InvalidInputError(`--format must be one of ${EXPORT_FORMAT_NAMES.join(', ')}, got "${options.format}"`);
  }
  const params = new URLSearchParams();
  for (const flag of SELECTION_FLAGS) {
    const value = options[flag];
    if (value !== undefined) params.set(flag, value);
  }
  const { selection, csvPart } = parseExportParams(params);
  const graph = await exportSelection(runner, selection);
  const text = EXPORT_FORMATS[options.format].render(graph, { csvPart });
  if (options.out) await writeFile(options.out, text);
  else process.stdout.write(text);
  const summary = `export: ${graph.nodes.length} nodes, ${graph.edges.length} edges as ${options.format}`;
  say(`${summary}${options.out ? ` to ${options.out}` : ''}${graph.truncated ? ' (truncated at the node limit)' : ''}`);
}
