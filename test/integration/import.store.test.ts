import { emptyImportCounts } from '../../src/store/import-counts';
import { ConflictError, InvalidInputError } from '../../src/model/errors';
import type { GraphDocument } from '../../src/model/graph-document';
import { importDocument, importGraphDocument, isGraphEmpty, type ImportCounts } from '../../src/store/import.store';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';

const prefix = uniquePrefix('import');
const id = (name: string): string => `${prefix}-${name}`;

const ARTICLE = id('article');
const ACME = id('acme');
const GLOBEX = id('globex');
const LIST = id('list');
const GOV = id('gov');
const evidence = (quote: string) => [{ article: ARTICLE, quote }];

type RawDocument = { entities: Record<string, unknown>[]; relationships: Record<string, unknown>[] };

function baseDocument(): RawDocument {
  return {
    entities: [
      {
        id: ARTICLE,
        kind: 'ARTICLE',
        name: 'Acme listed',
        title: 'Acme listed',
        publishedAt: '2022-05-05',
        tags: ['Acme'],
      },
      { id: ACME, kind: 'COMPANY', name: 'Acme', aliases: ['Acme Corp'], country: 'US', sector: 'Anvils' },
      { id: GLOBEX, kind: 'COMPANY', name: 'Globex' },
      { id: LIST, kind: 'SANCTIONS_LIST', name: 'Test list' },
      { id: GOV, kind: 'GOVERNMENT', name: 'Test government' },
    ],
    relationships: [
      {
        id: id('acme-listed'),
        type: 'LISTED_ON',
        from: ACME,
        to: LIST,
        status: 'ACTIVE',
        since: '2019',
        evidence: evidence('Acme has been on the list since 2019'),
      },
      {
        id: id('acme-competes-globex'),
        type: 'COMPETES_WITH',
        from: ACME,
        to: GLOBEX,
        status: 'ACTIVE',
        evidence: evidence('rivals such as Globex'),
      },
      {
        id: id('list-administered'),
        type: 'ADMINISTERED_BY',
        from: LIST,
        to: GOV,
        status: 'ACTIVE',
        evidence: evidence('the list kept by the government'),
      },
    ],
  };
}

const counts = (partial: Partial<ImportCounts>): ImportCounts => ({ ...emptyImportCounts(), ...partial });

