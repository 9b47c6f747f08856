import fc from 'fast-check';
import { InvalidInputError } from '../../src/model/errors';
import { buildSearchQuery, escapeLucene, MAX_SEARCH_LENGTH } from '../../src/store/lucene';

/** Characters with a meaning in Lucene's classic query syntax. */
const SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/u;
const OPERATOR_WORD = /^(AND|OR|NOT)$/;

/**
 * Reads an escaped term back as Lucene would: each backslash makes the next character literal.
 * Undefined when a special character stands unescaped or a backslash escapes something harmless.
 */
function unescapeTerm(escaped: string): string | undefined {
  let literal = '';
  for (let i = 0; i < escaped.length; i += 1) {
    const character = escaped[i];
    if (character === '\\') {
      const next = escaped[i + 1];
      if (next === undefined || !SPECIAL.test(next)) return undefined;
      literal += next;
      i += 1;
    } else if (SPECIAL.test(character)) return undefined;
    else literal += character;
  }
  return literal;
}

/** Hostile text: Lucene syntax, operator words, control and bidi characters, lone surrogates, any code point. */
const hostileUnit = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(...'+-&|!(){}[]^"~*?:\\/', ' ', '\t', '\n', '\u3000', '\u00a0'),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ' AND ',
      ' OR ',
      ' NOT ',
      'AND',
      '&&',
      '||',
      '*:*',
      'name:x',
      '^10',
      '~2',
      '/re.*x/',
      '[a TO z]',
      '\u0000',
      '\u0007',
      '\u202e',
      '\u200f',
      '\ud800',
      '\udfff',
      'İ',
      'ß',
      'e\u0301',
      '中文',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 6 }) },
);
const hostileText = fc.string({ unit: hostileUnit, maxLength: 60 });

describe('Lucene query building: properties', () => {
  it('escapes any string so that Lucene reads it back as exactly that string', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const escaped = escapeLucene(text);
        expect(unescapeTerm(escaped)).toBe(OPERATOR_WORD.test(text) ? text.toLowerCase() : text);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on any text but the documented InvalidInputError, and only for empty or over-long text', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText, fc.string({ unit: hostileUnit, minLength: 180, maxLength: 260 })), (text) => {
        const trimmed = text.trim();
        const refused = trimmed === '' || trimmed.length > MAX_SEARCH_LENGTH;
        let thrown: unknown;
        try {
          buildSearchQuery(text);
        } catch (error) {
          thrown = error;
        }
        if (refused) expect(thrown).toBeInstanceOf(InvalidInputError);
        else expect(thrown).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('builds only literal terms, prefix and fuzzy words, joined by OR: no operator or special of the user survives', () => {
    fc.assert(
      fc.property(
        hostileText.filter((text) => text.trim() !== ''),
        (text) => {
          const query = buildSearchQuery(text);
          const terms = text.trim().split(/\s+/u);
          const searchable = terms.filter((term) => /[\p{L}\p{N}]/u.test(term));
          expect(query === null).toBe(searchable.length === 0);
          if (query === null) return;
          const literals: string[] = [];
          for (const clause of query.split(' OR ')) {
            // Lucene splits on whitespace before anything else: a clause with whitespace would be two.
            expect(clause).not.toMatch(/[\s\u3000]/u);
            const word = /^([\p{L}\p{N}]+)(\*|~1)$/u.exec(clause);
            if (word) {
              expect(word[1]).toBe(word[1].toLowerCase());
              continue;
            }
            expect(clause.endsWith('^2')).toBe(true);
            const literal = unescapeTerm(clause.slice(0, -2));
            expect(literal).toBeDefined();
            expect(literal).not.toMatch(OPERATOR_WORD);
            literals.push(literal as string);
          }
          const expected = searchable.map((term) => (OPERATOR_WORD.test(term) ? term.toLowerCase() : term));
          expect(literals).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
