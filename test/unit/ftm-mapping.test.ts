import {
  datasetId,
  FTM_EDGE_SCHEMATA,
  FTM_KIND_ROWS,
  FtmFlaw,
  localId,
  namedEntityId,
  propertyEdgeId,
  type FtmImportOptions,
} from '../../src/model/ftm';
import type { EntityRecord, RelationshipRecord } from '../../src/model/graph-document';
import { schemaEdge } from '../../src/model/ftm-schema';
import { edgeAsProperty, entityToFtm, relationshipToFtm } from '../../src/formats/graph-to-ftm';
import { mapFtmEntity } from '../../src/ingest/ftm-to-graph';

const OPTIONS: FtmImportOptions = { today: '2025-01-01', defaultDataset: 'file' };
const map = (line: Record<string, unknown>) => mapFtmEntity(line, OPTIONS);
const node = (schema: string, properties: Record<string, string[]>, extra: Record<string, unknown> = {}) =>
  map({ id: 'n1', schema, properties, ...extra });
const flawOf = (line: unknown): string => {
  try {
    mapFtmEntity(line, OPTIONS);
  } catch (error) {
    if (error instanceof FtmFlaw) return error.reason;
    throw error;
  }
  return 'none';
};

describe('FtM ids', () => {
  it('keeps an FtM id that is a valid id of ours', () => {
    expect(localId('acme-corp')).toBe('acme-corp');
  });
  it('derives a slug plus a hash otherwise, so ids differing in case stay apart', () => {
    expect(localId('Q7747')).toMatch(/^q7747-[0-9a-f]{10}$/);
    expect(localId('Q7747')).not.toBe(localId('q7747'));
    expect(localId('Q7747')).toBe(localId('Q7747'));
  });
  it('keeps the first referents and datasets past the list cap rather than refusing the entity', () => {
    const many = (prefix: string) => Array.from({ length: 53 }, (_, index) => `${prefix}-${index}`);
    const mapped = node('Company', { name: ['Big'] }, { id: 'NK-big', referents: many('r'), datasets: many('d') });
    const [entity] = mapped.entities;
    expect(entity?.['referents']).toHaveLength(50);
    expect((entity?.['referents'] as string[])[0]).toBe('NK-big');
    expect(entity?.['datasets']).toHaveLength(50);
  });

  it('keeps the original FtM id among the referents when it changes', () => {
    const { entities } = map({ id: 'NK-abc.1', schema: 'Company', properties: { name: ['Acme'] } });
    expect(entities[0]).toMatchObject({ id: localId('NK-abc.1'), referents: ['NK-abc.1'] });
  });
});

describe('FtM node schemata → kinds', () => {
  it.each(FTM_KIND_ROWS)('%s becomes %s', (schema, kind) => {
    const properties: Record<string, string[]> =
      schema === 'Document'
        ? { fileName: ['a.pdf'] }
        : schema === 'Identification'
          ? { number: ['X1'], holder: ['p1'] }
          : { name: ['Some name'] };
    expect(node(schema, properties).entities[0].kind).toBe(kind);
  });

  it('puts the first name in name and the others, aliases and weak aliases in aliases', () => {
    const [entity] = node('Person', {
      name: ['Ann Lee', 'Anne Lee'],
      alias: ['A. Lee'],
      weakAlias: ['Annie'],
    }).entities;
    expect(entity).toMatchObject({ name: 'Ann Lee', aliases: ['Anne Lee', 'A. Lee', 'Annie'] });
  });

  it('keeps datasets, referents, first/last seen and sourceUrl as provenance, and creates the datasets', () => {
    const mapped = node(
      'Company',
      { name: ['Acme'], sourceUrl: ['https://example.org/acme'], country: ['us'], sector: ['Anvils'] },
      { datasets: ['us_test'], referents: ['old-1'], first_seen: '2021-03-04T10:00:00', last_seen: '2024-01-02' },
    );
    expect(mapped.entities[0]).toMatchObject({
      country: 'US',
      sector: 'Anvils',
      datasets: ['us_test'],
      referents: ['old-1'],
      firstSeen: '2021-03-04',
      lastSeen: '2024-01-02',
      sourceUrl: 'https://example.org/acme',
    });
    expect(mapped.derived).toEqual([{ id: datasetId('us_test'), kind: 'DATASET', name: 'us_test' }]);
  });

  it('reads an Organization whose programId is its own id as a sanctions list', () => {
    const [list] = map({
      id: 'us-list',
      schema: 'Organization',
      properties: { name: ['US list'], programId: ['us-list'], publisher: ['US Treasury'], website: ['https://x'] },
    }).entities;
    expect(list).toMatchObject({ kind: 'SANCTIONS_LIST', authority: 'US Treasury', url: 'https://x' });
  });

  it('maps Article metadata and keywords to tags', () => {
    const [article] = node('Article', {
      title: ['Headline'],
      sourceUrl: ['https://news'],
      publishedAt: ['2022-05-05T08:00:00'],
      keywords: ['sanctions'],
    }).entities;
    expect(article).toMatchObject({
      kind: 'ARTICLE',
      name: 'Headline',
      title: 'Headline',
      url: 'https://news',
      publishedAt: '2022-05-05',
      tags: ['sanctions'],
    });
  });

  it('turns Territory partOf into a PART_OF edge', () => {
    const mapped = map({ id: 'city', schema: 'Territory', properties: { name: ['City'], partOf: ['land'] } });
    expect(mapped.relationships[0]).toMatchObject({ type: 'PART_OF', from: 'city', to: 'land' });
  });
});

