import fc from 'fast-check';
import { ENTITY_KINDS, type EntityKind } from '../../src/model/entity-kinds';
import { LIMITS } from '../../src/model/graph-document';
import { intervalIsOrdered } from '../../src/model/partial-date';
import { RELATIONSHIP_TYPE_NAMES, relationshipSpec } from '../../src/model/relationship-types';
import { RELATIONSHIP_STATUSES } from '../../src/model/statuses';
import type { DocumentError } from '../../src/model/record-rules';
import { validateGraphDocument } from '../../src/model/validate-document';

type Json = Record<string, unknown>;
type Section = 'entities' | 'relationships';

const ENTITY_FIELDS = ['id', 'kind', 'name', 'aliases', 'description', 'country', 'title', 'publishedAt', 'tags'];
const RELATIONSHIP_FIELDS = ['id', 'type', 'from', 'to', 'status', 'since', 'until', 'description', 'evidence'];

/** The record id an error should name: the record's own id, trimmed, when it is a non-empty string. */
function claimedId(record: unknown): string | undefined {
  const id = typeof record === 'object' && record !== null ? (record as Json)['id'] : undefined;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

/** The record (section and index) an error path points into, if any. */
function recordOfPath(path: string): { section: Section; index: number } | undefined {
  const match = /^(entities|relationships)\[(\d+)\]/.exec(path);
  return match ? { section: match[1] as Section, index: Number(match[2]) } : undefined;
}

/** Every error has a string path and message, points at a real place, and names the record it is in. */
function expectWellFormedErrors(doc: unknown, errors: readonly DocumentError[]): void {
  expect(errors.length).toBeGreaterThan(0);
  const topLevelKeys = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? Object.keys(doc) : [];
  for (const error of errors) {
    expect(typeof error.path).toBe('string');
    expect(typeof error.message).toBe('string');
    expect(error.message).not.toBe('');
    const record = recordOfPath(error.path);
    if (record === undefined) {
      // Not inside a record: the document itself, one of its arrays, or an unknown top-level field.
      expect(['', 'entities', 'relationships', ...topLevelKeys]).toContain(error.path);
      expect(error.record).toBeUndefined();
      continue;
    }
    const records = (doc as Json)[record.section];
    expect(Array.isArray(records)).toBe(true);
    const raw = (records as unknown[])[record.index];
    expect(record.index).toBeLessThan((records as unknown[]).length);
    expect(error.record).toBe(claimedId(raw));
  }
}

// ------------------------------------------------------------ arbitraries

/** Strings with a bias to the names of real fields and of Object.prototype members. */
const fieldName = fc.oneof(
  fc.constantFrom(...ENTITY_FIELDS, ...RELATIONSHIP_FIELDS, 'article', 'quote', '__proto__', 'constructor', 'toString'),
  fc.string({ maxLength: 12 }),
);
const looseValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(...ENTITY_KINDS, ...RELATIONSHIP_TYPE_NAMES, ...RELATIONSHIP_STATUSES, '2019', '2019-13', ' a '),
);
const looseRecord = fc.dictionary(fieldName, looseValue, { maxKeys: 10 });
/** Document-shaped values with random records, so the checks below the top level are reached. */
const looseDocument = fc.record(
  {
    entities: fc.oneof(fc.array(fc.oneof(looseRecord, looseValue), { maxLength: 5 }), looseValue),
    relationships: fc.oneof(fc.array(fc.oneof(looseRecord, looseValue), { maxLength: 5 }), looseValue),
    extra: looseValue,
  },
  { requiredKeys: [] },
);

/** JSON text parsed back: JSON.parse makes `__proto__` an own key, which object literals cannot. */
const parsedJson = fc.jsonValue().map((value) => JSON.parse(JSON.stringify(value)) as unknown);

