import type { EntityKind } from './entity-kinds';

/*
 * Problems a graph document or an import line can have, and the rules both importers (the
 * online one in the store and the bulk loader) apply beyond the document validator, each with
 * its one message. A problem carries a machine-readable reason, never recovered from its text.
 */

/** Why a record was refused: the validator's reasons, plus a clash with what the graph holds. */
export const RECORD_FLAW_REASONS = ['missing-property', 'invalid-value', 'dangling-reference', 'conflict'] as const;
export type RecordFlawReason = (typeof RECORD_FLAW_REASONS)[number];

/** One problem in a graph document: where it is, which record it belongs to, what is wrong, and why. */
export interface DocumentError {
  /** Location in the document, e.g. `relationships[3].evidence[0].quote`. */
  path: string;
  /** Id of the entity or relationship the problem belongs to, when the record has one. */
  record?: string;
  message: string;
  reason: RecordFlawReason;
}

/** An entity's kind never changes: a record stating another kind for a stored id clashes. */
export const kindClash = (path: string, id: string, kind: EntityKind, storedKind: EntityKind): DocumentError => ({
  path,
  record: id,
  reason: 'conflict',
  message: `is ${kind}, but "${id}" is already a ${storedKind} in the graph; an entity's kind cannot change`,
});

/**
 * Symmetric facts are stored once, whichever way round they are stated: a second statement of
 * one repeats `earlier`, a record of the same input (`relationships[2] ("a-b")`, `an earlier
 * relationship`), or clashes with one the graph holds (`the existing relationship "a-b"`).
 */
export const symmetricDuplicate = (
  path: string,
  id: string,
  type: string,
  earlier: { described: string; stored: boolean },
): DocumentError => ({
  path,
  record: id,
  reason: earlier.stored ? 'conflict' : 'invalid-value',
  message: `states the same ${type} fact as ${earlier.described}; symmetric relationships are stored once`,
});

/** One symmetric fact whichever way round it is stated. */
export const symmetricFactKey = (type: string, from: string, to: string): string =>
  `fact ${type} ${[from, to].sort().join(' ')}`;
