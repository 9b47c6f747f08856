import type { EntityKind } from '../../src/model/entity-kinds';
import { LIMITS } from '../../src/model/graph-document';
import type { DocumentError } from '../../src/model/record-rules';
import { validateGraphDocument } from '../../src/model/validate-document';

type Json = Record<string, unknown>;

const ARTICLE = {
  id: 'article-1',
  kind: 'ARTICLE',
  name: 'An article',
  title: 'An article',
  publishedAt: '2022-05-05',
  tags: ['a', 'b'],
};
const ACME = { id: 'acme', kind: 'COMPANY', name: 'Acme', country: 'CN', sector: 'Cameras' };
const LIST = { id: 'a-list', kind: 'SANCTIONS_LIST', name: 'A list' };
const CHINA = { id: 'china', kind: 'PLACE', name: 'China', placeType: 'COUNTRY', country: 'CN' };
const EVENT = { id: 'an-event', kind: 'EVENT', name: 'An event', date: '2022-05' };
const ENTITIES = [ARTICLE, ACME, LIST, CHINA, EVENT];
const LISTED = {
  id: 'acme-listed',
  type: 'LISTED_ON',
  from: 'acme',
  to: 'a-list',
  status: 'ACTIVE',
  since: '2019',
  evidence: [{ article: 'article-1', quote: 'Acme was listed in 2019' }],
};

/** A valid document with one change applied to a copy of one record. */
function documentWith(changes: { entities?: Json[]; relationships?: Json[] } = {}): Json {
  return {
    entities: changes.entities ?? ENTITIES,
    relationships: changes.relationships ?? [LISTED],
  };
}

function withRelationship(patch: Json): Json {
  return documentWith({ relationships: [{ ...LISTED, ...patch }] });
}

/** Where withEntity puts the edited entity: after the untouched ones. */
const EDITED = `entities[${ENTITIES.length - 1}]`;

/** The valid document with `base` (one of ENTITIES) replaced by a patched copy, at EDITED. */
function withEntity(patch: Json, base: Json = ACME): Json {
  const others = ENTITIES.filter((entity) => entity.id !== base['id']);
  return documentWith({ entities: [...others, { ...base, ...patch }] });
}

function errorsWithReasons(doc: unknown, known?: ReadonlyMap<string, EntityKind>): DocumentError[] {
  const result = validateGraphDocument(doc, known ? { knownEntityKinds: known } : undefined);
  return result.ok ? [] : result.errors;
}

/** The errors where and what, without their reasons (which the "reasons" tests check). */
const errorsOf = (doc: unknown, known?: ReadonlyMap<string, EntityKind>): Omit<DocumentError, 'reason'>[] =>
  errorsWithReasons(doc, known).map(({ reason: _reason, ...error }) => error);

/** Asserts exactly one error, at `path`, for `record`, whose message matches. */
function expectSingleError(doc: unknown, path: string, record: string | undefined, message: RegExp): void {
  const errors = errorsOf(doc);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toEqual(
    record === undefined
      ? { path, message: expect.stringMatching(message) }
      : { path, record, message: expect.stringMatching(message) },
  );
}

