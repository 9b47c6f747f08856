import { asciiTokens, fingerprint, nameParts, nameSimilarity, scoreMatch } from '../../src/match';

describe('names', () => {
  it('transliterates Cyrillic and Chinese, and joins words across apostrophes', () => {
    expect(asciiTokens('Воробьёв Юрий')).toEqual(['vorobev', 'yuriy']);
    expect(asciiTokens('杭州')).toEqual(['hang', 'zhou']);
    expect(asciiTokens("O'Brien & Sons")).toEqual(['obrien', 'sons']);
  });

  it.each([
    ['ООО «Ромашка»', ['romashka'], ['llc']],
    ['Romashka, Limited Liability Company', ['romashka'], ['llc']],
    ['Hangzhou Hikvision Digital Technology Co., Ltd.', ['hangzhou', 'hikvision', 'digital', 'technology'], ['ltd']],
    ['杭州明光有限公司', ['hang', 'zhou', 'ming', 'guang'], ['ltd']],
    ['Company', ['company'], []],
  ])('sets the legal form of %s apart', (name, core, forms) => {
    expect(nameParts(name)).toEqual({ core, forms });
  });

  it('keeps every token of a person: "Ao" is a name too', () => {
    expect(nameParts('Ao Li', false).core).toEqual(['ao', 'li']);
  });

  it('fingerprints ignore order and repeats', () => {
    expect(fingerprint('Petrov Ivan Ivan')).toBe(fingerprint('Ivan Petrov'));
  });
});

describe('name similarity', () => {
  it.each([
    ['Ivan Sidorov', 'Сидоров Иван', 1],
    ['Hik Vision', 'Hikvision', 1],
    ['Chengdu Lantian', 'Chengdu Lan Tian', 1],
  ])('%s ~ %s = %d', (a, b, value) => {
    expect(nameSimilarity(a, b)).toBe(value);
  });

  it('gives a typo or another transliteration most of the score, another word none', () => {
    expect(nameSimilarity('Kouznetsov Ivan', 'Kuznetsov Ivan', false)).toBeGreaterThan(0.85);
    expect(nameSimilarity('Northwind Optics', 'Northwind Logistics')).toBeLessThan(0.7);
  });

  it('forgives a person’s missing patronymic, not an organisation’s missing word', () => {
    expect(nameSimilarity('Ivan Tikhonov', 'Тихонов Иван Петрович', false)).toBeGreaterThan(0.8);
    expect(nameSimilarity('Northwind', 'Northwind Optics Holdings')).toBeLessThan(0.7);
  });
});

describe('scoreMatch', () => {
  const ivan = { kind: 'PERSON', names: ['Сидоров Иван Петрович'], birthDates: ['1970-05-03'], countries: ['RU'] };

  it('explains a match feature by feature, with the values compared', () => {
    const { score, features } = scoreMatch(
      { kind: 'PERSON', names: ['Ivan Sidorov'], birthDates: ['1970-05-03'] },
      ivan,
    );
    expect(score).toBeGreaterThan(0.9);
    expect(features).toEqual([
      {
        name: 'name_match',
        weight: expect.any(Number),
        value: expect.any(Number),
        query: 'Ivan Sidorov',
        candidate: 'Сидоров Иван Петрович',
      },
      { name: 'birth_date_match', weight: 0.05, value: 1, query: '1970-05-03', candidate: '1970-05-03' },
    ]);
  });

  it('penalises another birth year, another country and another kind', () => {
    const base = scoreMatch({ kind: 'PERSON', names: ['Ivan Sidorov'] }, ivan).score;
    const born = scoreMatch({ kind: 'PERSON', names: ['Ivan Sidorov'], birthDates: ['1981'] }, ivan);
    expect(born.score).toBeLessThan(base - 0.3);
    expect(born.features.map((feature) => feature.name)).toContain('birth_year_mismatch');
    expect(scoreMatch({ names: ['Ivan Sidorov'], countries: ['de'] }, ivan).score).toBeLessThan(base);
    expect(scoreMatch({ kind: 'COMPANY', names: ['Ivan Sidorov'] }, ivan).score).toBe(0);
  });

  it('lets a shared identifier carry a weak name', () => {
    const vessel = { names: ['Northern Lens'], identifiers: ['IMO9876543'] };
    expect(scoreMatch({ names: ['N. Lens'], identifiers: ['IMO9876543'] }, vessel).score).toBeGreaterThanOrEqual(0.7);
    expect(scoreMatch({ names: ['N. Lens'] }, vessel).score).toBeLessThan(0.7);
  });
});
