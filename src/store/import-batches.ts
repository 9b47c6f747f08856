import { ConflictError, InvalidInputError, type DocumentError } from '../model';
import type { EntityRecord } from '../model';
import { type StoredProps } from './records';

/* What the import's write path shares: options, timings, batching, and the errors it raises. */

/** Time spent per import phase, in ms, added up over batches (`import --verbose`). */
export type PhaseTimings = Record<string, number>;

export interface ImportOptions {
  /** Rows per UNWIND statement (default DEFAULT_BATCH_SIZE). */
  batchSize?: number;
  /** Transaction timeout for importGraphDocument (default: the runner's). */
  timeoutMs?: number;
  /** When given, the validate, entities, preflight and create phases add their time here. */
  timings?: PhaseTimings;
  /**
   * Entities a document implies rather than states (the list a sanction names): created when
   * absent, never overwriting; errors name them `implied[i]`.
   */
  implied?: readonly EntityRecord[];
}

/** Runs `work`, adding its duration to `timings[phase]` when timings are kept. */
export async function timed<T>(timings: PhaseTimings | undefined, phase: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    if (timings) timings[phase] = (timings[phase] ?? 0) + performance.now() - started;
  }
}

export const DEFAULT_BATCH_SIZE = 10_000;

/** Properties as Neo4j holds them: `SET x = props` drops null entries, so the comparison must too. */
export type PresentProps = Record<string, string | string[]>;

export function presentProps(props: StoredProps): PresentProps {
  const present: PresentProps = {};
  for (const [name, value] of Object.entries(props)) if (value !== null) present[name] = value;
  return present;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

export function describeDocumentError(error: DocumentError): string {
  return `${error.path || '(document)'}${error.record === undefined ? '' : ` [${error.record}]`}: ${error.message}`;
}

function documentErrorMessage(what: string, errors: readonly DocumentError[]): string {
  const shown = errors.slice(0, 3).map(describeDocumentError);
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  const noun = errors.length === 1 ? 'problem' : 'problems';
  return `${what} (${errors.length} ${noun}, nothing written): ${shown.join('; ')}${more}`;
}

/** The error for a rejected document: every problem in `details`, the first few in the message. */
export function invalidDocumentError(errors: readonly DocumentError[]): InvalidInputError {
  return new InvalidInputError(documentErrorMessage('Invalid graph document', errors), errors);
}

/** The error for a document that clashes with the graph, in the same shape. */
export function conflictError(conflicts: readonly DocumentError[]): ConflictError {
  return new ConflictError(documentErrorMessage('The graph document clashes with the graph', conflicts), conflicts);
}

/** A mistake in the document itself outweighs clashes: fixing it comes first, so it names both. */
export function rejection(problems: readonly DocumentError[], conflicts: readonly DocumentError[]): InvalidInputError {
  return problems.length > 0 ? invalidDocumentError([...problems, ...conflicts]) : conflictError(conflicts);
}

/** `FOREACH` runs its update only when `condition` holds: Cypher's conditional write. */
export const when = (condition: string, update: string): string =>
  `FOREACH (_ IN CASE WHEN ${condition} THEN [1] ELSE [] END | ${update})`;

/**
 * Prefix of the import's statements: their plans are fixed by unique keys and index hints, and
 * a graph growing under an import made Neo4j re-plan them whenever its statistics moved (the
 * preflight's 28-type plan cost seconds of CPU each time), so a cached plan is always reused.
 */
export const REUSE_PLAN = 'CYPHER replan=skip';

/** Rows grouped by a key, in first-seen order. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
