import { InvalidInputError } from '../model';

/**
 * Opaque keyset cursors: base64url of a JSON array of the sort key values of the last row seen.
 * They stay valid while rows are added or removed (no offsets), and a tampered cursor is a
 * clear BAD_USER_INPUT, never a query error.
 */
export type CursorKey = readonly (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): CursorKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const valid =
    Array.isArray(key) &&
    key.length === arity &&
    key.every((part) => typeof part === 'string' || (typeof part === 'number' && Number.isFinite(part)));
  if (!valid) throw new InvalidInputError(`"after" is not a cursor this list produced: ${cursor.slice(0, 60)}`);
  return key as CursorKey;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** Validates a page size; beyond the maximum is an error rather than a silent cap. */
export function pageSize(first: number | null | undefined, fallback = DEFAULT_PAGE_SIZE): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new InvalidInputError(`"first" must be between 0 and ${MAX_PAGE_SIZE}, got ${size}`);
  }
  return size;
}

export interface Page<T> {
  rows: T[];
  totalCount: number;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}
