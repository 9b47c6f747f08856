import type { Service } from '../../src/http/service';
import { graphql, startTestService } from '../support/service';
import { uniquePrefix } from '../support/neo4j';

const EDITOR = { authorization: 'Bearer editor-key' };
const READER = { authorization: 'Bearer reader-key' };

describe('GraphQL mutations', () => {
  let service: Service;
  const p = uniquePrefix('write');
  const article = `${p}-article`;

  beforeAll(async () => {
    service = await startTestService({ env: { API_KEYS: 'editor-key:editor,reader-key:reader' } });
  });
  afterAll(async () => {
    await service.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p DETACH DELETE e', { p }));
    await service.close();
  });

  const count = async (): Promise<{ nodes: number; rels: number }> => {
    const [row] = await service.runner.read<{ nodes: number; rels: number }>(
      `MATCH (e:Entity) WHERE e.id STARTS WITH $p
       RETURN count(e) AS nodes, COUNT { MATCH (x:Entity)-[r]->() WHERE x.id STARTS WITH $p } AS rels`,
      { p },
    );
    return row;
  };

  const INGEST = `mutation($input: IngestInput!) { ingest(input: $input) {
    entitiesCreated entitiesUpdated entitiesUnchanged relationshipsCreated relationshipsUpdated relationshipsUnchanged
    article { id title } } }`;
  const ingestInput = () => ({
    article: { id: article, kind: 'ARTICLE', name: 'Test article', title: 'Acme listed', publishedAt: '2024-03-01' },
    entities: [
      { id: `${p}-acme`, kind: 'COMPANY', name: 'Acme Corp', country: 'US', sector: 'Widgets' },
      { id: `${p}-list`, kind: 'SANCTIONS_LIST', name: 'Test List' },
    ],
    relationships: [
      {
        id: `${p}-acme-listed`,
        type: 'LISTED_ON',
        from: `${p}-acme`,
        to: `${p}-list`,
        status: 'ACTIVE',
        since: '2024-02',
        evidence: [{ quote: 'Acme was added to the list in February.' }],
      },
    ],
  });

  it('ingests an article with its entities and relationships, idempotently', async () => {
    const first = await graphql<{ ingest: Record<string, unknown> }>(service, INGEST, { input: ingestInput() }, EDITOR);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data!.ingest).toMatchObject({
      entitiesCreated: 3,
      relationshipsCreated: 1,
      article: { id: article },
    });
    const again = await graphql<{ ingest: Record<string, unknown> }>(service, INGEST, { input: ingestInput() }, EDITOR);
    expect(again.body.data!.ingest).toMatchObject({
      entitiesCreated: 0,
      entitiesUpdated: 0,
      relationshipsCreated: 0,
      relationshipsUpdated: 0,
    });
    const listed = await graphql<{ relationship: { evidence: { article: { id: string }; quote: string }[] } }>(
      service,
      `{ relationship(id: "${p}-acme-listed") { evidence { article { id } quote } } }`,
    );
    expect(listed.body.data!.relationship.evidence).toEqual([
      { article: { id: article }, quote: 'Acme was added to the list in February.' },
    ]);
  });

  it('upserts an entity and a relationship, and deletes them', async () => {
    const upsert = await graphql<{ upsertEntity: { id: string; name: string; sector: string } }>(
      service,
      `mutation { upsertEntity(input: { id: "${p}-beta", kind: COMPANY, name: "Beta", sector: "Cameras" }) {
         id name ... on Company { sector } } }`,
      {},
      EDITOR,
    );
    expect(upsert.body.errors).toBeUndefined();
    expect(upsert.body.data!.upsertEntity).toEqual({ id: `${p}-beta`, name: 'Beta', sector: 'Cameras' });
    const renamed = await graphql<{ upsertEntity: { name: string } }>(
      service,
      `mutation { upsertEntity(input: { id: "${p}-beta", kind: COMPANY, name: "Beta Ltd" }) { name } }`,
      {},
      EDITOR,
    );
    expect(renamed.body.data!.upsertEntity.name).toBe('Beta Ltd');

    const rel = await graphql<{ upsertRelationship: { id: string; symmetric: boolean; from: { id: string } } }>(
      service,
      `
        mutation ($input: RelationshipInput!) {
          upsertRelationship(input: $input) {
            id
            symmetric
            from {
              id
            }
          }
        }
      `,
      {
        input: {
          id: `${p}-beta-competes-acme`,
          type: 'COMPETES_WITH',
          from: `${p}-beta`,
          to: `${p}-acme`,
          status: 'ACTIVE',
          evidence: [{ article, quote: 'Beta competes with Acme.' }],
        },
      },
      EDITOR,
    );
    expect(rel.body.errors).toBeUndefined();
    expect(rel.body.data!.upsertRelationship).toMatchObject({ symmetric: true, from: { id: `${p}-beta` } });

    const deleted = await graphql<{ deleteEntities: { entitiesDeleted: number; relationshipsDeleted: number } }>(
      service,
      `mutation { deleteEntities(ids: ["${p}-beta"]) { entitiesDeleted relationshipsDeleted } }`,
      {},
      EDITOR,
    );
    expect(deleted.body.data!.deleteEntities).toEqual({ entitiesDeleted: 1, relationshipsDeleted: 1 });
    const gone = await graphql<{ deleteEntity: boolean }>(
      service,
      `mutation { deleteEntity(id: "${p}-beta") }`,
      {},
      EDITOR,
    );
    expect(gone.body.data!.deleteEntity).toBe(false);
  });

  it.each([
    ['no key', {}, 'UNAUTHENTICATED'],
    ['an unknown key', { authorization: 'Bearer wrong' }, 'UNAUTHENTICATED'],
    ['a reader key', READER, 'FORBIDDEN'],
  ])('refuses writes with %s, writing nothing', async (_name, headers, code) => {
    const before = await count();
    const response = await graphql(
      service,
      `mutation { upsertEntity(input: { id: "${p}-intruder", kind: COMPANY, name: "Intruder" }) { id } }`,
      {},
      headers,
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(await count()).toEqual(before);
  });

  it('lets readers and anonymous callers read', async () => {
    const response = await graphql(service, `{ entity(id: "${p}-acme") { id } }`, {}, READER);
    expect(response.body.errors).toBeUndefined();
  });

  it.each([
    ['an unknown endpoint', { from: `${p}-nobody` }, /nobody/],
    ['a missing quote', { evidence: [{ article: `${p}-article`, quote: '' }] }, /quote/],
    ['a bad date', { since: '2024-13' }, /since/],
    ['endpoint kinds the type does not allow', { type: 'COMPETES_WITH', to: `${p}-list` }, /COMPETES_WITH|kind/],
    ['an over-long quote', { evidence: [{ article: `${p}-article`, quote: 'word '.repeat(40) }] }, /quote/],
  ])('rejects a relationship with %s as BAD_USER_INPUT and writes nothing', async (_name, change, message) => {
    const before = await count();
    const input = {
      id: `${p}-bad-rel`,
      type: 'LISTED_ON',
      from: `${p}-acme`,
      to: `${p}-list`,
      status: 'ACTIVE',
      evidence: [{ article, quote: 'A quote.' }],
      ...change,
    };
    const response = await graphql(
      service,
      'mutation($input: RelationshipInput!) { upsertRelationship(input: $input) { id } }',
      { input },
      EDITOR,
    );
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toMatch(message);
    expect(await count()).toEqual(before);
  });

  describe('dataset evidence', () => {
    const dataset = `${p}-dataset`;
    const datasetInput = (evidence: Record<string, unknown>[]) => ({
      article: { id: `${p}-article-ds`, kind: 'ARTICLE', name: 'Registry extract', title: 'Registry extract' },
      entities: [
        { id: dataset, kind: 'DATASET', name: 'test_registry', url: 'https://registry.example' },
        { id: `${p}-owner`, kind: 'PERSON', name: 'Olga Owner' },
        { id: `${p}-acme`, kind: 'COMPANY', name: 'Acme Corp', country: 'US', sector: 'Widgets' },
      ],
      relationships: [
        { id: `${p}-owns`, type: 'OWNS', from: `${p}-owner`, to: `${p}-acme`, status: 'ACTIVE', evidence },
      ],
    });
    const errorOf = (response: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) =>
      response.body.errors?.[0]?.extensions;

    it('ingests a relationship that cites a dataset, and reads back which source says so', async () => {
      const evidence = [
        {
          dataset,
          sourceUrl: 'https://registry.example/acme',
          firstSeen: '2023-01-02',
          lastSeen: '2024-06',
        },
        { quote: 'Olga owns Acme, the registry shows.' },
      ];
      const response = await graphql(service, INGEST, { input: datasetInput(evidence) }, EDITOR);
      expect(response.body.errors).toBeUndefined();
      const read = await graphql<{ relationship: { evidence: Record<string, unknown>[] } }>(
        service,
        `{ relationship(id: "${p}-owns") { evidence {
           source { __typename id } article { id } dataset { id name } quote sourceUrl firstSeen lastSeen } } }`,
      );
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data!.relationship.evidence).toEqual([
        {
          source: { __typename: 'Dataset', id: dataset },
          article: null,
          dataset: { id: dataset, name: 'test_registry' },
          quote: null,
          sourceUrl: 'https://registry.example/acme',
          firstSeen: '2023-01-02',
          lastSeen: '2024-06',
        },
        {
          source: { __typename: 'Article', id: `${p}-article-ds` },
          article: { id: `${p}-article-ds` },
          dataset: null,
          quote: 'Olga owns Acme, the registry shows.',
          sourceUrl: null,
          firstSeen: null,
          lastSeen: null,
        },
      ]);
    });

    it.each([
      ['both an article and a dataset', { article: `${p}-article`, dataset: `${p}-dataset`, quote: 'Q.' }, 'dataset'],
      [
        'an article with a dataset field',
        { article: `${p}-article`, quote: 'Q.', sourceUrl: 'https://x' },
        'sourceUrl',
      ],
      ['an article without a quote', { article: `${p}-article` }, 'quote'],
      ['a dataset that is no DATASET', { dataset: `${p}-acme` }, 'dataset'],
      ['a dataset with a bad date', { dataset: `${p}-dataset`, firstSeen: 'last year' }, 'firstSeen'],
    ])('refuses %s (BAD_USER_INPUT naming the field)', async (_what, evidence, field) => {
      const before = await count();
      const response = await graphql(service, INGEST, { input: datasetInput([evidence]) }, EDITOR);
      expect(errorOf(response)).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: [expect.objectContaining({ path: `relationships[0].evidence[0].${field}` })],
      });
      expect(await count()).toEqual(before);
    });

    it('refuses evidence citing neither an article nor a dataset outside ingest', async () => {
      const response = await graphql(
        service,
        `mutation { upsertRelationship(input: { id: "${p}-owns", type: OWNS, from: "${p}-owner", to: "${p}-acme",
           status: ACTIVE, evidence: [{ sourceUrl: "https://x" }] }) { id } }`,
        {},
        EDITOR,
      );
      expect(errorOf(response)).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: [expect.objectContaining({ path: 'relationships[0].evidence[0].article' })],
      });
    });
  });

  it('rolls back a whole ingest when one record is bad', async () => {
    const before = await count();
    const input = ingestInput();
    input.entities.push({ id: `${p}-gamma`, kind: 'COMPANY', name: 'Gamma', country: 'usa' } as never);
    input.article.id = `${p}-article-2`;
    const response = await graphql(service, INGEST, { input }, EDITOR);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(response.body.errors?.[0]?.extensions)).toMatch(`${p}-gamma`);
    expect(await count()).toEqual(before);
  });

  it('rejects an entity id that is not a slug (BAD_USER_INPUT) and a kind change of an existing entity (CONFLICT)', async () => {
    const badId = await graphql(
      service,
      'mutation { upsertEntity(input: { id: "Not A Slug!", kind: COMPANY, name: "X" }) { id } }',
      {},
      EDITOR,
    );
    expect(badId.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const clash = await graphql(
      service,
      `mutation { upsertEntity(input: { id: "${p}-acme", kind: PERSON, name: "Acme" }) { id } }`,
      {},
      EDITOR,
    );
    expect(clash.body.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'entities[0].kind', record: `${p}-acme` })],
    });
  });
});
