import {
  ENTITY_KINDS,
  FTM_TOPICS,
  InvalidInputError,
  isEntityKind,
  isPartialDate,
  isRelationshipStatus,
  RELATIONSHIP_STATUSES,
  type EntityKind,
  type RelationshipStatus,
} from '../model';
import { subjectOf, type MatchInput, type MatchSubject } from '../match';
import {
  MAX_EXPOSURE_HOPS,
  MAX_SCREEN_EXPOSURES,
  MAX_SCREEN_MATCHES,
  screen,
  type CypherRunner,
  type Exposure,
  type ScreenedMatch,
  type ScreenOptions,
  type Screening,
  type ScreenVerdict,
} from '../store';

/*
 * Bulk screening, shared by `entity-graph screen FILE` (src/cli/screen.ts, screen-file.ts) and
 * `POST /screen` (src/http/screen.ts): the screening options from text or JSON, validated with
 * the bounds of the GraphQL `screen` query; a query from a JSON object (a MatchQuery or an FtM
 * entity), validated with MatchQuery's bounds; batches through the store's `screen()`; and the
 * one output record per query, as an NDJSON line or a CSV row.
 */

/** Queries per call of the store's `screen()`: the GraphQL query's cap (MAX_MATCH_QUERIES). */
export const SCREEN_BATCH_SIZE = 100;

export const SCREEN_OPTION_NAMES = [
  'threshold',
  'matches',
  'hops',
  'exposures',
  'lists',
  'asOf',
  'status',
  'kinds',
  'topics',
  'excludeIds',
] as const;
export type ScreenOptionName = (typeof SCREEN_OPTION_NAMES)[number];

/** Caps of the GraphQL `screen` arguments' lists (src/api/screen.type.ts). */
const MAX_LISTS = 50;
const MAX_TOPICS = 50;
const MAX_EXCLUDE_IDS = 500;

function isOptionName(name: string): name is ScreenOptionName {
  return (SCREEN_OPTION_NAMES as readonly string[]).includes(name);
}

/** Text values (flags, query parameters, JSON strings) split on commas; JSON arrays are taken item by item. */
function listOf(label: string, value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    if (typeof item !== 'string') throw new InvalidInputError(`${label} must be a list of strings`);
    return item
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  });
}

/** One value: a JSON value as it is, a repeated text parameter only when it says the same each time. */
function single(label: string, value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  if (new Set(value).size > 1) throw new InvalidInputError(`${label} is given more than once`);
  return value[0];
}