describe('validateGraphDocument: valid documents', () => {
  it('accepts a well-formed document and returns it', () => {
    const result = validateGraphDocument(documentWith());
    expect(result).toEqual({ ok: true, document: documentWith() });
  });

  it('accepts an empty document', () => {
    expect(validateGraphDocument({ entities: [], relationships: [] })).toEqual({
      ok: true,
      document: { entities: [], relationships: [] },
    });
  });

  it('normalizes: trims strings and drops absent optional fields', () => {
    const doc = {
      entities: [
        { ...ARTICLE, tags: [' a ', 'b'] },
        { id: ' acme ', kind: 'COMPANY', name: '  Acme  ', aliases: [' Acme Corp '], description: null, country: 'CN' },
        LIST,
      ],
      relationships: [
        {
          ...LISTED,
          from: ' acme',
          since: ' 2019 ',
          until: null,
          description: ' listed ',
          evidence: [{ article: 'article-1', quote: '  Acme was listed  ' }],
        },
      ],
    };
    const result = validateGraphDocument(doc);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.entities[0]?.['tags']).toEqual(['a', 'b']);
    expect(result.document.entities[1]).toEqual({
      id: 'acme',
      kind: 'COMPANY',
      name: 'Acme',
      aliases: ['Acme Corp'],
      country: 'CN',
    });
    expect(result.document.relationships[0]).toEqual({
      id: 'acme-listed',
      type: 'LISTED_ON',
      from: 'acme',
      to: 'a-list',
      status: 'ACTIVE',
      since: '2019',
      description: 'listed',
      evidence: [{ article: 'article-1', quote: 'Acme was listed' }],
    });
    expect(Object.keys(result.document.relationships[0] ?? {})).not.toContain('until');
  });

  it('resolves endpoints and evidence articles against entities already in the graph', () => {
    const doc = documentWith({
      entities: [],
      relationships: [{ ...LISTED, evidence: [{ article: 'old-article', quote: 'q' }] }],
    });
    const known = new Map<string, EntityKind>([
      ['acme', 'COMPANY'],
      ['a-list', 'SANCTIONS_LIST'],
      ['old-article', 'ARTICLE'],
    ]);
    expect(errorsOf(doc, known)).toEqual([]);
  });

  it('accepts a symmetric relationship written either way round', () => {
    const doc = documentWith({
      entities: [ARTICLE, ACME, CHINA, { id: 'gov', kind: 'GOVERNMENT', name: 'Gov' }],
      relationships: [{ ...LISTED, id: 'p', type: 'PARTNER_OF', from: 'gov', to: 'acme' }],
    });
    expect(errorsOf(doc)).toEqual([]);
  });
});

describe('validateGraphDocument: document shape', () => {
  it.each([[null], ['text'], [42], [[]], [undefined]])('rejects %p as a document', (doc) => {
    expect(errorsOf(doc)).toEqual([{ path: '', message: expect.stringMatching(/must be an object/) }]);
  });

  it('requires both arrays', () => {
    expect(errorsOf({ entities: [] })).toEqual([{ path: 'relationships', message: expect.stringMatching(/required/) }]);
    expect(errorsOf({ entities: {}, relationships: [] })).toEqual([
      { path: 'entities', message: expect.stringMatching(/array/) },
    ]);
  });

  it('rejects unknown top-level fields', () => {
    expectSingleError({ ...documentWith(), extra: 1 }, 'extra', undefined, /not a known field/);
  });

  it('rejects records that are not objects', () => {
    expectSingleError(
      documentWith({ entities: [ARTICLE, ACME, LIST, 'x' as unknown as Json] }),
      'entities[3]',
      undefined,
      /object/,
    );
  });
});

