import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { InvalidInputError } from '../model';
import type { CypherRunner, ScreenOptions } from '../store';
import { numberedLines } from './ndjson-import';
import {
  SCREEN_BATCH_SIZE,
  SCREEN_CSV_COLUMNS,
  SCREEN_CSV_HEADER,
  screenBatch,
  screenCsvRow,
  screenItemOf,
  screenRecordLine,
  type ScreenItem,
  type ScreenRecord,
  type ScreenRecordVerdict,
} from './screen-records';

/*
 * `entity-graph screen FILE`: queries from a CSV file (a header, then a row per query) or NDJSON
 * (an FtM entity or a MatchQuery per line), screened in batches of SCREEN_BATCH_SIZE, one record
 * per query (screen-records.ts) written as NDJSON or CSV in input order. Resumable: keys already
 * in the output are skipped and the rest appended. Memory holds one batch and the keys written.
 */

export const SCREEN_INPUT_FORMATS = ['csv', 'ftm'] as const;
export type ScreenInputFormat = (typeof SCREEN_INPUT_FORMATS)[number];
export const SCREEN_OUTPUT_FORMATS = ['ndjson', 'csv'] as const;
export type ScreenOutputFormat = (typeof SCREEN_OUTPUT_FORMATS)[number];

const EXTENSIONS: Readonly<Record<string, ScreenInputFormat>> = {
  '.csv': 'csv',
  '.ndjson': 'ftm',
  '.jsonl': 'ftm',
  '.json': 'ftm',
  '.ftm': 'ftm',
};

/** The input format: as given, else from the file's extension (.csv; .ndjson, .jsonl, .json, .ftm). */
export function screenInputFormat(file: string, format?: string): ScreenInputFormat {
  if (format !== undefined) {
    if (!(SCREEN_INPUT_FORMATS as readonly string[]).includes(format)) {
      throw new InvalidInputError(`--format must be one of ${SCREEN_INPUT_FORMATS.join(', ')}, got "${format}"`);
    }
    return format as ScreenInputFormat;
  }
  const found = EXTENSIONS[path.extname(file).toLowerCase()];
  if (found === undefined) {
    throw new InvalidInputError(
      `cannot tell the format of "${file}" from its extension: give --format csv or --format ftm`,
    );
  }
  return found;
}

/* ---- CSV in ---- */

/**
 * Records of RFC 4180 CSV, each with the line it starts on: quoted fields (with doubled quotes
 * and line breaks), LF or CRLF line ends, a leading byte-order mark; blank lines are skipped. A
 * quote inside an unquoted field is kept as a character. A quoted field left open at the end is
 * an InvalidInputError naming its line.
 */
export async function* csvRecords(
  input: Readable,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<{ line: number; fields: string[] }> {
  input.setEncoding('utf8');
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  /** The last character closed a quoted field: a quote now is an escaped one. */
  let closed = false;
  let touched = false;
  let line = 1;
  let start = 1;
  let first = true;
  for await (const chunk of input as AsyncIterable<string>) {
    onBytes(Buffer.byteLength(chunk));
    let text = chunk;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i += 1) {
      const character = text[i];
      if (quoted) {
        if (character === '"') {
          quoted = false;
          closed = true;
        } else {
          if (character === '\n') line += 1;
          field += character;
        }
        continue;
      }
      if (character === '"') {
        touched = true;
        if (closed) {
          // `""` inside a quoted field: one quote, and the field goes on.
          field += '"';
          quoted = true;
        } else if (field === '') quoted = true;
        else field += '"';
        closed = false;
      } else if (character === ',') {
        touched = true;
        fields.push(field);
        field = '';
        closed = false;
      } else if (character === '\n') {
        if (touched) {
          fields.push(field);
          yield { line: start, fields };
        }
        fields = [];
        field = '';
        closed = false;
        touched = false;
        line += 1;
        start = line;
      } else if (character !== '\r') {
        touched = true;
        field += character;
        closed = false;
      }
    }
  }
  if (quoted) throw new InvalidInputError(`line ${start}: a quoted field is not closed before the end of the file`);
  if (touched) {
    fields.push(field);
    yield { line: start, fields };
  }
}

/**
 * CSV columns (header names in any case; spaces, `_` and `-` ignored) and the MatchQuery field
 * each fills. A column may repeat (`name,name`), and every cell may hold several values
 * separated by `;`. Other columns are ignored, and named in a warning.
 */
const CSV_COLUMNS: Readonly<
  Record<string, 'key' | 'names' | 'kind' | 'schema' | 'birthDate' | 'countries' | 'identifiers'>