const padded = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom('', ' ', '\t', '  \n'), text, fc.constantFrom('', ' ', '\n')).map(([a, t, b]) => a + t + b);
const word = fc.stringMatching(/^[A-Za-z][a-z]{0,7}$/);
const shortText = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => words.join(' '));
const quote = fc.array(word, { minLength: 1, maxLength: LIMITS.maxQuoteWords }).map((words) => words.join(' '));
const partialDate = fc
  .record({ year: fc.integer({ min: 1900, max: 2100 }), month: fc.integer({ min: 1, max: 12 }), precision: fc.nat(2) })
  .map(({ year, month, precision }) =>
    [String(year), String(month).padStart(2, '0'), '15'].slice(0, precision + 1).join('-'),
  );
/** since ≤ until: of two partial dates, the unordered pair swapped is ordered. */
const interval = fc
  .tuple(fc.option(partialDate, { nil: undefined }), fc.option(partialDate, { nil: undefined }))
  .map(([a, b]) => (a !== undefined && b !== undefined && !intervalIsOrdered(a, b) ? [b, a] : [a, b]));

interface ValidDocument {
  doc: { entities: Json[]; relationships: Json[] };
  articles: string[];
}

/** A valid document: two entities of every kind (so every type has endpoints), then relationships among them. */
const validDocument: fc.Arbitrary<ValidDocument> = fc
  .uniqueArray(fc.stringMatching(/^e-[a-z0-9]{1,8}$/), {
    minLength: 2 * ENTITY_KINDS.length,
    maxLength: 2 * ENTITY_KINDS.length + 4,
  })
  .chain((ids) =>
    fc.tuple(
      fc.tuple(
        ...ids.map((id, index) =>
          fc.record(
            {
              id: padded(fc.constant(id)),
              kind:
                index < 2 * ENTITY_KINDS.length
                  ? fc.constant(ENTITY_KINDS[index % ENTITY_KINDS.length])
                  : fc.constantFrom(...ENTITY_KINDS),
              name: padded(shortText),
              aliases: fc.array(padded(shortText), { maxLength: 3 }),
              description: fc.oneof(padded(shortText), fc.constant(null)),
              country: fc.constantFrom('CN', 'US', 'FR'),
            },
            { requiredKeys: ['id', 'kind', 'name'] },
          ),
        ),
      ),
      fc.array(
        fc.record({
          type: fc.constantFrom(...RELATIONSHIP_TYPE_NAMES),
          from: fc.nat(),
          to: fc.nat(),
          status: fc.constantFrom(...RELATIONSHIP_STATUSES),
          interval,
          description: fc.option(padded(shortText), { nil: undefined }),
          evidence: fc.array(fc.record({ article: fc.nat(), quote: padded(quote) }), { minLength: 1, maxLength: 3 }),
        }),
        { maxLength: 12 },
      ),
    ),
  )
  .map(([entities, drafts]) => {
    const idsOf = (kinds: readonly EntityKind[]): string[] =>
      entities.filter((entity) => kinds.includes(entity.kind)).map((entity) => entity.id.trim());
    const articles = idsOf(['ARTICLE']);
    const relationships = drafts.map((draft, index): Json => {
      const spec = relationshipSpec(draft.type);
      const froms = idsOf(spec.from);
      const from = froms[draft.from % froms.length];
      const tos = idsOf(spec.to).filter((id) => id !== from);
      const [since, until] = draft.interval;
      return {
        id: `r-${index}`,
        type: draft.type,
        from,
        to: tos[draft.to % tos.length],
        status: draft.status,
        ...(since === undefined ? {} : { since }),
        ...(until === undefined ? {} : { until }),
        ...(draft.description === undefined ? {} : { description: draft.description }),
        evidence: draft.evidence.map((item) => ({
          article: articles[item.article % articles.length],
          quote: item.quote,
        })),
      };
    });
    return { doc: { entities, relationships }, articles };
  });