describe('validateGraphDocument: entities', () => {
  it('rejects an id that is not a slug, naming the record', () => {
    expectSingleError(withEntity({ id: 'An Event' }, EVENT), `${EDITED}.id`, 'An Event', /not a valid id/);
  });

  it('rejects an id longer than the pattern allows', () => {
    const long = 'a'.repeat(129);
    const errors = errorsOf(withEntity({ id: long }, CHINA));
    expect(errors).toEqual([{ path: `${EDITED}.id`, record: long, message: expect.stringMatching(/not a valid id/) }]);
  });

  it('rejects duplicate entity ids, pointing at the first use', () => {
    const doc = documentWith({ entities: [ARTICLE, ACME, LIST, { ...ACME, name: 'Acme again' }] });
    expectSingleError(doc, 'entities[3].id', 'acme', /duplicates the id of entities\[1\]/);
  });

  it('rejects an unknown kind', () => {
    expectSingleError(withEntity({ kind: 'COMPANIE' }, CHINA), `${EDITED}.kind`, 'china', /must be one of COMPANY/);
  });

  it('requires a name', () => {
    const { name: _name, ...nameless } = ACME;
    expectSingleError(withEntity({}, nameless), `${EDITED}.name`, 'acme', /required/);
  });

  it('rejects an empty or over-long name', () => {
    expectSingleError(withEntity({ name: '   ' }), `${EDITED}.name`, 'acme', /must not be empty/);
    expectSingleError(
      withEntity({ name: 'x'.repeat(LIMITS.maxNameLength + 1) }),
      `${EDITED}.name`,
      'acme',
      /at most 300 characters/,
    );
  });

  it('checks aliases: an array of non-empty strings, not too many', () => {
    expectSingleError(withEntity({ aliases: 'Acme Corp' }), `${EDITED}.aliases`, 'acme', /array of strings/);
    expectSingleError(withEntity({ aliases: ['Acme Corp', ''] }), `${EDITED}.aliases[1]`, 'acme', /must not be empty/);
    expectSingleError(withEntity({ aliases: ['Acme Corp', 7] }), `${EDITED}.aliases[1]`, 'acme', /must be a string/);
    const many = Array.from({ length: LIMITS.maxAliases + 1 }, (_, i) => `Alias ${i}`);
    expectSingleError(withEntity({ aliases: many }), `${EDITED}.aliases`, 'acme', /at most 50 items/);
  });

  it('limits the description', () => {
    const description = 'x'.repeat(LIMITS.maxDescriptionLength + 1);
    expectSingleError(withEntity({ description }), `${EDITED}.description`, 'acme', /at most 4000 characters/);
  });

  it.each(['cn', 'CHN', 'C1'])('rejects country %p', (country) => {
    expectSingleError(withEntity({ country }), `${EDITED}.country`, 'acme', /ISO 3166-1 alpha-2/);
  });

  it('rejects properties the kind does not have', () => {
    expectSingleError(withEntity({ placeType: 'CITY' }), `${EDITED}.placeType`, 'acme', /not a property of COMPANY/);
    expectSingleError(withEntity({ sector: 'Maps' }, CHINA), `${EDITED}.sector`, 'china', /not a property of PLACE/);
  });

  it('requires string values, and arrays only for list properties', () => {
    expectSingleError(withEntity({ sector: ['Cameras'] }), `${EDITED}.sector`, 'acme', /must be a string/);
    expectSingleError(withEntity({ tags: 'a, b' }, ARTICLE), `${EDITED}.tags`, 'article-1', /array of strings/);
  });

  it.each([
    ['publishedAt', ARTICLE, '5 May 2022'],
    ['publishedAt', ARTICLE, '2022-02-30'],
    ['date', EVENT, '2022-13'],
  ] as const)('rejects %s %p that is not a partial date', (property, base, value) => {
    expectSingleError(
      withEntity({ [property]: value }, base),
      `${EDITED}.${property}`,
      base.id,
      /not a date of the form/,
    );
  });

  it('rejects an unknown place type', () => {
    expectSingleError(
      withEntity({ placeType: 'PROVINCE' }, CHINA),
      `${EDITED}.placeType`,
      'china',
      /must be one of COUNTRY, REGION, CITY, CONTINENT/,
    );
  });
});