> = {
  key: 'key',
  name: 'names',
  names: 'names',
  alias: 'names',
  aliases: 'names',
  kind: 'kind',
  schema: 'schema',
  birthdate: 'birthDate',
  country: 'countries',
  countries: 'countries',
  identifier: 'identifiers',
  identifiers: 'identifiers',
};
export const CSV_VALUE_SEPARATOR = ';';

const columnName = (header: string): string => header.toLowerCase().replace(/[\s_-]+/g, '');

/** Queries of a CSV file: the first record is the header, which needs a `key` and a `name` column. */
async function* csvItems(
  input: Readable,
  onBytes: (bytes: number) => void,
  warn: (message: string) => void,
): AsyncGenerator<ScreenItem> {
  let header: { field: string | undefined; name: string }[] | undefined;
  for await (const { line, fields } of csvRecords(input, onBytes)) {
    if (header === undefined) {
      header = fields.map((name) => ({ field: CSV_COLUMNS[columnName(name)], name }));
      const has = (field: string) => header?.some((column) => column.field === field);
      if (!has('key') || !has('names')) {
        throw new InvalidInputError(
          `line ${line}: the header needs a "key" and a "name" column, got ${fields.map((name) => JSON.stringify(name)).join(',')}`,
        );
      }
      const ignored = header.filter((column) => column.field === undefined).map((column) => column.name);
      if (ignored.length > 0) warn(`ignoring the columns ${ignored.map((name) => JSON.stringify(name)).join(', ')}`);
      continue;
    }
    const key = fields[header.findIndex((column) => column.field === 'key')]?.trim() ?? '';
    if (fields.length !== header.length) {
      yield {
        line,
        key: key || null,
        error: `line ${line}: has ${fields.length} fields, the header ${header.length}`,
      };
      continue;
    }
    const query: Record<string, string | string[]> = { key };
    header.forEach((column, index) => {
      if (column.field === undefined || column.field === 'key') return;
      const values = fields[index]
        .split(CSV_VALUE_SEPARATOR)
        .map((value) => value.trim())
        .filter(Boolean);
      if (column.field === 'kind' || column.field === 'schema') {
        // One value: the kind in any case, the schema as FtM spells it.
        if (values.length > 0) query[column.field] = column.field === 'kind' ? values[0].toUpperCase() : values[0];
      } else query[column.field] = [...((query[column.field] as string[] | undefined) ?? []), ...values];
    });
    yield screenItemOf(query, { line });
  }
}

/** Queries of NDJSON: an FtM entity or a MatchQuery per line; blank lines are skipped. */
async function* ndjsonItems(input: Readable, onBytes: (bytes: number) => void): AsyncGenerator<ScreenItem> {
  for await (const [line, text] of numberedLines(input, onBytes)) yield screenItemOfLine(text, line);
}

/** A query from one NDJSON line: an unreadable line is an item with an error. */
export function screenItemOfLine(text: string, line: number): ScreenItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      line,
      key: null,
      error: `line ${line}: not JSON (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  return screenItemOf(value, { line });
}

/* ---- output, and resuming it ---- */

/** The keys an earlier run wrote to `file` (none when it does not exist or is empty). */
export async function writtenScreenKeys(file: string, format: ScreenOutputFormat): Promise<Set<string>> {
  const keys = new Set<string>();
  if (!(await dropPartialLastLine(file))) return keys;
  const input = createReadStream(file);
  if (format === 'ndjson') {
    for await (const [line, text] of numberedLines(input, () => undefined)) {
      let key: unknown;
      try {
        key = (JSON.parse(text) as { key?: unknown }).key;
      } catch {
        throw new InvalidInputError(
          `cannot resume: line ${line} of ${file} is not JSON (is it ndjson output of screen?)`,
        );
      }
      if (typeof key === 'string') keys.add(key);
    }
    return keys;
  }
  let header = true;
  for await (const { line, fields } of csvRecords(input)) {
    if (header) {
      if (fields.join(',') !== SCREEN_CSV_COLUMNS.join(',')) {
        throw new InvalidInputError(`cannot resume: ${file} does not start with the header of screen's csv output`);
      }
      header = false;
    } else if (fields.length !== SCREEN_CSV_COLUMNS.length) {
      throw new InvalidInputError(`cannot resume: line ${line} of ${file} has ${fields.length} fields`);
    } else if (fields[0] !== '') keys.add(fields[0]);
  }
  return keys;
}