describe('import.store', () => {
  let db: TestDb;

  /** Everything this file wrote: nodes with labels and properties, relationships with endpoints. */
  async function snapshot(): Promise<unknown> {
    const [row] = await db.runner.read(
      `RETURN
         COLLECT { MATCH (e:Entity) WHERE e.id STARTS WITH $prefix
                   RETURN {labels: labels(e), props: properties(e)} AS node ORDER BY e.id } AS nodes,
         COLLECT { MATCH (a:Entity)-[r]-(b:Entity) WHERE a.id STARTS WITH $prefix AND startNode(r) = a
                   RETURN {type: type(r), from: a.id, to: b.id, props: properties(r)} AS edge ORDER BY r.id } AS edges`,
      { prefix },
    );
    return row;
  }

  async function rejection(work: Promise<unknown>): Promise<InvalidInputError> {
    const error: unknown = await work.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }

  beforeAll(async () => (db = await connectTestDb()));
  afterAll(() => db.close());

  it('imports a new document, storing the record layout, and reports what it created', async () => {
    const result = await importGraphDocument(db.runner, baseDocument());
    expect(result).toEqual(counts({ entitiesCreated: 5, relationshipsCreated: 3 }));

    const [acme] = await db.runner.read<{ labels: string[]; props: Record<string, unknown> }>(
      'MATCH (e:Entity {id: $id}) RETURN labels(e) AS labels, properties(e) AS props',
      { id: ACME },
    );
    expect(acme.labels.sort()).toEqual(['Company', 'Entity']);
    expect(acme.props).toEqual({
      id: ACME,
      kind: 'COMPANY',
      name: 'Acme',
      nameKey: 'acme',
      // The keys match() finds it by; "Corp" is a legal form, so the alias adds none.
      matchKeys: 'acme ph_akm cn_acme',
      aliases: ['Acme Corp'],
      aliasText: 'Acme Corp',
      country: 'US',
      sector: 'Anvils',
      // The exposure index: Acme is listed itself.
      listedWithin: 0,
    });
    const [listed] = await db.runner.read<{ type: string; from: string; to: string; props: Record<string, unknown> }>(
      `MATCH (a)-[r:LISTED_ON {id: $id}]->(b) RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props`,
      { id: id('acme-listed') },
    );
    expect(listed).toEqual({
      type: 'LISTED_ON',
      from: ACME,
      to: LIST,
      props: {
        id: id('acme-listed'),
        status: 'ACTIVE',
        since: '2019',
        validFrom: '2019-01-01',
        evidenceArticles: [ARTICLE],
        evidenceQuotes: ['Acme has been on the list since 2019'],
        // Endpoint ids, for the per-type (endpoint id, id) indexes that page hubs.
        fromId: ACME,
        toId: LIST,
      },
    });
    expect(await isGraphEmpty(db.runner)).toBe(false);
  });

  it('changes nothing when the same document is imported again', async () => {
    const before = await snapshot();
    expect(await importGraphDocument(db.runner, baseDocument())).toEqual(
      counts({ entitiesUnchanged: 5, relationshipsUnchanged: 3 }),
    );
    expect(await snapshot()).toEqual(before);
  });

  it('counts a changed property as one update and removes a property the document drops', async () => {
    const doc = baseDocument();
    doc.entities[1] = { ...doc.entities[1], description: 'Maker of anvils' };
    delete doc.entities[1].sector;
    doc.relationships[0] = { ...doc.relationships[0], status: 'ENDED', until: '2021-06' };
    expect(await importGraphDocument(db.runner, doc)).toEqual(
      counts({ entitiesUpdated: 1, entitiesUnchanged: 4, relationshipsUpdated: 1, relationshipsUnchanged: 2 }),
    );
    const [row] = await db.runner.read<{ entity: Record<string, unknown>; edge: Record<string, unknown> }>(
      `MATCH (e:Entity {id: $entity}) MATCH ()-[r:LISTED_ON {id: $edge}]->()
       RETURN properties(e) AS entity, properties(r) AS edge`,
      { entity: ACME, edge: id('acme-listed') },
    );
    expect(row.entity).toMatchObject({ description: 'Maker of anvils' });
    expect(row.entity).not.toHaveProperty('sector');
    expect(row.edge).toMatchObject({ status: 'ENDED', until: '2021-06', validTo: '2021-06-30' });

    // Back to the base document: both records update again, nothing else moves.
    expect(await importGraphDocument(db.runner, baseDocument())).toEqual(
      counts({ entitiesUpdated: 1, entitiesUnchanged: 4, relationshipsUpdated: 1, relationshipsUnchanged: 2 }),
    );
  });

  it('stores a symmetric relationship once: the same id reversed is the same edge', async () => {
    const doc = baseDocument();
    doc.relationships[1] = { ...doc.relationships[1], from: GLOBEX, to: ACME };
    expect(await importGraphDocument(db.runner, doc)).toEqual(
      counts({ entitiesUnchanged: 5, relationshipsUnchanged: 3 }),
    );
    const edges = await db.runner.read<{ from: string; to: string }>(
      `MATCH (a:Entity {id: $acme})-[r:COMPETES_WITH]-(b:Entity {id: $globex})
       RETURN startNode(r).id AS from, endNode(r).id AS to`,
      { acme: ACME, globex: GLOBEX },
    );
    expect(edges).toEqual([{ from: ACME, to: GLOBEX }]);
  });

  it('rejects a symmetric fact stated again under another id, from the graph or within the document', async () => {
    const before = await snapshot();
    const restated = {
      id: id('globex-competes-acme'),
      type: 'COMPETES_WITH',
      from: GLOBEX,
      to: ACME,
      status: 'ACTIVE',
      evidence: evidence('Globex competes with Acme'),
    };
    const againstGraph = await rejection(importGraphDocument(db.runner, { entities: [], relationships: [restated] }));
    expect(againstGraph).toBeInstanceOf(ConflictError);
    expect(againstGraph.details).toEqual([expect.objectContaining({ path: 'relationships[0]', record: restated.id })]);
    expect(againstGraph.details?.[0].message).toContain(id('acme-competes-globex'));

    const fresh = { id: id('initech'), kind: 'COMPANY', name: 'Initech' };
    const twice = [
      { ...restated, id: id('initech-competes-globex'), from: fresh.id, to: GLOBEX },
      { ...restated, id: id('globex-competes-initech'), from: GLOBEX, to: fresh.id },
    ];
    const withinDocument = await rejection(importGraphDocument(db.runner, { entities: [fresh], relationships: twice }));
    expect(withinDocument).not.toBeInstanceOf(ConflictError);
    expect(withinDocument.details).toEqual([
      expect.objectContaining({ path: 'relationships[1]', record: id('globex-competes-initech') }),
    ]);
    expect(await snapshot()).toEqual(before);
  });

  describe('rejects a bad document, naming the record, and writes nothing', () => {
    const newcomer = () => ({ id: id('newcomer'), kind: 'COMPANY', name: 'Newcomer' });
    const newEdge = (overrides: Record<string, unknown> = {}) => ({
      id: id('newcomer-listed'),
      type: 'LISTED_ON',
      from: id('newcomer'),
      to: LIST,
      status: 'PROPOSED',
      evidence: evidence('Newcomer may be listed'),
      ...overrides,
    });
    // A clash with the graph is a ConflictError (CONFLICT); a mistake in the document is not.
    const cases: { name: string; doc: () => RawDocument; path: string; record: string; conflict?: true }[] = [
      {
        name: 'an unknown kind',
        doc: () => ({ entities: [newcomer(), { id: id('ufo'), kind: 'SPACESHIP', name: 'UFO' }], relationships: [] }),
        path: 'entities[1].kind',
        record: id('ufo'),
      },
      {
        name: 'an unknown relationship type',
        doc: () => ({ entities: [newcomer()], relationships: [newEdge({ type: 'ADMIRES' })] }),
        path: 'relationships[0].type',
        record: id('newcomer-listed'),
      },
      {
        name: 'a dangling endpoint (in neither the document nor the graph)',
        doc: () => ({ entities: [newcomer()], relationships: [newEdge({ to: id('nowhere') })] }),
        path: 'relationships[0].to',
        record: id('newcomer-listed'),
      },
      {
        name: 'a missing quote',
        doc: () => ({ entities: [newcomer()], relationships: [newEdge({ evidence: [{ article: ARTICLE }] })] }),
        path: 'relationships[0].evidence[0].quote',
        record: id('newcomer-listed'),
      },
      {
        name: 'a bad date',
        doc: () => ({ entities: [newcomer()], relationships: [newEdge({ since: '2019-13' })] }),
        path: 'relationships[0].since',
        record: id('newcomer-listed'),
      },
      {
        name: 'an endpoint whose kind in the graph the type does not allow',
        doc: () => ({ entities: [newcomer()], relationships: [newEdge({ to: GLOBEX })] }),
        path: 'relationships[0].type',
        record: id('newcomer-listed'),
      },
      {
        name: 'an entity whose kind clashes with the node already in the graph',
        doc: () => ({
          entities: [newcomer(), { id: GLOBEX, kind: 'PERSON', name: 'Globex' }],
          relationships: [newEdge()],
        }),
        path: 'entities[1].kind',
        record: GLOBEX,
        conflict: true,
      },
      {
        name: 'a relationship id already used by another type',
        doc: () => ({
          entities: [newcomer()],
          relationships: [newEdge(), newEdge({ id: id('acme-listed'), type: 'SUPPLIES', from: ACME, to: GLOBEX })],
        }),
        path: 'relationships[1].id',
        record: id('acme-listed'),
        conflict: true,
      },
      {
        name: 'a relationship id already used between other endpoints',
        doc: () => ({ entities: [newcomer()], relationships: [newEdge({ id: id('acme-listed') })] }),
        path: 'relationships[0].id',
        record: id('acme-listed'),
        conflict: true,
      },
    ];

    it.each(cases)('$name', async ({ doc, path, record, conflict }) => {
      const before = await snapshot();
      const error = await rejection(importGraphDocument(db.runner, doc()));
      expect(error instanceof ConflictError).toBe(conflict === true);
      expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path, record })]));
      expect(error.message).toContain(record);
      expect(await snapshot()).toEqual(before);
    });
  });

  it('lets endpoints and evidence refer to entities already in the graph', async () => {
    const doc = {
      entities: [{ id: id('umbrella'), kind: 'COMPANY', name: 'Umbrella' }],
      relationships: [
        {
          id: id('umbrella-listed'),
          type: 'LISTED_ON',
          from: id('umbrella'),
          to: LIST,
          status: 'ALLEGED',
          evidence: evidence('Umbrella is said to be listed'),
        },
      ],
    };
    expect(await importGraphDocument(db.runner, doc)).toEqual(counts({ entitiesCreated: 1, relationshipsCreated: 1 }));
  });

  it('rolls everything back when a later batch fails', async () => {
    const before = await snapshot();
    const entities = ['b1', 'b2', 'b3', 'b4'].map((name) => ({ id: id(name), kind: 'COMPANY' as const, name }));
    const relationship = (name: string, to: string) => ({
      id: id(name),
      type: 'COMPETES_WITH' as const,
      from: id('b1'),
      to,
      status: 'ACTIVE' as const,
      evidence: [{ article: ARTICLE, quote: 'rivals' }],
    });
    // importDocument trusts its input (importGraphDocument validates), so an endpoint missing
    // from the graph is only found when the third single-row batch of relationships runs.
    const doc: GraphDocument = {
      entities,
      relationships: [
        relationship('b1-b2', id('b2')),
        relationship('b1-b3', id('b3')),
        relationship('b1-gone', id('gone')),
      ],
    };
    const error = await rejection(db.runner.write((tx) => importDocument(tx, doc, { batchSize: 1 })));
    expect(error.details).toEqual([expect.objectContaining({ path: 'relationships[2]', record: id('b1-gone') })]);
    expect(await snapshot()).toEqual(before);

    // And an error after importDocument succeeded (any later step of the caller) undoes it too.
    const valid: GraphDocument = { entities, relationships: doc.relationships.slice(0, 2) };
    await expect(
      db.runner.write(async (tx) => {
        expect(await importDocument(tx, valid, { batchSize: 1 })).toEqual(
          counts({ entitiesCreated: 4, relationshipsCreated: 2 }),
        );
        throw new Error('the caller failed after importing');
      }),
    ).rejects.toThrow('the caller failed after importing');
    expect(await snapshot()).toEqual(before);
  });

  it('makes the same number of round trips whatever the document size', async () => {
    const documentOf = (name: string, size: number) => ({
      entities: Array.from({ length: size }, (_, index) => ({
        id: id(`${name}-${index}`),
        kind: 'COMPANY',
        name: `${name} ${index}`,
      })),
      relationships: Array.from({ length: size - 1 }, (_, index) => ({
        id: id(`${name}-${index}-listed`),
        type: 'LISTED_ON',
        from: id(`${name}-${index}`),
        to: LIST,
        status: 'ACTIVE',
        evidence: evidence('listed'),
      })),
    });
    const roundTrips = async (doc: unknown): Promise<number> => {
      const before = db.runner.queryCount;
      await importGraphDocument(db.runner, doc);
      return db.runner.queryCount - before;
    };
    const small = await roundTrips(documentOf('small', 2));
    const large = await roundTrips(documentOf('large', 300));
    // Look up LIST and ARTICLE, lock, upsert entities, read which relationship types the graph
    // holds, check relationship ids among them, write relationships, lower the exposure index
    // (the listed entities, their neighbours' and the edges' endpoints' listed neighbours, the edges'
    // endpoints, one round outwards: a list is a barrier), record changes.
    expect(small).toBe(12);
    expect(large).toBe(small);
  });
});
