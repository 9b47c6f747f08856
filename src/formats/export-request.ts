import {
  InvalidInputError,
  isPartialDate,
  isRelationshipType,
  type RelationshipType,
  DIRECTIONS,
  isRelationshipStatus,
  type Direction,
  type RelationshipStatus,
} from '../model';
import type { ExportSelection } from '../store';
import { CSV_PARTS, type CsvPart } from './formats';

/**
 * Export selections from text parameters (HTTP query string, CLI flags): the neighbourhood
 * arguments, lists comma-separated. Anything unknown or malformed is an InvalidInputError,
 * so a typo never silently exports something else.
 */
export interface ExportRequest {
  selection: ExportSelection;
  csvPart: CsvPart;
}

const NEIGHBORHOOD_ONLY = ['depth', 'direction'] as const;
const KNOWN = new Set(['id', ...NEIGHBORHOOD_ONLY, 'types', 'status', 'asOf', 'limit', 'part']);

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new InvalidInputError(`"${name}" must be a whole number, got "${raw}"`);
  return Number(raw);
}

function list<T extends string>(name: string, raw: string | undefined, isValid: (value: string) => value is T) {
  if (raw === undefined) return undefined;
  const values = raw
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  for (const value of values) {
    if (!isValid(value)) throw new InvalidInputError(`"${name}" has an unknown value "${value}"`);
  }
  return values as T[];
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new InvalidInputError(`"${name}" must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** Repeated parameters (`types=A&types=B`) add up like a comma-separated list. */
export function parseExportParams(params: URLSearchParams): ExportRequest {
  const values = new Map<string, string>();
  for (const name of new Set(params.keys())) {
    if (!KNOWN.has(name)) {
      throw new InvalidInputError(`unknown parameter "${name}" (known: ${[...KNOWN].join(', ')})`);
    }
    values.set(name, params.getAll(name).join(','));
  }
  const asOf = values.get('asOf');
  if (asOf !== undefined && !isPartialDate(asOf)) {
    throw new InvalidInputError(`"asOf" must be a date like 2019, 2022-05 or 2022-05-05, got "${asOf}"`);
  }
  const id = values.get('id');
  if (id === undefined) {
    for (const name of NEIGHBORHOOD_ONLY) {
      if (values.has(name)) throw new InvalidInputError(`"${name}" needs "id" (a neighbourhood to export)`);
    }
  }
  const common = {
    types: list<RelationshipType>('types', values.get('types'), isRelationshipType),
    statuses: list<RelationshipStatus>('status', values.get('status'), isRelationshipStatus),
    asOf,
    limit: integer('limit', values.get('limit')),
  };
  const selection: ExportSelection =
    id === undefined
      ? common
      : {
          ...common,
          id,
          depth: integer('depth', values.get('depth')),
          direction: oneOf<Direction>('direction', values.get('direction'), DIRECTIONS),
        };
  return { selection, csvPart: oneOf('part', values.get('part'), CSV_PARTS) ?? 'edges' };
}
