import fc from 'fast-check';
import {
  holdsAsOf,
  intervalIsOrdered,
  isPartialDate,
  parsePartialDate,
  periodEnd,
  periodStart,
  type PartialDateParts,
} from '../../src/model/partial-date';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A UTC midnight; setUTCFullYear because Date.UTC reads years 0–99 as 1900–1999. */
function utcDay(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

function iso(date: Date): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function addDays(day: string, days: number): string {
  const parts = parsePartialDate(day) as Required<PartialDateParts>;
  return iso(new Date(utcDay(parts.year, parts.month, parts.day).getTime() + days * DAY_MS));
}

function format({ year, month, day }: PartialDateParts): string {
  return [year, month, day]
    .filter((part) => part !== undefined)
    .map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0'))
    .join('-');
}

/** Year, month and day fields, each possibly out of range, at one of the three precisions. */
const dateFields = fc
  .record({
    // Biased to the century and leap-day edges, where calendars go wrong.
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 4, 99, 100, 400, 1900, 2000, 2100)),
    month: fc.oneof(fc.integer({ min: 0, max: 13 }), fc.constant(2)),
    day: fc.oneof(fc.integer({ min: 0, max: 32 }), fc.constantFrom(28, 29, 30, 31)),
    precision: fc.constantFrom(1, 2, 3),
  })
  .map(({ year, month, day, precision }) => ({
    year,
    ...(precision >= 2 ? { month } : {}),
    ...(precision === 3 ? { day } : {}),
  }));

/** Valid partial dates at every precision; years 1–9998 so the days around a period are still dates. */
const partialDate = fc
  .record({
    day: fc.date({ min: utcDay(1, 1, 1), max: utcDay(9998, 12, 31), noInvalidDate: true }),
    precision: fc.constantFrom(1, 2, 3),
  })
  .map(({ day, precision }) => iso(day).slice(0, [4, 7, 10][precision - 1]));
const fullDay = fc.date({ min: utcDay(1, 1, 1), max: utcDay(9998, 12, 31), noInvalidDate: true }).map(iso);
const optionalDate = fc.option(partialDate, { nil: undefined });

/** Strings near the format (digits and hyphens) and anything at all, control and lone surrogates included. */
const anyText = fc.oneof(
  fc.stringMatching(/^[0-9-]{0,12}$/),
  fc.string({ unit: 'binary', maxLength: 14 }),
  fc.string({ unit: fc.constantFrom('2', '0', '1', '9', '-', ' ', '\n', '\u0000', '\ud800', '٢', 'T') }),
);

describe('partial dates: properties', () => {
  it('parses a string exactly when it is a real day, month or year of the calendar', () => {
    fc.assert(
      fc.property(dateFields, (fields) => {
        const { year, month, day } = fields;
        const monthOk = month === undefined || (month >= 1 && month <= 12);
        const date = utcDay(year, month ?? 1, day ?? 1);
        const dayOk = day === undefined || (monthOk && date.getUTCMonth() + 1 === month && date.getUTCDate() === day);
        const text = format(fields);
        expect(isPartialDate(text)).toBe(monthOk && dayOk);
        if (monthOk && dayOk) expect(parsePartialDate(text)).toEqual({ year, month, day });
      }),
      { numRuns: 1000, examples: [[{ year: 0, month: 2, day: 29 }], [{ year: 100, month: 2, day: 29 }]] },
    );
  });

  it('round-trips: formatting what was parsed gives the same text', () => {
    fc.assert(
      fc.property(fc.oneof(partialDate, anyText), (text) => {
        const parts = parsePartialDate(text);
        if (parts !== undefined) expect(format(parts)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text: parse answers undefined, the period functions a RangeError', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const valid = isPartialDate(text);
        expect(parsePartialDate(text) !== undefined).toBe(valid);
        for (const use of [() => periodStart(text), () => periodEnd(text), () => holdsAsOf(text, '2019', '2020')]) {
          if (valid) expect(use).not.toThrow();
          else expect(use).toThrow(RangeError);
        }
      }),
      { numRuns: 500 },
    );
    fc.assert(fc.property(fc.anything(), (value) => expect(typeof isPartialDate(value)).toBe('boolean')));
  });

  it('covers a period from its first to its last day: the days that share its prefix, no more', () => {
    fc.assert(
      fc.property(partialDate, (text) => {
        const start = periodStart(text);
        const end = periodEnd(text);
        expect(isPartialDate(start) && isPartialDate(end)).toBe(true);
        expect(start <= end).toBe(true);
        expect(start.startsWith(text) && end.startsWith(text)).toBe(true);
        expect(addDays(start, -1).startsWith(text)).toBe(false);
        expect(addDays(end, 1).startsWith(text)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('holds a relationship since and until one period on exactly the days of that period', () => {
    fc.assert(
      fc.property(partialDate, fc.double({ min: 0, max: 1, noNaN: true }), (text, position) => {
        const start = periodStart(text);
        const length = Math.round((Date.parse(periodEnd(text)) - Date.parse(start)) / DAY_MS);
        expect(holdsAsOf(addDays(start, Math.round(position * length)), text, text)).toBe(true);
        expect(holdsAsOf(addDays(start, -1), text, text)).toBe(false);
        expect(holdsAsOf(addDays(periodEnd(text), 1), text, text)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a partial asOf as the first day of its period', () => {
    fc.assert(
      fc.property(partialDate, optionalDate, optionalDate, (asOf, since, until) => {
        expect(holdsAsOf(asOf, since, until)).toBe(holdsAsOf(periodStart(asOf), since, until));
      }),
      { numRuns: 500 },
    );
  });

  it('holds on some day exactly when since ≤ until, and then on the day since begins', () => {
    fc.assert(
      fc.property(partialDate, partialDate, fullDay, (since, until, day) => {
        const ordered = intervalIsOrdered(since, until);
        expect(holdsAsOf(periodStart(since), since, until)).toBe(ordered);
        if (!ordered) expect(holdsAsOf(day, since, until)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('treats a missing bound as open: dropping a bound never loses a day, and since/until at one date cover all time', () => {
    fc.assert(
      fc.property(fullDay, optionalDate, optionalDate, partialDate, (day, since, until, pivot) => {
        if (holdsAsOf(day, since, until)) {
          expect(holdsAsOf(day, undefined, until)).toBe(true);
          expect(holdsAsOf(day, since, undefined)).toBe(true);
        }
        expect(holdsAsOf(day)).toBe(true);
        expect(holdsAsOf(day, pivot, undefined) || holdsAsOf(day, undefined, pivot)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
