import type { Service } from '../../src/http/service';
import { importGraphDocument } from '../../src/store/import.store';
import { uniquePrefix } from '../support/neo4j';
import { graphql, startTestService } from '../support/service';

/*
 * `extract` through the API against a real Neo4j: a stored company is linked by the matcher's
 * index, a new one is proposed with a guessed kind, nothing is written until the draft goes to
 * `ingest`, and bad input is refused. Names carry random letters so other files' data never match.
 */

const p = uniquePrefix('extract');
const letters = (n: number) =>
  Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
const stored = `Zorv${letters(6)} Dynamics`;
const fresh = `Quel${letters(6)} Robotics`;
const EDITOR = { authorization: 'Bearer editor-key' };

const EXTRACT = `query ($article: ArticleInput!, $text: String!) {
  extract(article: $article, text: $text) {
    articleId
    mentions { text offset length kind entity { id } candidates { entity { id } score match } proposed { id } }
    entities { id name kind kindGuessed mentions entity { id } }
    relationships { id type from { id name } to { id name } status since quote offset cue }
    draft } }`;

type Extracted = {
  extract: {
    articleId: string;
    mentions: {
      text: string;
      offset: number;
      length: number;
      entity: { id: string } | null;
      candidates: { score: number }[];
    }[];
    entities: { id: string; name: string; kindGuessed: boolean; entity: { id: string } | null }[];
    relationships: {
      type: string;
      from: { id: string };
      to: { id: string };
      quote: string;
      offset: number | null;
      since: string | null;
    }[];
    draft: Record<string, unknown>;
  };
};

describe('extract', () => {
  let service: Service;
  const text = `${stored} was added to the Entity List in 2021. Overseas, the company competes against ${fresh}.`;
  const article = { id: `${p}-article`, title: `${p} report`, publishedAt: '2024-05-01', publisher: `${p} Ledger` };

  beforeAll(async () => {
    service = await startTestService({ env: { API_KEYS: 'editor-key:editor' } });
    await importGraphDocument(service.runner, {
      entities: [
        { id: `${p}-placeholder`, kind: 'ARTICLE', name: 'placeholder', title: 'placeholder' },
        { id: `${p}-stored`, kind: 'COMPANY', name: stored, country: 'DE' },
      ],
      relationships: [],
    });
  });
  afterAll(async () => {
    await service.close();
  });

  it('links stored names, proposes new ones and their links, and writes nothing until the draft is ingested', async () => {
    const count = async () =>
      (
        await service.runner.read<{ n: number }>('MATCH (e:Entity) WHERE e.id STARTS WITH $p RETURN count(e) AS n', {
          p,
        })
      )[0].n;
    const before = await count();
    const response = await graphql<Extracted>(service, EXTRACT, { article, text });
    expect(response.body.errors).toBeUndefined();
    const extraction = response.body.data?.extract;
    if (!extraction) throw new Error('no extraction');
    expect(await count()).toBe(before);

    const storedMention = extraction.mentions.find((mention) => mention.text === stored);
    expect(storedMention?.entity?.id).toBe(`${p}-stored`);
    expect(storedMention?.candidates[0].score).toBeGreaterThanOrEqual(0.7);
    for (const mention of extraction.mentions) expect(text.substr(mention.offset, mention.length)).toBe(mention.text);
    const proposed = extraction.entities.find((entity) => entity.name === fresh);
    expect(proposed).toMatchObject({ kindGuessed: true, entity: null });

    const competes = extraction.relationships.find((r) => r.type === 'COMPETES_WITH');
    expect([competes?.from.id, competes?.to.id].sort()).toEqual([`${p}-stored`, proposed?.id].sort());
    const listed = extraction.relationships.find((r) => r.type === 'LISTED_ON' && r.from.id === `${p}-stored`);
    expect(listed?.since).toBe('2021');
    for (const r of extraction.relationships.filter((item) => item.offset !== null)) {
      expect(text.substr(r.offset ?? 0, r.quote.length)).toBe(r.quote);
    }
    expect(extraction.relationships.some((r) => r.type === 'PUBLISHED_BY')).toBe(true);

    // The draft is ingest's input as it is.
    const ingested = await graphql<{ ingest: { relationshipsCreated: number } }>(
      service,
      'mutation ($input: IngestInput!) { ingest(input: $input) { relationshipsCreated } }',
      { input: extraction.draft },
      EDITOR,
    );
    expect(ingested.body.errors).toBeUndefined();
    expect(ingested.body.data?.ingest.relationshipsCreated).toBe(extraction.relationships.length);
    const evidence = await service.runner.read<{ quotes: string[] }>(
      `MATCH (:Entity {id: $from})-[r:COMPETES_WITH]-(:Entity {id: $to}) RETURN r.evidenceQuotes AS quotes`,
      { from: `${p}-stored`, to: proposed?.id },
    );
    expect(evidence.map((row) => row.quotes)).toEqual([[competes?.quote]]);
  });

  it('refuses bad input with BAD_USER_INPUT', async () => {
    for (const variables of [
      { article, text: '' },
      { article, text: 'x '.repeat(60_000) },
      { article: { ...article, id: 'Not An Id' }, text },
      { article: { ...article, publishedAt: 'yesterday' }, text },
      { article: { ...article, title: '' }, text },
    ]) {
      const response = await graphql(service, EXTRACT, variables);
      expect(response.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