/** What the validator should return for a valid document: strings trimmed, null fields dropped. */
function normalized(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(normalized);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, field]) => field !== null && field !== undefined)
        .map(([key, field]) => [key, normalized(field)]),
    );
  }
  return value;
}

const tooManyWords = Array.from({ length: LIMITS.maxQuoteWords + 1 }, () => 'word').join(' ');
/** Invalid values per field; each must be reported at the record it was put in. */
const ENTITY_BREAKAGE: readonly [string, unknown][] = [
  ['id', 'Not A Slug'],
  ['id', 42],
  ['kind', 'NOPE'],
  ['kind', 'company'],
  ['name', '   '],
  ['name', null],
  ['name', 'x'.repeat(LIMITS.maxNameLength + 1)],
  ['country', 'cn'],
  ['aliases', 'not a list'],
  ['aliases', ['']],
  ['description', ['a list']],
  ['favouriteColour', 'blue'],
];
/** `quote` breaks the first evidence item's quote, keeping its (valid) article. */
const RELATIONSHIP_BREAKAGE: readonly [string, unknown][] = [
  ['id', 'r 1'],
  ['type', 'KNOWS'],
  ['status', 'MAYBE'],
  ['from', 'dangling'],
  ['to', null],
  ['since', '2019-13'],
  ['until', '2019-02-30'],
  ['description', 'x'.repeat(LIMITS.maxDescriptionLength + 1)],
  ['evidence', []],
  ['evidence', [{ quote: 'no article' }]],
  ['evidence', [{ article: 'dangling', quote: 'q' }]],
  ['quote', tooManyWords],
  ['weight', 1],
];

describe('validateGraphDocument: properties', () => {
  it('never throws on any JSON value, and reports well-formed errors or a document', () => {
    fc.assert(
      fc.property(fc.oneof(parsedJson, looseDocument, fc.anything()), (doc) => {
        const result = validateGraphDocument(doc);
        if (!result.ok) expectWellFormedErrors(doc, result.errors);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic: the same input gives the same answer', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          looseDocument,
          validDocument.map((valid) => valid.doc),
        ),
        (doc) => {
          expect(validateGraphDocument(doc)).toEqual(validateGraphDocument(structuredClone(doc)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts every valid document and returns it normalized; validating that again changes nothing', () => {
    fc.assert(
      fc.property(validDocument, ({ doc }) => {
        const result = validateGraphDocument(doc);
        expect(result.ok ? [] : result.errors).toEqual([]);
        if (!result.ok) return;
        expect(result.document).toEqual(normalized(doc));
        expect(validateGraphDocument(result.document)).toEqual(result);
      }),
      { numRuns: 150 },
    );
  });

  it('reports one broken field at the record it was broken in, naming that record', () => {
    const breakage = fc.oneof(
      fc.tuple(fc.constant<Section>('entities'), fc.nat(), fc.constantFrom(...ENTITY_BREAKAGE)),
      fc.tuple(fc.constant<Section>('relationships'), fc.nat(), fc.constantFrom(...RELATIONSHIP_BREAKAGE)),
    );
    fc.assert(
      fc.property(validDocument, breakage, ({ doc }, [section, pick, [field, value]]) => {
        const records = doc[section];
        fc.pre(records.length > 0);
        const index = pick % records.length;
        const record = records[index];
        const broken =
          field === 'quote'
            ? { ...record, evidence: [{ ...(record['evidence'] as Json[])[0], quote: value }] }
            : { ...record, [field]: value };
        const mutated = { ...doc, [section]: records.map((other, i) => (i === index ? broken : other)) };

        const result = validateGraphDocument(mutated);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expectWellFormedErrors(mutated, result.errors);
        const atRecord = result.errors.filter((error) => error.path.startsWith(`${section}[${index}].`));
        expect(atRecord).not.toEqual([]);
        for (const error of atRecord) expect(error.record).toBe(claimedId(broken));
      }),
      { numRuns: 300 },
    );
  });
});