describe('FtM linking properties → edges', () => {
  const event = (properties: Record<string, string[]>) =>
    map({ id: 'ev', schema: 'Event', properties: { name: ['Summit'], ...properties }, datasets: ['ds'] });

  it("turns each Event involved into an INVOLVES edge citing the line's dataset", () => {
    const mapped = event({ involved: ['acme', 'bob', 'acme'] });
    expect(mapped.relationships).toEqual([
      {
        id: propertyEdgeId('ev', 'involved', 'acme'),
        type: 'INVOLVES',
        from: 'ev',
        to: 'acme',
        status: 'ACTIVE',
        evidence: [{ dataset: datasetId('ds') }],
      },
      expect.objectContaining({ type: 'INVOLVES', from: 'ev', to: 'bob' }),
    ]);
  });

  it('turns Event organizer into an ORGANIZED_BY edge', () => {
    expect(event({ organizer: ['club'] }).relationships).toEqual([
      expect.objectContaining({ id: propertyEdgeId('ev', 'organizer', 'club'), type: 'ORGANIZED_BY', to: 'club' }),
    ]);
  });

  it('flags an involved value that is no FtM id', () => {
    expect(flawOf({ id: 'ev', schema: 'Event', properties: { name: ['S'], involved: ['not an id'] } })).toBe(
      'invalid-value',
    );
  });

  it.each(['Article', 'Document'])('turns %s author into AUTHORED_BY a derived PERSON', (schema) => {
    const mapped = map({
      id: 'art',
      schema,
      properties: { title: ['T'], fileName: ['t.pdf'], author: ['Carol Diaz'] },
    });
    const person = namedEntityId('author', 'Carol Diaz');
    expect(mapped.derived).toContainEqual({ id: person, kind: 'PERSON', name: 'Carol Diaz' });
    expect(mapped.relationships).toEqual([
      expect.objectContaining({ id: propertyEdgeId('art', 'author', person), type: 'AUTHORED_BY', to: person }),
    ]);
  });

  it.each(['Article', 'Document'])('turns %s publisher into PUBLISHED_BY a derived ORGANIZATION', (schema) => {
    const mapped = map({
      id: 'art',
      schema,
      properties: { title: ['T'], fileName: ['t.pdf'], publisher: ['Anvil Times'] },
    });
    const publisher = namedEntityId('publisher', 'Anvil Times');
    expect(mapped.derived).toContainEqual({ id: publisher, kind: 'ORGANIZATION', name: 'Anvil Times' });
    expect(mapped.relationships).toEqual([
      expect.objectContaining({
        type: 'PUBLISHED_BY',
        from: 'art',
        to: publisher,
        evidence: [{ dataset: datasetId('file') }],
      }),
    ]);
  });
});

