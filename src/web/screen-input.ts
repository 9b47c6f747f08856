import { ENTITY_KINDS, type EntityKind } from '../model/vocabulary';
import type { ScreenQuery } from './queries';
import { KINDS } from './style';

/** One query to screen, with where it came from in the box. */
export interface ScreenLine {
  /** The line of the box it starts on, from 1. */
  line: number;
  name: string;
  /** The CSV's `key`, when it gives one (else the query's key is the line number). */
  key?: string;
  query: ScreenQuery;
}

export interface ScreenInput {
  lines: ScreenLine[];
  /** What stops the screening: each names its line. */
  problems: string[];
  /** What was read but left out (unknown columns). */
  ignored: string[];
}

type Field = 'name' | 'key' | 'kind' | 'country' | 'birthDate' | 'identifier';

/** The CSV columns read, by their header in lower case; other columns are left out. */
const COLUMNS: Readonly<Record<string, Field>> = {
  name: 'name',
  key: 'key',
  kind: 'kind',
  country: 'country',
  birthdate: 'birthDate',
  birth_date: 'birthDate',
  identifier: 'identifier',
};
interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * RFC 4180, leniently: fields in double quotes may hold commas, line breaks and doubled quotes;
 * records end at LF or CRLF. Each record keeps the line it starts on.
 */
function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i += 1) {
    const character = text[i];
    if (character === '\n') line += 1;
    if (quoted) {
      if (character === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"' && field.trim() === '') {
      field = '';
      quoted = true;
    } else if (character === ',') {
      cells.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[i + 1] === '\n') continue;
      cells.push(field);
      records.push({ line: start, cells });
      cells = [];
      field = '';
      start = line;
    } else field += character;
  }
  if (field !== '' || cells.length) {
    cells.push(field);
    records.push({ line: start, cells });
  }
  return records.filter((record) => record.cells.some((cell) => cell.trim() !== ''));
}

/** `company`, `Company`, `sanctions list`, `SANCTIONS_LIST`: a kind; undefined when none is. */
function kindOf(text: string): EntityKind | undefined {
  const wanted = text
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return ENTITY_KINDS.find(
    (kind) => kind === wanted || KINDS[kind].label.toUpperCase().replace(/\s+/g, '_') === wanted,
  );
}

const kindNames = ENTITY_KINDS.map((kind) => KINDS[kind].label.toLowerCase()).join(', ');

/**
 * What the Screen box holds: a CSV when its first line has a `name` column (optional key, kind,
 * country, birthDate, identifier), else one name per line. Blank lines are skipped.
 */
export function parseScreenInput(text: string): ScreenInput {
  const records = csvRecords(text);
  const header = records[0]?.cells.map((cell) => cell.trim().toLowerCase()) ?? [];
  if (!header.includes('name')) {
    const lines = text
      .split(/\r?\n/)
      .map((name, index) => ({ line: index + 1, name: name.trim() }))
      .filter(({ name }) => name !== '')
      .map(({ line, name }) => ({ line, name, query: { key: String(line), names: [name] } }));
    return { lines, problems: [], ignored: [] };
  }
  const columns = new Map<Field, number>();
  const ignored: string[] = [];
  header.forEach((name, index) => {
    const field = COLUMNS[name];
    if (field === undefined || columns.has(field)) ignored.push(records[0].cells[index].trim());
    else columns.set(field, index);
  });
  const problems: string[] = [];
  const lines: ScreenLine[] = [];
  for (const { line, cells } of records.slice(1)) {
    const cell = (field: Field): string | undefined => {
      const index = columns.get(field);
      const value = index === undefined ? undefined : cells[index]?.trim();
      return value ? value : undefined;
    };
    const name = cell('name');
    if (name === undefined) {
      problems.push(`Line ${line}: no name.`);
      continue;
    }
    const kindText = cell('kind');
    const kind = kindText === undefined ? undefined : kindOf(kindText);
    if (kindText !== undefined && kind === undefined) {
      problems.push(`Line ${line}: the kind “${kindText}” is none of: ${kindNames}.`);
      continue;
    }
    const key = cell('key');
    const country = cell('country');
    const birthDate = cell('birthDate');
    const identifier = cell('identifier');
    lines.push({
      line,
      name,
      key,
      query: {
        key: key ?? String(line),
        names: [name],
        ...(kind && { kind }),
        ...(country && { countries: [country] }),
        ...(birthDate && { birthDate: [birthDate] }),
        ...(identifier && { identifiers: [identifier] }),
      },
    });
  }
  return { lines, problems, ignored: ignored.filter(Boolean) };
}
