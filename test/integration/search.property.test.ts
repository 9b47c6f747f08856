import fc from 'fast-check';
import { InvalidInputError } from '../../src/model/errors';
import { search } from '../../src/store/exploration.store';
import { importGraphDocument } from '../../src/store/import.store';
import { MAX_SEARCH_LENGTH } from '../../src/store/lucene';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';

/** Characters and words with a meaning to Lucene or to text handling; none is a letter or digit. */
const SYNTAX = [...'+-&|!(){}[]^"~*?:\\/', ' ', '\t', '\n', '\u3000', '\u0000', '\u0007', '\u202e', '\u200f'];
const hostileUnit = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.constantFrom(...SYNTAX, ' AND ', ' OR ', 'NOT', '*:*', 'name:x OR', '^10', '~', '/re.*x/', '\ud800', '\udc00'),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 6 }),
);
const syntaxOnly = fc.string({ unit: fc.constantFrom(...SYNTAX), maxLength: 15 });

// Lucene query text built from user input, run through the real full-text index.
describe('search on the real full-text index: properties', () => {
  let db: TestDb;
  const prefix = uniquePrefix('search-property');
  // Letters and digits only, so the analyzer and the query builder both see it as one word.
  const marker = `zq${prefix.replace(/[^a-z0-9]/g, '')}`;
  const target = `${prefix}-target`;

  beforeAll(async () => {
    db = await connectTestDb();
    await importGraphDocument(db.runner, {
      entities: [{ id: target, kind: 'COMPANY', name: `Target ${marker} (c++) AND "x"` }],
      relationships: [],
    });
  });
  afterAll(async () => {
    await db.runner.write((tx) =>
      tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $prefix DETACH DELETE e', { prefix }),
    );
    await db.close();
  });

  it('never fails on any text: hits or [], and InvalidInputError only for empty or over-long text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: hostileUnit, maxLength: 120 }), async (text) => {
        const trimmed = text.trim();
        if (trimmed === '' || trimmed.length > MAX_SEARCH_LENGTH) {
          await expect(search(db.runner, { query: text })).rejects.toBeInstanceOf(InvalidInputError);
          return;
        }
        const hits = await search(db.runner, { query: text, first: 5 });
        for (const hit of hits) {
          expect(Number.isFinite(hit.score)).toBe(true);
          expect(typeof hit.entity.id).toBe('string');
        }
      }),
      { numRuns: 200 },
    );
  });

  it('finds an entity by a word of its name whatever Lucene syntax surrounds that word', async () => {
    await fc.assert(
      fc.asyncProperty(syntaxOnly, syntaxOnly, async (before, after) => {
        const hits = await search(db.runner, { query: `${before}${marker}${after}`, first: 10 });
        expect(hits.map((hit) => hit.entity.id)).toContain(target);
      }),
      { numRuns: 100 },
    );
  });
});