describe('FtM edge schemata → registry types', () => {
  it.each(Object.entries(FTM_EDGE_SCHEMATA))('%s becomes %s', (schema, edge) => {
    const ends = schemaEdge(schema)!;
    const properties = {
      [ends.source]: ['a'],
      [ends.target]: ['b'],
      ...(edge.role ? { [edge.role]: ['some role'] } : {}),
    };
    const { relationships } = map({ id: 'e1', schema, properties, datasets: ['ds'] });
    expect(relationships).toEqual([
      {
        id: 'e1',
        type: edge.type,
        from: 'a',
        to: 'b',
        status: 'ACTIVE',
        ...(edge.role ? { role: 'some role' } : {}),
        evidence: [{ dataset: datasetId('ds') }],
        ftm: { schema, properties },
      },
    ]);
  });

  it('makes an UnknownLink a LINKED_TO edge with its role', () => {
    const [edge] = map({
      id: 'u',
      schema: 'UnknownLink',
      properties: { subject: ['a'], object: ['b'], role: ['x'] },
    }).relationships;
    expect(edge).toMatchObject({ type: 'LINKED_TO', role: 'x', evidence: [{ dataset: datasetId('file') }] });
  });

  it('reads an UnknownLink whose role is one of our types as that type', () => {
    const [edge] = map({
      id: 'u',
      schema: 'UnknownLink',
      properties: { subject: ['a'], object: ['b'], role: ['COMPETES_WITH'] },
    }).relationships;
    expect(edge).toMatchObject({ type: 'COMPETES_WITH' });
    expect(edge.role).toBeUndefined();
  });

  it('sets since/until from the dates and ENDED when endDate is past', () => {
    const [edge] = map({
      id: 'o',
      schema: 'Ownership',
      properties: { owner: ['a'], asset: ['b'], startDate: ['2010-02'], endDate: ['2020'] },
    }).relationships;
    expect(edge).toMatchObject({ since: '2010-02', until: '2020', status: 'ENDED' });
  });

  it('cites proof with its summary as article evidence, and the datasets with url and dates', () => {
    const [edge] = map({
      id: 'o',
      schema: 'Ownership',
      properties: {
        owner: ['a'],
        asset: ['b'],
        proof: ['art'],
        summary: ['Acme owns Beta.'],
        sourceUrl: ['https://s'],
      },
      datasets: ['ds'],
      first_seen: '2020-01-01T00:00:00',
      last_seen: '2024-05-06T00:00:00',
    }).relationships;
    expect(edge.evidence).toEqual([
      { article: 'art', quote: 'Acme owns Beta.' },
      { dataset: datasetId('ds'), url: 'https://s', firstSeen: '2020-01-01', lastSeen: '2024-05-06' },
    ]);
  });
});

describe('FtM Sanction → LISTED_ON', () => {
  const sanction = (properties: Record<string, string[]>) =>
    map({ id: 'sanc-1', schema: 'Sanction', properties: { entity: ['acme'], ...properties }, datasets: ['ds'] });

  it('links the entity to a list derived from programId, keeping the sanction id, ADMINISTERED_BY its authority', () => {
    const mapped = sanction({ programId: ['US-BIS-EL'], program: ['Entity List'], authority: ['US Commerce'] });
    const listId = localId('US-BIS-EL');
    expect(mapped.relationships[0]).toMatchObject({ id: 'sanc-1', type: 'LISTED_ON', from: 'acme', to: listId });
    expect(mapped.derived).toContainEqual({
      id: listId,
      kind: 'SANCTIONS_LIST',
      name: 'Entity List',
      authority: 'US Commerce',
    });
    const government = localId('authority-US Commerce');
    expect(mapped.derived).toContainEqual({ id: government, kind: 'GOVERNMENT', name: 'US Commerce' });
    expect(mapped.derivedRelationships[0]).toMatchObject({ type: 'ADMINISTERED_BY', from: listId, to: government });
  });

  it('derives the list from authority plus program without a programId', () => {
    const mapped = sanction({ program: ['SDN'], authority: ['OFAC'] });
    expect(mapped.relationships[0].to).toBe(localId('OFAC SDN'));
  });

  it('takes since from startDate or listingDate and ends the listing by endDate', () => {
    expect(sanction({ programId: ['p'], listingDate: ['2019-05-16'] }).relationships[0]).toMatchObject({
      since: '2019-05-16',
      status: 'ACTIVE',
    });
    expect(sanction({ programId: ['p'], startDate: ['2019'], endDate: ['2021-01-01'] }).relationships[0]).toMatchObject(
      { since: '2019', until: '2021-01-01', status: 'ENDED' },
    );
  });
});