/**
 * A run cut short may leave its last record half written: everything after the last line break
 * is dropped. False when the file does not exist or is empty.
 */
async function dropPartialLastLine(file: string): Promise<boolean> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (size === 0) return false;
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    for (let end = size; end > 0;) {
      const from = Math.max(0, end - buffer.length);
      const { bytesRead } = await handle.read(buffer, 0, end - from, from);
      const at = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (at >= 0) {
        if (from + at + 1 < size) await truncate(file, from + at + 1);
        return from + at + 1 > 0;
      }
      end = from;
    }
  } finally {
    await handle.close();
  }
  await truncate(file, 0);
  return false;
}

/** Text written with back-pressure to a file or stdout. */
class Sink {
  constructor(
    private readonly stream: Writable,
    private readonly owned: boolean,
  ) {}

  async write(text: string): Promise<void> {
    if (text !== '' && !this.stream.write(text)) {
      await new Promise<void>((resolve) => this.stream.once('drain', resolve));
    }
  }

  async close(): Promise<void> {
    if (!this.owned) return;
    this.stream.end();
    await finished(this.stream);
  }
}

export interface ScreenFileOptions {
  /** A file, or '-' for stdin. */
  input: string;
  format: ScreenInputFormat;
  outputFormat: ScreenOutputFormat;
  /** The output file; stdout when unset. */
  out?: string;
  /** With `out`: skip the keys `out` holds already, and append. */
  resume?: boolean;
  screen: ScreenOptions;
  /** A line that cannot be screened (it is written as an ERROR record too). */
  onFlaw?(message: string): void;
  onWarning?(message: string): void;
  /** After each batch: input bytes read so far, queries written, queries skipped as already written. */
  onProgress?(progress: { bytes: number; queries: number; skipped: number }): void;
}

export interface ScreenFileSummary {
  /** Records written by this run. */
  queries: number;
  /** Queries skipped because `out` held their key already. */
  skipped: number;
  verdicts: Record<ScreenRecordVerdict, number>;
}

/** Screens a file's queries in batches, writing a record per query in input order. */
export async function screenFile(runner: CypherRunner, options: ScreenFileOptions): Promise<ScreenFileSummary> {
  const resuming = options.resume === true && options.out !== undefined;
  const done = resuming ? await writtenScreenKeys(options.out as string, options.outputFormat) : new Set<string>();
  // After writtenScreenKeys dropped a half-written last line: a file holding only a CSV header counts.
  const appending = resuming && (await hasContent(options.out as string));
  const summary: ScreenFileSummary = {
    queries: 0,
    skipped: 0,
    verdicts: { LISTED: 0, EXPOSED: 0, MATCHED: 0, CLEAR: 0, ERROR: 0 },
  };
  let bytes = 0;
  const input = options.input === '-' ? process.stdin : createReadStream(options.input);
  const counted = (read: number): void => void (bytes += read);
  const items =
    options.format === 'csv'
      ? csvItems(input, counted, (message) => options.onWarning?.(message))
      : ndjsonItems(input, counted);

  const out: WriteStream | undefined =
    options.out === undefined ? undefined : createWriteStream(options.out, { flags: appending ? 'a' : 'w' });
  const sink = new Sink(out ?? process.stdout, out !== undefined);
  try {
    if (options.outputFormat === 'csv' && !appending) await sink.write(SCREEN_CSV_HEADER);
    const render = options.outputFormat === 'csv' ? screenCsvRow : screenRecordLine;
    let batch: ScreenItem[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const records: ScreenRecord[] = await screenBatch(runner, batch, options.screen);
      batch = [];
      for (const record of records) {
        summary.verdicts[record.verdict] += 1;
        if (record.verdict === 'ERROR') options.onFlaw?.(record.message);
      }
      summary.queries += records.length;
      await sink.write(records.map(render).join(''));
      options.onProgress?.({ bytes, queries: summary.queries, skipped: summary.skipped });
    };
    for await (const item of items) {
      if (item.key !== null && done.has(item.key)) {
        summary.skipped += 1;
        continue;
      }
      batch.push(item);
      if (batch.length >= SCREEN_BATCH_SIZE) await flush();
    }
    await flush();
  } finally {
    await sink.close();
    if (input !== process.stdin) input.destroy();
  }
  return summary;
}

async function hasContent(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}

/** The input's size, when known (a file, not stdin): the progress bar's total. */
export async function screenInputBytes(file: string): Promise<number | undefined> {
  return file === '-' ? undefined : (await stat(file)).size;
}