function numberOf(label: string, value: unknown, min: number, max: number, integer: boolean): number {
  const raw = single(label, value);
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  const number =
    typeof raw === 'number' ? raw : text !== undefined && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(number) || (integer && !Number.isInteger(number)) || number < min || number > max) {
    const what = integer ? 'an integer' : 'a number';
    throw new InvalidInputError(`${label} must be ${what} between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  }
  return number;
}

function capped(label: string, values: string[], max: number): string[] {
  if (values.length > max) throw new InvalidInputError(`${label} takes at most ${max} values, got ${values.length}`);
  return values;
}

function enumerated<T extends string>(
  label: string,
  value: unknown,
  allowed: readonly T[],
  isValid: (item: unknown) => item is T,
): T[] {
  return [
    ...new Set(
      listOf(label, value).map((item) => {
        const upper = item.toUpperCase();
        if (!isValid(upper))
          throw new InvalidInputError(
            `${label} has an unknown value "${item.slice(0, 60)}" (known: ${allowed.join(', ')})`,
          );
        return upper;
      }),
    ),
  ];
}

/**
 * ScreenOptions from flags, query parameters or a JSON body, with the bounds of the GraphQL
 * `screen` query: threshold 0–1, matches 1–MAX_SCREEN_MATCHES, hops 1–MAX_EXPOSURE_HOPS,
 * exposures 1–MAX_SCREEN_EXPOSURES, lists/topics/excludeIds capped, asOf a partial date, status
 * and kinds from their vocabularies (any case). Text lists are comma-separated; an absent (or
 * null) value keeps the default. Anything unknown or malformed is an InvalidInputError, which
 * names the option as `label` says (`"hops"`, `--hops`).
 */
export function parseScreenOptions(
  raw: Readonly<Record<string, unknown>>,
  label: (name: ScreenOptionName) => string = (name) => `"${name}"`,
): ScreenOptions {
  const options: ScreenOptions = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!isOptionName(name)) {
      throw new InvalidInputError(`unknown option "${name.slice(0, 60)}" (known: ${SCREEN_OPTION_NAMES.join(', ')})`);
    }
    if (value === undefined || value === null) continue;
    const what = label(name);
    switch (name) {
      case 'threshold':
        options.threshold = numberOf(what, value, 0, 1, false);
        break;
      case 'matches':
        options.matches = numberOf(what, value, 1, MAX_SCREEN_MATCHES, true);
        break;
      case 'hops':
        options.hops = numberOf(what, value, 1, MAX_EXPOSURE_HOPS, true);
        break;
      case 'exposures':
        options.exposures = numberOf(what, value, 1, MAX_SCREEN_EXPOSURES, true);
        break;
      case 'lists':
        options.lists = capped(what, listOf(what, value), MAX_LISTS);
        break;
      case 'asOf': {
        const asOf = single(what, value);
        if (!isPartialDate(asOf)) {
          throw new InvalidInputError(
            `${what} must be a date like 2019, 2022-05 or 2022-05-05, got ${JSON.stringify(asOf)}`,
          );
        }
        options.asOf = asOf;
        break;
      }
      case 'status':
        options.statuses = enumerated<RelationshipStatus>(what, value, RELATIONSHIP_STATUSES, isRelationshipStatus);
        break;
      case 'kinds':
        options.kinds = enumerated<EntityKind>(what, value, ENTITY_KINDS, isEntityKind);
        break;
      case 'topics': {
        const topics = capped(what, listOf(what, value), MAX_TOPICS);
        const unknown = topics.find((topic) => !FTM_TOPICS.includes(topic));
        if (unknown !== undefined) {
          throw new InvalidInputError(
            `${what} has "${unknown.slice(0, 60)}", not an FtM topic (such as sanction, role.pep or crime.fin)`,
          );
        }
        options.topics = topics;
        break;
      }
      case 'excludeIds':
        options.excludeIds = capped(what, listOf(what, value), MAX_EXCLUDE_IDS);
        break;
    }
  }
  return options;
}

/** Where a query came from: a line of a file or body, or a position in a JSON body's `queries`. */
export type ScreenSource = { line: number } | { index: number };

/** One query to screen, or why it cannot be (it becomes an ERROR record). */
export type ScreenItem = ScreenSource &
  ({ key: string; query: MatchInput; error?: undefined } | { key: string | null; error: string });

const labelOf = (source: ScreenSource): string =>
  'line' in source ? `line ${source.line}` : `queries[${source.index}]`;
const sourceOf = (source: ScreenSource): ScreenSource =>
  'line' in source ? { line: source.line } : { index: source.index };

/** Bounds of MatchQuery's fields (src/api/match.type.ts): items per list, and each item's length. */
const LIST_FIELDS = {
  names: { items: 20, min: 1, max: 300 },
  birthDate: { items: 10, min: 4, max: 32 },
  countries: { items: 20, min: 2, max: 10 },
  identifiers: { items: 20, min: 1, max: 100 },
} as const;
type ListField = keyof typeof LIST_FIELDS;
const QUERY_FIELDS = new Set(['key', 'kind', 'schema', 'properties', ...Object.keys(LIST_FIELDS)]);
export const MAX_SCREEN_KEY_LENGTH = 200;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A key as given (a string of 1 to MAX_SCREEN_KEY_LENGTH characters), else undefined. */
function keyIn(value: unknown): string | undefined {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_SCREEN_KEY_LENGTH ? value : undefined;
}

/**
 * A query from a JSON value: a MatchQuery (`{key, kind, names, birthDate, countries, identifiers,
 * schema, properties}`; a string where a list is expected is a list of one, as in GraphQL) or,
 * without `key`, an FtM entity (`{id, schema, properties}`, its id the key, its other fields
 * ignored). Whatever is wrong with it makes an item with an error, never a throw.
 */
export function screenItemOf(value: unknown, source: ScreenSource): ScreenItem {
  const where = labelOf(source);
  const fail = (message: string, key: string | null = null): ScreenItem => ({
    ...sourceOf(source),
    key,
    error: `${where}: ${message}`,
  });
  if (!isObject(value)) return fail('a query must be a JSON object');
  if (!('key' in value) && 'id' in value && 'schema' in value) {
    const key = keyIn(value['id']);
    if (key === undefined)
      return fail(`an FtM entity's "id" must be a string of 1 to ${MAX_SCREEN_KEY_LENGTH} characters`);
    const properties = value['properties'] ?? null;
    if (properties !== null && !isObject(properties)) return fail('"properties" must be an object', key);
    return checked(source, key, { schema: value['schema'], properties });
  }
  const key = keyIn(value['key']);
  if (key === undefined) return fail(`"key" must be a string of 1 to ${MAX_SCREEN_KEY_LENGTH} characters`);
  const unknown = Object.keys(value).find((name) => !QUERY_FIELDS.has(name));
  if (unknown !== undefined) {
    return fail(`unknown field "${unknown.slice(0, 60)}" (known: ${[...QUERY_FIELDS].join(', ')})`, key);
  }
  return checked(source, key, value);
}

