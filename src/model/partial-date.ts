/**
 * Partial ISO dates: `2019`, `2022-05`, `2022-05-05`.
 *
 * asOf semantics (written down in README "Time"): a partial date covers its whole period.
 * - `since` starts the validity at the first day of its period (since 2019 → from 2019-01-01).
 * - `until` ends it at the last day of its period, inclusive (until 2020-06 → to 2020-06-30).
 * - a missing bound is open: no `since` means "held as far back as we know".
 * - `asOf` itself may be partial and means the first day of its period.
 * A relationship holds asOf D when validFrom <= D <= validTo. Bounds are stored as full
 * `YYYY-MM-DD` strings so Cypher compares them as strings (ISO order is date order).
 */
const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export interface PartialDateParts {
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
}

export function parsePartialDate(value: string): PartialDateParts | undefined {
  const match = PARTIAL_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && month !== undefined && (day < 1 || day > daysInMonth(year, month))) return undefined;
  return { year, month, day };
}

export function isPartialDate(value: unknown): value is string {
  return typeof value === 'string' && parsePartialDate(value) !== undefined;
}

/** Proleptic Gregorian, as ISO 8601: year 0000 is a leap year (Date.UTC would read it as 1900). */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function requireParts(value: string): PartialDateParts {
  const parts = parsePartialDate(value);
  if (!parts) throw new RangeError(`"${value}" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD`);
  return parts;
}

/** First day of the period a partial date names: `2019` → `2019-01-01`. */
export function periodStart(value: string): string {
  const { year, month = 1, day = 1 } = requireParts(value);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Last day of the period a partial date names: `2020-02` → `2020-02-29`. */
export function periodEnd(value: string): string {
  const { year, month = 12, day } = requireParts(value);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day ?? daysInMonth(year, month), 2)}`;
}

/** Whether an interval [since, until] (partial, open when absent) holds on asOf. */
export function holdsAsOf(asOf: string, since?: string | null, until?: string | null): boolean {
  const day = periodStart(asOf);
  if (since && periodStart(since) > day) return false;
  if (until && periodEnd(until) < day) return false;
  return true;
}

/** since must not come after until. */
export function intervalIsOrdered(since?: string | null, until?: string | null): boolean {
  return !since || !until || periodStart(since) <= periodEnd(until);
}
