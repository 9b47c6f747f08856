import { type EntityKind } from './entity-kinds';
import { LIMITS } from './graph-document';
import { isPartialDate } from './partial-date';
import type { DocumentError, RecordFlawReason } from './record-rules';

/* The field checks the document validator is made of: each reports what is wrong where, and returns the clean value. */

export type JsonObject = Record<string, unknown>;
export type Report = (path: string, message: string, reason?: RecordFlawReason) => void;
/** Kind of an entity the document may refer to; `found: false` when it is nowhere. */
export type KindLookup = (id: string) => { found: boolean; kind?: EntityKind };

export const TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set(['entities', 'relationships']);
export const ENTITY_STRUCTURE_FIELDS: ReadonlySet<string> = new Set(['id', 'kind', 'ftm']);
export const RELATIONSHIP_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'type',
  'from',
  'to',
  'status',
  'since',
  'until',
  'description',
  'role',
  'evidence',
  'ftm',
]);
export const ARTICLE_EVIDENCE_FIELDS: ReadonlySet<string> = new Set(['article', 'quote']);
export const DATASET_EVIDENCE_FIELDS: ReadonlySet<string> = new Set([
  'dataset',
  'quote',
  'url',
  'firstSeen',
  'lastSeen',
]);
/** With the u flag a surrogate pair is one code point, so this matches only unpaired halves. */
export const LONE_SURROGATE = /[\ud800-\udfff]/u;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Optional fields may be omitted, undefined or null (GraphQL inputs send null). */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function reporter(errors: DocumentError[], record: string | undefined): Report {
  return (path, message, reason = 'invalid-value') => {
    errors.push(record === undefined ? { path, message, reason } : { path, record, message, reason });
  };
}

/** An id as the validator stores it (trimmed), or undefined when it is no text at all. */
export function normalizedId(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The id a record claims, for naming it in errors even when the id itself is invalid. */
export function recordIdOf(raw: unknown): string | undefined {
  return normalizedId(isObject(raw) ? raw['id'] : undefined);
}

export function requireArray(value: unknown, path: string, report: Report): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (isAbsent(value)) report(path, 'is required (an array)', 'missing-property');
  else report(path, 'must be an array');
  return [];
}

export function reportUnknownFields(raw: JsonObject, allowed: ReadonlySet<string>, path: string, report: Report): void {
  for (const field of Object.keys(raw)) {
    if (!allowed.has(field)) {
      report(path === '' ? field : `${path}.${field}`, `is not a known field (allowed: ${[...allowed].join(', ')})`);
    }
  }
}

export function checkId(value: unknown, path: string, report: Report): string | undefined {
  const id = checkText(value, path, Number.POSITIVE_INFINITY, report);
  if (id === undefined) return undefined;
  if (LIMITS.idPattern.test(id)) return id;
  report(path, `"${id}" is not a valid id: lower-case letters, digits and inner hyphens, at most 128 characters`);
  return undefined;
}

/** A trimmed, non-empty string of at most maxLength characters; undefined (and reported) otherwise. */
export function checkText(value: unknown, path: string, maxLength: number, report: Report): string | undefined {
  if (isAbsent(value)) {
    report(path, 'is required', 'missing-property');
    return undefined;
  }
  if (typeof value !== 'string') {
    report(path, 'must be a string');
    return undefined;
  }
  const text = value.trim();
  if (text === '') {
    report(path, 'must not be empty');
    return undefined;
  }
  if (text.length > maxLength) {
    report(path, `must be at most ${maxLength} characters (has ${text.length})`);
  }
  // Neo4j stores UTF-8, where a lone surrogate silently becomes U+FFFD: refuse it rather than store other text.
  if (LONE_SURROGATE.test(text)) report(path, 'must be well-formed Unicode (it has an unpaired surrogate)');
  return text;
}

export function optionalText(value: unknown, path: string, maxLength: number, report: Report): string | undefined {
  return isAbsent(value) ? undefined : checkText(value, path, maxLength, report);
}

export function partialDateProblem(value: string): string | undefined {
  return isPartialDate(value) ? undefined : `"${value}" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD`;
}

export function kindLookup(
  kindsById: ReadonlyMap<string, EntityKind | undefined>,
  known: ReadonlyMap<string, EntityKind> | undefined,
): KindLookup {
  return (id) => {
    // The document wins over the graph: an upsert may change what it says about an entity.
    if (kindsById.has(id)) {
      const kind = kindsById.get(id);
      return kind === undefined ? { found: true } : { found: true, kind };
    }
    const knownKind = known?.get(id);
    return knownKind === undefined ? { found: false } : { found: true, kind: knownKind };
  };
}
