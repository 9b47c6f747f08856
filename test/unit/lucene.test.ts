import { InvalidInputError } from '../../src/model/errors';
import { buildSearchQuery, escapeLucene, MAX_SEARCH_LENGTH } from '../../src/store/lucene';

describe('escapeLucene', () => {
  it('escapes every special character of the classic query syntax', () => {
    const specials = '+-&|!(){}[]^"~*?:\\/';
    const escaped = escapeLucene(specials);
    expect(escaped).toBe([...specials].map((character) => `\\${character}`).join(''));
  });

  it('escapes && and || as two escaped characters each', () => {
    expect(escapeLucene('a&&b||c')).toBe('a\\&\\&b\\|\\|c');
  });

  it('turns the operator words into plain (lower-case) terms, and leaves other words alone', () => {
    expect(['AND', 'OR', 'NOT'].map(escapeLucene)).toEqual(['and', 'or', 'not']);
    expect(escapeLucene('ANDROID')).toBe('ANDROID');
    expect(escapeLucene('Hikvision')).toBe('Hikvision');
  });
});

describe('buildSearchQuery', () => {
  it('adds a prefix and a fuzzy clause for each word', () => {
    expect(buildSearchQuery('hikv')).toBe('hikv^2 OR hikv* OR hikv~1');
    expect(buildSearchQuery('  Hanwa  ')).toBe('Hanwa^2 OR hanwa* OR hanwa~1');
  });

  it('keeps short words out of fuzzy (and one-letter words out of prefix) matching', () => {
    expect(buildSearchQuery('us')).toBe('us^2 OR us*');
    expect(buildSearchQuery('x')).toBe('x^2');
  });

  it('makes operators and specials literal: "hikvision AND (" is a plain query', () => {
    expect(buildSearchQuery('hikvision AND (')).toBe('hikvision^2 OR hikvision* OR hikvision~1 OR and^2 OR and*');
    expect(buildSearchQuery('title:foo')).toBe('title\\:foo^2 OR title* OR title~1 OR foo*');
  });

  it('never leaves an unescaped special outside the operators it adds itself', () => {
    for (const text of ['a"b', 'x:y/z [a TO b]', 'Hikvision~2^9', 'a\\', '{!}x', 'c++ || d']) {
      const query = buildSearchQuery(text) ?? '';
      // Remove what the builder adds (escapes, boosts, prefix and fuzzy marks), then nothing special may remain.
      const stripped = query
        .replace(/\\./g, '')
        .replace(/\^2|\*|~1/g, '')
        .replace(/ OR /g, ' ');
      expect(stripped).not.toMatch(/[+\-&|!(){}[\]^"~*?:\\/]/);
    }
  });

  it('answers null when there is nothing to search for', () => {
    expect(buildSearchQuery('(( ~ ))')).toBeNull();
  });

  it('rejects empty, blank and over-long text', () => {
    expect(() => buildSearchQuery('')).toThrow(InvalidInputError);
    expect(() => buildSearchQuery('   ')).toThrow(InvalidInputError);
    expect(() => buildSearchQuery('a'.repeat(MAX_SEARCH_LENGTH + 1))).toThrow(InvalidInputError);
    expect(buildSearchQuery('a'.repeat(MAX_SEARCH_LENGTH))).not.toBeNull();
  });
});