describe('FtM flaws', () => {
  it.each([
    ['unsupported-schema', { id: 'x', schema: 'Spaceship', properties: { name: ['Boat'] } }],
    ['unsupported-schema', { id: 'x', schema: 'Thing', properties: { name: ['Abstract'] } }],
    ['missing-property', { id: 'x', schema: 'Person', properties: { alias: ['Nameless'] } }],
    ['invalid-value', { id: 'x', schema: 'Person', properties: { name: ['A'], birthDate: ['yesterday'] } }],
    ['invalid-value', { id: 'x', schema: 'Person', properties: { name: ['A'], nationality: ['Atlantis'] } }],
    ['invalid-value', { id: 'x', schema: 'Person', properties: { name: ['A'], topics: ['villain'] } }],
    ['invalid-value', { id: 'x', schema: 'Person', properties: { name: ['A'], spouse: ['b'] } }],
    ['missing-property', { id: 'x', schema: 'Company', properties: {} }],
    ['missing-property', { id: 'x', schema: 'Ownership', properties: { owner: ['a'] } }],
    ['missing-property', { id: 'x', schema: 'Sanction', properties: { entity: ['a'] } }],
    ['invalid-value', { id: 'not valid!', schema: 'Company', properties: { name: ['A'] } }],
    [
      'invalid-value',
      { id: 'x', schema: 'Ownership', properties: { owner: ['a'], asset: ['b'], startDate: ['soon'] } },
    ],
    ['invalid-value', { id: 'x', schema: 'Company', properties: { name: 'A' } }],
    ['invalid-value', 'just text'],
  ])('reports %s', (reason, line) => {
    expect(flawOf(line)).toBe(reason);
  });
});