describe('validateGraphDocument: relationships', () => {
  it('rejects a relationship id that is not a slug', () => {
    expectSingleError(withRelationship({ id: 'acme_listed' }), 'relationships[0].id', 'acme_listed', /not a valid id/);
  });

  it('requires a relationship id', () => {
    expectSingleError(withRelationship({ id: undefined }), 'relationships[0].id', undefined, /required/);
  });

  it('rejects duplicate relationship ids', () => {
    const doc = documentWith({ relationships: [LISTED, { ...LISTED, since: '2020' }] });
    expectSingleError(doc, 'relationships[1].id', 'acme-listed', /duplicates the id of relationships\[0\]/);
  });

  it('rejects an unknown type', () => {
    expectSingleError(
      withRelationship({ type: 'SANCTIONED_BY' }),
      'relationships[0].type',
      'acme-listed',
      /must be one of LISTED_ON/,
    );
  });

  it('rejects an unknown status', () => {
    expectSingleError(
      withRelationship({ status: 'CONSIDERED' }),
      'relationships[0].status',
      'acme-listed',
      /must be one of ACTIVE, PROPOSED/,
    );
  });

  it.each(['2019-1', '19', '2019-02-29', 'since 2019'])('rejects since %p', (since) => {
    expectSingleError(withRelationship({ since }), 'relationships[0].since', 'acme-listed', /not a date of the form/);
  });

  it('rejects an until before since, and accepts one in the same period', () => {
    expectSingleError(
      withRelationship({ since: '2020-03', until: '2020-02-29' }),
      'relationships[0].until',
      'acme-listed',
      /must not end before since \(2020-03\)/,
    );
    expect(errorsOf(withRelationship({ since: '2020-03-15', until: '2020-03' }))).toEqual([]);
  });

  it('names the relationship and the missing id when an endpoint dangles', () => {
    const errors = errorsOf(withRelationship({ to: 'no-such-list' }));
    expect(errors).toEqual([
      { path: 'relationships[0].to', record: 'acme-listed', message: expect.stringContaining('"no-such-list"') },
    ]);
  });

  it('rejects a relationship from an entity to itself', () => {
    expectSingleError(
      withRelationship({ type: 'COMPETES_WITH', to: 'acme' }),
      'relationships[0].to',
      'acme-listed',
      /must differ/,
    );
  });

  it('rejects endpoint kinds the type does not allow', () => {
    expectSingleError(
      withRelationship({ from: 'article-1' }),
      'relationships[0].type',
      'acme-listed',
      /LISTED_ON cannot link ARTICLE "article-1" to SANCTIONS_LIST "a-list"/,
    );
    expectSingleError(
      withRelationship({ from: 'a-list', to: 'acme' }),
      'relationships[0].type',
      'acme-listed',
      /LISTED_ON cannot link SANCTIONS_LIST "a-list" to COMPANY "acme"/,
    );
  });

  it('checks endpoint kinds of entities known only to the graph', () => {
    const doc = documentWith({ entities: [ARTICLE], relationships: [LISTED] });
    const known = new Map<string, EntityKind>([
      ['acme', 'COMPANY'],
      ['a-list', 'PERSON'],
    ]);
    expect(errorsOf(doc, known)).toEqual([
      {
        path: 'relationships[0].type',
        record: 'acme-listed',
        message: expect.stringMatching(/cannot link COMPANY "acme" to PERSON "a-list"/),
      },
    ]);
  });

  it('rejects unknown relationship fields', () => {
    expectSingleError(withRelationship({ weight: 3 }), 'relationships[0].weight', 'acme-listed', /not a known field/);
  });

  it('rejects a description that is too long', () => {
    expectSingleError(
      withRelationship({ description: 'x'.repeat(LIMITS.maxDescriptionLength + 1) }),
      'relationships[0].description',
      'acme-listed',
      /at most 4000 characters/,
    );
  });
});

