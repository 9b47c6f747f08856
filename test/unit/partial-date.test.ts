import {
  holdsAsOf,
  intervalIsOrdered,
  isPartialDate,
  parsePartialDate,
  periodEnd,
  periodStart,
} from '../../src/model/partial-date';

describe('parsePartialDate / isPartialDate', () => {
  it.each([
    ['2019', { year: 2019, month: undefined, day: undefined }],
    ['2022-05', { year: 2022, month: 5, day: undefined }],
    ['2022-05-05', { year: 2022, month: 5, day: 5 }],
    ['2022-12-31', { year: 2022, month: 12, day: 31 }],
  ])('parses %p', (value, parts) => {
    expect(parsePartialDate(value)).toEqual(parts);
    expect(isPartialDate(value)).toBe(true);
  });

  it.each([
    '',
    '19',
    '20190',
    '2019-1',
    '2019-01-1',
    '2019-00',
    '2019-13',
    '2019-01-00',
    '2019-01-32',
    '2019-04-31',
    '2019/01/01',
    ' 2019',
    '2019-01-01T00:00:00Z',
    '5 May 2022',
  ])('rejects %p', (value) => {
    expect(parsePartialDate(value)).toBeUndefined();
    expect(isPartialDate(value)).toBe(false);
  });

  it.each([undefined, null, 2019, ['2019'], { year: 2019 }])('rejects the non-string %p', (value) => {
    expect(isPartialDate(value)).toBe(false);
  });

  describe('leap years', () => {
    it.each(['2020-02-29', '2000-02-29', '2024-02-29', '1600-02-29', '0000-02-29', '0004-02-29'])(
      'accepts %p (a leap day)',
      (value) => {
        expect(isPartialDate(value)).toBe(true);
      },
    );

    it.each(['2019-02-29', '1900-02-29', '2100-02-29', '2020-02-30', '0100-02-29'])(
      'rejects %p (no such day)',
      (value) => {
        expect(isPartialDate(value)).toBe(false);
      },
    );
  });
});

describe('periodStart / periodEnd', () => {
  it.each([
    ['2019', '2019-01-01', '2019-12-31'],
    ['2022-05', '2022-05-01', '2022-05-31'],
    ['2022-04', '2022-04-01', '2022-04-30'],
    ['2020-02', '2020-02-01', '2020-02-29'],
    ['2019-02', '2019-02-01', '2019-02-28'],
    ['2000-02', '2000-02-01', '2000-02-29'],
    ['2100-02', '2100-02-01', '2100-02-28'],
    ['2022-05-05', '2022-05-05', '2022-05-05'],
  ])('%p covers %p to %p', (value, start, end) => {
    expect(periodStart(value)).toBe(start);
    expect(periodEnd(value)).toBe(end);
  });

  it('throws a RangeError naming a bad value', () => {
    expect(() => periodStart('2019-13')).toThrow(RangeError);
    expect(() => periodEnd('May 2022')).toThrow(/"May 2022"/);
  });
});

describe('holdsAsOf', () => {
  describe('since (listed since 2019)', () => {
    it.each([
      ['2018-06-01', false],
      ['2018-12-31', false],
      ['2018', false],
      ['2019-01-01', true],
      ['2019', true],
      ['2019-06', true],
      ['2020-01-01', true],
      ['2099-12-31', true],
    ])('as of %p → %p', (asOf, expected) => {
      expect(holdsAsOf(asOf, '2019')).toBe(expected);
    });

    it('starts a month-precision since on the first of the month', () => {
      expect(holdsAsOf('2019-05-31', '2019-06')).toBe(false);
      expect(holdsAsOf('2019-06-01', '2019-06')).toBe(true);
    });

    it('reads a partial asOf as the first day of its period', () => {
      // asOf 2019 means 2019-01-01, before a listing that starts in June 2019.
      expect(holdsAsOf('2019', '2019-06')).toBe(false);
      expect(holdsAsOf('2019-06', '2019-06-15')).toBe(false);
      expect(holdsAsOf('2019-07', '2019-06-15')).toBe(true);
    });
  });

  describe('until (inclusive, to the end of its period)', () => {
    it.each([
      ['2020-06-30', true],
      ['2020-06', true],
      ['2020-07-01', false],
      ['2021', false],
      ['2010-01-01', true],
    ])('until 2020-06, as of %p → %p', (asOf, expected) => {
      expect(holdsAsOf(asOf, undefined, '2020-06')).toBe(expected);
    });

    it('runs a year-precision until to 31 December', () => {
      expect(holdsAsOf('2020-12-31', null, '2020')).toBe(true);
      expect(holdsAsOf('2021-01-01', null, '2020')).toBe(false);
    });

    it('runs an until in February to its last day, leap years included', () => {
      expect(holdsAsOf('2020-02-29', undefined, '2020-02')).toBe(true);
      expect(holdsAsOf('2020-03-01', undefined, '2020-02')).toBe(false);
      expect(holdsAsOf('2019-02-28', undefined, '2019-02')).toBe(true);
      expect(holdsAsOf('2019-03-01', undefined, '2019-02')).toBe(false);
    });
  });

  it('holds within a closed interval and nowhere outside it', () => {
    expect(holdsAsOf('2019-12-31', '2020', '2021-06')).toBe(false);
    expect(holdsAsOf('2020-01-01', '2020', '2021-06')).toBe(true);
    expect(holdsAsOf('2021-06-30', '2020', '2021-06')).toBe(true);
    expect(holdsAsOf('2021-07-01', '2020', '2021-06')).toBe(false);
  });

  it('holds on the single day of a one-day interval', () => {
    expect(holdsAsOf('2021-03-15', '2021-03-15', '2021-03-15')).toBe(true);
    expect(holdsAsOf('2021-03-14', '2021-03-15', '2021-03-15')).toBe(false);
    expect(holdsAsOf('2021-03-16', '2021-03-15', '2021-03-15')).toBe(false);
  });

  it('treats missing bounds as open', () => {
    expect(holdsAsOf('1900-01-01')).toBe(true);
    expect(holdsAsOf('2999-12-31', null, null)).toBe(true);
    expect(holdsAsOf('1900-01-01', undefined, '2020')).toBe(true);
  });

  it('throws on a bad asOf or bound instead of guessing', () => {
    expect(() => holdsAsOf('2020-02-30', '2019')).toThrow(RangeError);
    expect(() => holdsAsOf('2020-01-01', '2019-13')).toThrow(RangeError);
    expect(() => holdsAsOf('2020-01-01', undefined, 'soon')).toThrow(RangeError);
  });
});

describe('intervalIsOrdered', () => {
  it.each([
    ['2019', '2020', true],
    ['2019', '2019', true],
    ['2019-06', '2019', true], // overlapping periods: June 2019 starts before 2019 ends
    ['2019', '2019-01', true],
    ['2019-05-01', '2019-05-01', true],
    ['2020', '2019', false],
    ['2019-05-02', '2019-05-01', false],
    ['2020-03', '2020-02-29', false],
    ['2020-01-01', '2019', false],
  ])('since %p, until %p → %p', (since, until, expected) => {
    expect(intervalIsOrdered(since, until)).toBe(expected);
  });

  it('accepts open intervals', () => {
    expect(intervalIsOrdered(undefined, '2019')).toBe(true);
    expect(intervalIsOrdered('2019', null)).toBe(true);
    expect(intervalIsOrdered()).toBe(true);
  });
});