/** The fields of a query, checked with MatchQuery's bounds. */
function checked(source: ScreenSource, key: string, value: Record<string, unknown>): ScreenItem {
  const fail = (message: string): ScreenItem => ({ ...sourceOf(source), key, error: `${labelOf(source)}: ${message}` });
  const query: MatchInput & Record<string, unknown> = {};
  const kind = value['kind'] ?? null;
  if (kind !== null) {
    if (!isEntityKind(kind)) return fail(`"kind" must be one of ${ENTITY_KINDS.join(', ')}`);
    query.kind = kind;
  }
  for (const name of Object.keys(LIST_FIELDS) as ListField[]) {
    const raw = value[name] ?? null;
    if (raw === null) continue;
    const items = typeof raw === 'string' ? [raw] : raw;
    const bound = LIST_FIELDS[name];
    if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
      return fail(`"${name}" must be a list of strings`);
    }
    if (items.length > bound.items) return fail(`"${name}" takes at most ${bound.items} values, got ${items.length}`);
    const bad = items.find((item) => item.length < bound.min || item.length > bound.max);
    if (bad !== undefined) return fail(`each of "${name}" must have ${bound.min} to ${bound.max} characters`);
    query[name] = items;
  }
  const schema = value['schema'] ?? null;
  if (schema !== null) {
    if (typeof schema !== 'string' || schema.length < 1 || schema.length > 60) {
      return fail('"schema" must be an FtM schema name (Person, Company, …)');
    }
    query.schema = schema;
  }
  const properties = value['properties'] ?? null;
  if (properties !== null) {
    if (!isObject(properties)) return fail('"properties" must be an object');
    query.properties = properties;
  }
  return { ...sourceOf(source), key, query };
}

/* ---- records ---- */

export interface ScreenEntityRef {
  id: string;
  name: string;
}

export interface ScreenExposureRecord {
  /** 0: the match is listed itself. */
  hops: number;
  /** The listed entity. */
  entity: ScreenEntityRef;
  list: ScreenEntityRef;
  /** The LISTED_ON relationship's id. */
  listing: string;
  /** Entity ids from the match to the listed entity. */
  path: string[];
  /** Relationship ids along `path`. */
  edges: string[];
}

export interface ScreenMatchRecord extends ScreenEntityRef {
  kind: string;
  score: number;
  exposures: ScreenExposureRecord[];
  /** More listings are within reach than `exposures` kept. */
  exposuresTruncated: boolean;
}

export interface ScreenResultRecord {
  key: string;
  verdict: ScreenVerdict;
  /** The best candidate's score, matched or not; null: no candidate. */
  bestScore: number | null;
  /** Matches, best first. */
  matches: ScreenMatchRecord[];
}

/** A query that could not be screened: unreadable, invalid, or without a name. */
export type ScreenErrorRecord = { key: string | null; verdict: 'ERROR'; message: string } & Partial<
  Record<'line' | 'index', number>
>;

export type ScreenRecord = ScreenResultRecord | ScreenErrorRecord;
export type ScreenRecordVerdict = ScreenRecord['verdict'];