describe('validateGraphDocument: evidence', () => {
  const quote = 'Acme was listed in 2019';

  it.each([[[]], [undefined], ['a quote']])('requires a non-empty evidence array, not %p', (evidence) => {
    expectSingleError(withRelationship({ evidence }), 'relationships[0].evidence', 'acme-listed', /non-empty array/);
  });

  it('limits the number of evidence items', () => {
    const evidence = Array.from({ length: LIMITS.maxEvidence + 1 }, () => ({ article: 'article-1', quote }));
    expectSingleError(withRelationship({ evidence }), 'relationships[0].evidence', 'acme-listed', /at most 20 items/);
  });

  it('requires each item to be an object with known fields', () => {
    expectSingleError(
      withRelationship({ evidence: ['article-1'] }),
      'relationships[0].evidence[0]',
      'acme-listed',
      /must be an object/,
    );
    expectSingleError(
      withRelationship({ evidence: [{ article: 'article-1', quote, page: 2 }] }),
      'relationships[0].evidence[0].page',
      'acme-listed',
      /not a known field/,
    );
  });

  it('takes exactly one source per evidence item: an article or a dataset', () => {
    expectSingleError(
      withRelationship({ evidence: [{ article: 'article-1', dataset: 'dataset-x', quote }] }),
      'relationships[0].evidence[0].dataset',
      'acme-listed',
      /either an article or a dataset, not both/,
    );
    expectSingleError(
      withRelationship({ evidence: [{ quote }] }),
      'relationships[0].evidence[0].article',
      'acme-listed',
      /an article \(with a quote\) or a dataset/,
    );
  });

  it('requires the article to exist', () => {
    expectSingleError(
      withRelationship({ evidence: [{ article: 'missing-article', quote }] }),
      'relationships[0].evidence[0].article',
      'acme-listed',
      /"missing-article"/,
    );
  });

  it('requires the article to be an ARTICLE', () => {
    expectSingleError(
      withRelationship({ evidence: [{ article: 'acme', quote }] }),
      'relationships[0].evidence[0].article',
      'acme-listed',
      /a COMPANY, not an ARTICLE/,
    );
  });

  it('rejects an empty quote', () => {
    expectSingleError(
      withRelationship({ evidence: [{ article: 'article-1', quote: '  ' }] }),
      'relationships[0].evidence[0].quote',
      'acme-listed',
      /must not be empty/,
    );
  });

  it('accepts a quote of exactly the word limit and rejects one more word', () => {
    const words = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    expect(
      errorsOf(withRelationship({ evidence: [{ article: 'article-1', quote: words(LIMITS.maxQuoteWords) }] })),
    ).toEqual([]);
    expectSingleError(
      withRelationship({ evidence: [{ article: 'article-1', quote: words(LIMITS.maxQuoteWords + 1) }] }),
      'relationships[0].evidence[0].quote',
      'acme-listed',
      /at most 30 words \(has 31\)/,
    );
  });

  it('rejects a quote over the character limit', () => {
    const long = 'x'.repeat(LIMITS.maxQuoteLength + 1);
    expectSingleError(
      withRelationship({ evidence: [{ article: 'article-1', quote: long }] }),
      'relationships[0].evidence[0].quote',
      'acme-listed',
      /at most 400 characters/,
    );
  });
});

describe('validateGraphDocument: error collection', () => {
  it('reports every problem across records, each naming its record', () => {
    const doc = {
      entities: [ARTICLE, { ...ACME, country: 'cn' }, { ...LIST, id: 'Bad Id' }],
      relationships: [
        { ...LISTED, status: 'MAYBE' },
        { ...LISTED, id: 'second', to: 'ghost', evidence: [{ article: 'article-1', quote: '' }] },
      ],
    };
    const errors = errorsOf(doc);
    expect(errors.map(({ path, record }) => [path, record])).toEqual([
      ['entities[1].country', 'acme'],
      ['entities[2].id', 'Bad Id'],
      ['relationships[0].status', 'acme-listed'],
      ['relationships[0].to', 'acme-listed'],
      ['relationships[1].to', 'second'],
      ['relationships[1].evidence[0].quote', 'second'],
    ]);
  });

  it('reports a reference that is not an id as such, not as a dangling endpoint', () => {
    const doc = documentWith({
      entities: [ARTICLE, ACME, { ...LIST, id: 'A-List' }],
      relationships: [{ ...LISTED, to: 'A-List' }],
    });
    const errors = errorsOf(doc);
    expect(errors.map((e) => e.path)).toEqual(['entities[2].id', 'relationships[0].to']);
    expect(errors[1]?.message).toMatch(/not a valid id/);
  });

  it('reports an entity with a bad kind once, not again as a dangling endpoint', () => {
    const doc = documentWith({ entities: [ARTICLE, { ...ACME, kind: 'FIRM' }, LIST] });
    expect(errorsOf(doc).map((e) => e.path)).toEqual(['entities[1].kind']);
  });

  it('rejects text with an unpaired surrogate (stored as UTF-8 it would silently change), and accepts pairs', () => {
    expectSingleError(withEntity({ name: 'Acme \ud800' }), `${EDITED}.name`, 'acme', /well-formed Unicode/);
    expectSingleError(withEntity({ aliases: ['x\udfffy'] }), `${EDITED}.aliases[0]`, 'acme', /well-formed Unicode/);
    expect(errorsOf(withEntity({ name: 'Acme \ud83d\udcf7' }))).toEqual([]);
  });

  it('checks properties named like Object.prototype members as plain text, without throwing', () => {
    // JSON.parse makes __proto__ an own key; with the kind unknown, such properties reach the value checks.
    const doc = JSON.parse(
      JSON.stringify(documentWith({ entities: [ARTICLE, { ...ACME, kind: 'FIRM' }, LIST], relationships: [] })).replace(
        '"kind":"FIRM"',
        '"kind":"FIRM","__proto__":"x","constructor":"y","hasOwnProperty":"z"',
      ),
    ) as unknown;
    expect(errorsOf(doc)).toEqual([{ path: 'entities[1].kind', record: 'acme', message: expect.any(String) }]);
  });
});