describe('our graph → FtM', () => {
  const entity = (kind: EntityRecord['kind'], properties: Record<string, string | string[] | null> = {}) => ({
    id: 'x1',
    kind,
    name: 'X',
    aliases: ['Y'],
    description: null,
    country: 'CN',
    properties,
  });

  it.each([
    ['COMPANY', 'Company'],
    ['ORGANIZATION', 'Organization'],
    ['GOVERNMENT', 'PublicBody'],
    ['PERSON', 'Person'],
    ['PLACE', 'Territory'],
    ['POSITION', 'Position'],
    ['EVENT', 'Event'],
    ['ARTICLE', 'Article'],
    ['SANCTIONS_LIST', 'Organization'],
  ] as const)('%s becomes %s', (kind, schema) => {
    expect(entityToFtm(entity(kind))).toMatchObject({
      id: 'x1',
      schema,
      properties: { name: ['X'], alias: ['Y'], country: ['cn'] },
    });
  });

  it('marks a list by its own programId and keeps properties FtM lacks as eg: keywords', () => {
    expect(
      entityToFtm(entity('SANCTIONS_LIST', { authority: 'Gov', url: 'https://l.example' }))?.properties,
    ).toMatchObject({
      programId: ['x1'],
      publisher: ['Gov'],
      website: ['https://l.example'],
    });
    expect(entityToFtm(entity('PLACE', { placeType: 'CITY' }))?.properties['keywords']).toEqual(['eg:placeType=CITY']);
  });

  it('keeps a url FtM would refuse (not a web address) as an eg: keyword, which imports back', () => {
    const urn = 'urn:entity-graph:article:a?b=c';
    const ftm = entityToFtm(entity('ARTICLE', { url: urn, title: 'T' }));
    expect(ftm?.properties['sourceUrl']).toBeUndefined();
    expect(ftm?.properties['keywords']).toEqual([`eg:url=${urn}`]);
    expect(mapFtmEntity(ftm, OPTIONS).entities[0]).toMatchObject({ url: urn });
    const web = entityToFtm(entity('ARTICLE', { url: 'https://news.example/a' }));
    expect(web?.properties['sourceUrl']).toEqual(['https://news.example/a']);
  });

  it('exports no DATASET entity: datasets travel by name', () => {
    expect(entityToFtm(entity('DATASET'))).toBeUndefined();
  });

  const edge = (type: RelationshipRecord['type'], extra: Partial<RelationshipRecord> = {}) => ({
    id: 'r1',
    type,
    from: 'a',
    to: 'b',
    status: 'ACTIVE' as const,
    since: '2019',
    until: null,
    description: null,
    evidence: [{ article: 'art', quote: 'A and B.' }],
    ...extra,
  });
  const context = { datasetNames: new Map([[datasetId('us_ds'), 'us_ds']]) };

  it('writes LISTED_ON as a Sanction naming its list by programId', () => {
    expect(relationshipToFtm(edge('LISTED_ON'), context)).toEqual({
      id: 'r1',
      schema: 'Sanction',
      properties: {
        entity: ['a'],
        programId: ['b'],
        status: ['ACTIVE'],
        startDate: ['2019'],
        proof: ['art'],
        summary: ['A and B.'],
      },
    });
  });

  it.each(Object.entries(FTM_EDGE_SCHEMATA))('writes %s from its registry type', (schema, shape) => {
    const ftm = relationshipToFtm(edge(shape.type, { role: 'r' }), context);
    const role = shape.role === undefined ? {} : { [shape.role]: ['r'] };
    const ends = schemaEdge(schema)!;
    expect(ftm).toMatchObject({ schema, properties: { [ends.source]: ['a'], [ends.target]: ['b'], ...role } });
  });

  it('writes a type without an FtM equivalent as an UnknownLink with our type as role', () => {
    expect(relationshipToFtm(edge('COMPETES_WITH'), context)).toMatchObject({
      schema: 'UnknownLink',
      properties: { subject: ['a'], object: ['b'], role: ['COMPETES_WITH'] },
    });
  });

  it('writes dataset evidence to datasets, sourceUrl and first/last seen', () => {
    const ftm = relationshipToFtm(
      edge('OWNS', {
        evidence: [{ dataset: datasetId('us_ds'), url: 'https://s', firstSeen: '2020-01-01', lastSeen: '2024' }],
      }),
      context,
    );
    expect(ftm).toMatchObject({
      datasets: ['us_ds'],
      first_seen: '2020-01-01',
      last_seen: '2024',
      properties: { sourceUrl: ['https://s'] },
    });
  });

  describe('edges a linking property implies go back to it', () => {
    const entities = new Map([
      ['ev', { kind: 'EVENT' as const, name: 'Summit' }],
      ['art', { kind: 'ARTICLE' as const, name: 'T' }],
      ['acme', { kind: 'COMPANY' as const, name: 'Acme' }],
      [namedEntityId('author', 'Carol Diaz'), { kind: 'PERSON' as const, name: 'Carol Diaz' }],
      [namedEntityId('publisher', 'Anvil Times'), { kind: 'ORGANIZATION' as const, name: 'Anvil Times' }],
    ]);
    const implied = (type: RelationshipRecord['type'], from: string, property: string, to: string) => ({
      ...edge(type, { id: propertyEdgeId(from, property, to), from, to, evidence: [] }),
      since: null,
    });

    it.each([
      ['INVOLVES', 'ev', 'involved', 'acme', 'acme'],
      ['ORGANIZED_BY', 'ev', 'organizer', 'acme', 'acme'],
      ['AUTHORED_BY', 'art', 'author', namedEntityId('author', 'Carol Diaz'), 'Carol Diaz'],
      ['PUBLISHED_BY', 'art', 'publisher', namedEntityId('publisher', 'Anvil Times'), 'Anvil Times'],
    ] as const)('%s → %s.%s', (type, from, property, to, value) => {
      expect(edgeAsProperty(implied(type, from, property, to), entities)).toEqual({ owner: from, property, value });
    });

    it('keeps an edge of its own (other id, dates) as an edge entity', () => {
      expect(edgeAsProperty(edge('INVOLVES', { from: 'ev', to: 'acme' }), entities)).toBeUndefined();
      const dated = { ...implied('INVOLVES', 'ev', 'involved', 'acme'), since: '2020' };
      expect(edgeAsProperty(dated, entities)).toBeUndefined();
      expect(relationshipToFtm(dated, context)).toMatchObject({
        schema: 'UnknownLink',
        properties: { role: ['INVOLVES'] },
      });
    });

    it('writes the links into the entity', () => {
      expect(entityToFtm(entity('EVENT'), { involved: ['acme'] })?.properties).toMatchObject({ involved: ['acme'] });
    });
  });
});