const ref = ({ id, name }: { id: string; name: string }): ScreenEntityRef => ({ id, name });

function exposureRecord(exposure: Exposure): ScreenExposureRecord {
  return {
    hops: exposure.hops,
    entity: ref(exposure.entity),
    list: ref(exposure.list),
    listing: exposure.listing.id,
    path: exposure.path.nodes.map((node) => node.id),
    edges: exposure.path.edges.map((edge) => edge.id),
  };
}

function matchRecord(match: ScreenedMatch): ScreenMatchRecord {
  return {
    ...ref(match.row),
    kind: match.row.kind,
    score: match.score,
    exposures: match.exposures.map(exposureRecord),
    exposuresTruncated: match.exposuresTruncated,
  };
}

export function screenResultRecord(key: string, screening: Screening): ScreenResultRecord {
  return {
    key,
    verdict: screening.verdict,
    bestScore: screening.bestScore,
    matches: screening.matches.map(matchRecord),
  };
}

export function screenErrorRecord(item: ScreenSource & { key: string | null }, message: string): ScreenErrorRecord {
  return { key: item.key, verdict: 'ERROR', message, ...sourceOf(item) };
}

/**
 * Screens one batch (at most SCREEN_BATCH_SIZE items) in one call of the store's `screen()`: a
 * record per item, in their order; items that cannot be screened become ERROR records.
 */
export async function screenBatch(
  runner: CypherRunner,
  items: readonly ScreenItem[],
  options: ScreenOptions,
): Promise<ScreenRecord[]> {
  const subjects: MatchSubject[] = [];
  const slots = items.map((item): ScreenErrorRecord | number => {
    if (item.error !== undefined) return screenErrorRecord(item, item.error);
    try {
      subjects.push(subjectOf(item.query, labelOf(item)));
      return subjects.length - 1;
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return screenErrorRecord(item, error.message);
    }
  });
  const screenings = subjects.length === 0 ? [] : await screen(runner, subjects, options);
  return slots.map((slot, index) =>
    typeof slot === 'number' ? screenResultRecord(items[index].key as string, screenings[slot]) : slot,
  );
}

/** Items in batches of `size`, for `screenBatch`. */
export function* screenBatches<T>(items: readonly T[], size = SCREEN_BATCH_SIZE): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

export const screenRecordLine = (record: ScreenRecord): string => `${JSON.stringify(record)}\n`;

/* ---- CSV ---- */

/** One row per query: the match that explains the verdict, and its nearest exposure. */
export const SCREEN_CSV_COLUMNS = [
  'key',
  'verdict',
  'best_score',
  'match_id',
  'match_name',
  'match_score',
  'nearest_list',
  'nearest_hops',
  'path',
  'nearest_list_name',
  'message',
] as const;

/** One RFC 4180 field: quoted when it holds a comma, quote, line break or edge spaces. */
function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const screenCsvLine = (fields: readonly (string | number | null | undefined)[]): string =>
  `${fields.map(csvField).join(',')}\r\n`;

export const SCREEN_CSV_HEADER = screenCsvLine(SCREEN_CSV_COLUMNS);

/** Path node ids as one cell. */
export const PATH_SEPARATOR = ' > ';

/**
 * The CSV row of a record. Its match is the one whose nearest exposure is nearest (the best of
 * those on a tie), so a LISTED or EXPOSED row shows why; without exposures, the best match.
 */
export function screenCsvRow(record: ScreenRecord): string {
  if (record.verdict === 'ERROR') {
    return screenCsvLine([record.key, record.verdict, null, null, null, null, null, null, null, null, record.message]);
  }
  const nearest = (match: ScreenMatchRecord): number => match.exposures[0]?.hops ?? Infinity;
  const match = record.matches.reduce<ScreenMatchRecord | undefined>(
    (best, candidate) => (best === undefined || nearest(candidate) < nearest(best) ? candidate : best),
    undefined,
  );
  const exposure = match?.exposures[0];
  return screenCsvLine([
    record.key,
    record.verdict,
    record.bestScore,
    match?.id,
    match?.name,
    match?.score,
    exposure?.list.id,
    exposure?.hops,
    exposure?.path.join(PATH_SEPARATOR),
    exposure?.list.name,
    null,
  ]);
}