describe('validateGraphDocument: reasons', () => {
  it('says why each problem is one, for importers to count without reading messages', () => {
    const unnamed = withEntity({ name: undefined });
    expect(errorsWithReasons(unnamed).map((error) => error.reason)).toEqual(['missing-property']);
    const badCountry = withEntity({ country: 'CHN' });
    expect(errorsWithReasons(badCountry).map((error) => error.reason)).toEqual(['invalid-value']);
    const dangling = {
      entities: [],
      relationships: [{ id: 'a-b', type: 'COMPETES_WITH', from: 'a', to: 'b', status: 'ACTIVE', evidence: [] }],
    };
    const reasons = errorsWithReasons(dangling).map((error) => `${error.path} ${error.reason}`);
    expect(reasons).toContain('relationships[0].from dangling-reference');
    expect(reasons).toContain('relationships[0].to dangling-reference');
  });
});

describe('validateGraphDocument: FtM statements', () => {
  const statement = { schema: 'Company', id: 'NK-acme.1', properties: { name: ['Acme'], topics: ['Sanction'] } };

  it('keeps an entity’s or a relationship’s FtM statement, its values typed', () => {
    const result = validateGraphDocument(
      documentWith({
        entities: [...ENTITIES.filter((entity) => entity.id !== 'acme'), { ...ACME, ftm: statement }],
        relationships: [{ ...LISTED, ftm: { schema: 'Sanction', properties: { entity: ['acme'] } } }],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.entities.find((entity) => entity.id === 'acme')?.ftm).toEqual({
      ...statement,
      properties: { name: ['Acme'], topics: ['sanction'] },
    });
    expect(result.document.relationships[0].ftm).toEqual({ schema: 'Sanction', properties: { entity: ['acme'] } });
  });

  it.each([
    [{ schema: 'Spaceship', properties: {} }, /not an FtM schema/],
    [{ schema: 'Thing', properties: {} }, /not an FtM schema/],
    [{ schema: 'Company', properties: { birthDate: ['1970'] } }, /"birthDate" is not a property of Company/],
    [{ schema: 'Company', properties: { name: 'Acme' } }, /must be a list of strings/],
    [{ schema: 'Company', id: 'not an id!', properties: {} }, /not a valid FtM id/],
    [{ schema: 'Company', properties: {}, extra: 1 }, /"extra" is not a field/],
    ['Company', /must be an object/],
  ])('reports a bad statement %j at its path', (ftm, message) => {
    expectSingleError(withEntity({ ftm }), `${EDITED}.ftm`, 'acme', message);
  });
});
