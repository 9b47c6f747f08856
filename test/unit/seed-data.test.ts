import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evidenceSource, type GraphDocument, type RelationshipRecord } from '../../src/model/graph-document';
import { holdsAsOf } from '../../src/model/partial-date';
import { RELATIONSHIP_TYPES, type RelationshipType } from '../../src/model/relationship-types';
import type { RelationshipStatus } from '../../src/model/statuses';
import { validateGraphDocument } from '../../src/model/validate-document';

const SEED_PATH = path.resolve(__dirname, '../../seed/hikvision-sanctions-2022.json');
const SOURCE_PATH = path.resolve(__dirname, '../../seed/sources/hikvision-sanctions-2022.txt');
const ARTICLE_ID = 'techcentral-2022-05-05-hikvision-sanctions';
/** Edges that tie the article to its own credits rather than to what it reports. */
const CREDIT_TYPES: ReadonlySet<RelationshipType> = new Set(['PUBLISHED_BY', 'SYNDICATED_FROM', 'AUTHORED_BY']);

/** The source file: our `Field: value` header, a `---` line, then the article as scraped. */
function readSource(file: string): { header: Map<string, string>; article: string } {
  const text = readFileSync(file, 'utf8');
  const separator = text.indexOf('\n---\n');
  if (separator < 0) throw new Error(`${file} has no "---" line after its header`);
  const header = new Map(
    text
      .slice(0, separator)
      .split('\n')
      .map((line): [string, string] => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { header, article: text.slice(separator + '\n---\n'.length) };
}

const { header, article: articleText } = readSource(SOURCE_PATH);
const rawSeed: unknown = JSON.parse(readFileSync(SEED_PATH, 'utf8'));

function loadSeed(): GraphDocument {
  const result = validateGraphDocument(rawSeed);
  if (!result.ok) throw new Error(`seed is invalid:\n${JSON.stringify(result.errors, null, 2)}`);
  return result.document;
}

const seed = loadSeed();

function edge(id: string): RelationshipRecord {
  const found = seed.relationships.find((relationship) => relationship.id === id);
  if (!found) throw new Error(`seed has no relationship "${id}"`);
  return found;
}

function edgesBetween(type: RelationshipType, from: string, to: string): RelationshipRecord[] {
  const symmetric = RELATIONSHIP_TYPES[type].symmetric;
  return seed.relationships.filter(
    (r) => r.type === type && ((r.from === from && r.to === to) || (symmetric && r.from === to && r.to === from)),
  );
}

describe('seed: hikvision-sanctions-2022.json', () => {
  it('keeps its source in the repository, with a header saying where it comes from and that the header is ours', () => {
    expect(Object.fromEntries(header)).toMatchObject({
      Publisher: 'TechCentral, syndicated from Bloomberg',
      Published: '5 May 2022',
      Title: 'US sanctions on Hikvision could be of unprecedented scale',
    });
    expect(header.get('Header')).toMatch(/^ours\b/);
    expect(header.get('URL')).toMatch(/^(https?:\/\/\S+|not in the scraped page)$/);
  });

  it('holds the article proper: breadcrumb, title, byline, body and tag line, no site navigation', () => {
    expect(articleText.trimStart().startsWith('Home » Sections » Investment »')).toBe(true);
    expect(articleText).toContain('(c) 2022 Bloomberg LP');
    expect(articleText.trimEnd().endsWith('Donald Trump Hikvision Huawei Joe Biden')).toBe(true);
    expect(articleText).not.toContain('Related Posts');
  });

  it('validates against the model', () => {
    const result = validateGraphDocument(rawSeed);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('quotes every piece of evidence verbatim from the article itself, not the site around it', () => {
    const notInArticle = seed.relationships.flatMap((r) =>
      r.evidence.filter((e) => !articleText.includes(e.quote ?? '')).map((e) => `${r.id}: ${e.quote}`),
    );
    expect(notInArticle).toEqual([]);
  });

  it('cites only the seed article as evidence', () => {
    const articles = new Set(seed.relationships.flatMap((r) => r.evidence.map(evidenceSource)));
    expect([...articles]).toEqual([ARTICLE_ID]);
  });

  it('describes the article with its metadata and a summary of our own', () => {
    const article = seed.entities.find((e) => e.id === ARTICLE_ID);
    expect(article).toMatchObject({
      kind: 'ARTICLE',
      title: 'US sanctions on Hikvision could be of unprecedented scale',
      url: `urn:entity-graph:article:${ARTICLE_ID}`,
      publishedAt: '2022-05-05',
      section: 'Investment',
      tags: ['Donald Trump', 'Hikvision', 'Huawei', 'Joe Biden'],
    });
    const summaryWords = String(article?.['summary']).split(/\s+/u);
    const copied: string[] = [];
    for (let i = 0; i + 8 <= summaryWords.length; i += 1) {
      const run = summaryWords.slice(i, i + 8).join(' ');
      if (articleText.includes(run)) copied.push(run);
    }
    expect(copied).toEqual([]);
  });

  it('never records a proposed or alleged fact as ACTIVE', () => {
    const sdn = edge('hikvision-sdn-listing-proposed-2022');
    expect(sdn).toMatchObject({ type: 'LISTED_ON', from: 'hikvision', to: 'us-sdn-list', status: 'PROPOSED' });
    expect(edgesBetween('LISTED_ON', 'hikvision', 'us-sdn-list').map((r) => r.status)).toEqual(['PROPOSED']);
    expect(edge('chinese-government-alleged-abuses-in-xinjiang').status).toBe('ALLEGED');

    const hedged = new Set<RelationshipStatus>(['PROPOSED', 'ALLEGED']);
    const contradicted = seed.relationships
      .filter((r) => hedged.has(r.status))
      .filter((r) => edgesBetween(r.type, r.from, r.to).some((other) => other.status === 'ACTIVE'));
    expect(contradicted.map((r) => r.id)).toEqual([]);
  });

  it('lists Hikvision on the Entity List from 2019, and not before', () => {
    const listing = edge('hikvision-listed-on-us-entity-list');
    expect(listing).toMatchObject({ status: 'ACTIVE', since: '2019', from: 'hikvision', to: 'us-entity-list' });
    expect(listing.until).toBeUndefined();
    expect(holdsAsOf('2018-06-01', listing.since, listing.until)).toBe(false);
    expect(holdsAsOf('2020-01-01', listing.since, listing.until)).toBe(true);
    expect(holdsAsOf('2022-05-05', listing.since, listing.until)).toBe(true);
    expect(edge('hikvision-blacklisted-by-us-government')).toMatchObject({ status: 'ACTIVE', since: '2019' });
  });

  it('does not invent a listing date for Huawei', () => {
    const huawei = edge('huawei-listed-on-us-entity-list');
    expect(huawei).toMatchObject({ status: 'ACTIVE', from: 'huawei', to: 'us-entity-list' });
    expect(huawei.since).toBeUndefined();
  });

  it.each([
    ['ADMINISTERED_BY', 'us-entity-list', 'us-government', 'ACTIVE'],
    ['ADMINISTERED_BY', 'us-sdn-list', 'us-government', 'ACTIVE'],
    ['COMPETES_WITH', 'hikvision', 'canon', 'ACTIVE'],
    ['COMPETES_WITH', 'hanwha-techwin', 'hikvision', 'ACTIVE'],
    ['COMPETES_WITH', 'hikvision', 'bosch', 'ACTIVE'],
    ['OPERATES_IN', 'hikvision', 'europe', 'ACTIVE'],
    ['OPERATES_IN', 'hikvision', 'asia', 'ACTIVE'],
    ['OPERATES_IN', 'hikvision', 'africa', 'ACTIVE'],
    ['OPERATES_IN', 'hikvision', 'paris', 'ACTIVE'],
    ['OPERATES_IN', 'hikvision', 'bangkok', 'ACTIVE'],
    ['PARTNER_OF', 'chinese-government', 'hikvision', 'ACTIVE'],
    ['PART_OF', 'xinjiang', 'china', 'ACTIVE'],
    ['GOVERNS', 'chinese-government', 'china', 'ACTIVE'],
    ['GOVERNS', 'us-government', 'united-states', 'ACTIVE'],
    ['PART_OF', 'biden-administration', 'us-government', 'ACTIVE'],
    ['PART_OF', 'trump-administration', 'us-government', 'ENDED'],
    ['PART_OF', 'us-national-security-council', 'us-government', 'ACTIVE'],
    ['INVOLVES', 'us-deliberation-sdn-sanctions-hikvision-2022', 'hikvision', 'REPORTED'],
    ['INVOLVES', 'us-deliberation-sdn-sanctions-hikvision-2022', 'biden-administration', 'REPORTED'],
    ['INVOLVES', 'us-deliberation-sdn-sanctions-hikvision-2022', 'us-sdn-list', 'REPORTED'],
    ['REPORTED', 'financial-times', 'us-deliberation-sdn-sanctions-hikvision-2022', 'ACTIVE'],
    ['REPORTED', 'bloomberg', 'us-deliberation-sdn-sanctions-hikvision-2022', 'ACTIVE'],
    ['PUBLISHED_BY', ARTICLE_ID, 'techcentral', 'ACTIVE'],
    ['SYNDICATED_FROM', ARTICLE_ID, 'bloomberg', 'ACTIVE'],
    ['AUTHORED_BY', ARTICLE_ID, 'jenny-leonard', 'ACTIVE'],
    ['AUTHORED_BY', ARTICLE_ID, 'coco-liu', 'ACTIVE'],
  ] as const)('states %s %s → %s as %s, exactly once', (type, from, to, status) => {
    const found = edgesBetween(type, from, to);
    expect(found.map((r) => r.status)).toEqual([status]);
  });

  it('stores each symmetric relationship once', () => {
    const keys = seed.relationships
      .filter((r) => RELATIONSHIP_TYPES[r.type].symmetric)
      .map((r) => `${r.type}:${[r.from, r.to].sort().join('|')}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('ties every entity other than the article to the article: mentioned, or credited', () => {
    const tied = new Set(
      seed.relationships
        .filter((r) => r.from === ARTICLE_ID && (r.type === 'MENTIONS' || CREDIT_TYPES.has(r.type)))
        .map((r) => r.to),
    );
    const loose = seed.entities.filter((e) => e.kind !== 'ARTICLE' && !tied.has(e.id)).map((e) => e.id);
    expect(loose).toEqual([]);
  });

  it('connects every entity the article mentions to something besides the mention', () => {
    const connected = new Set(seed.relationships.filter((r) => r.type !== 'MENTIONS').flatMap((r) => [r.from, r.to]));
    const onlyMentioned = seed.entities.filter((e) => !connected.has(e.id)).map((e) => e.id);
    expect(onlyMentioned).toEqual([]);
  });

  it('gives the places their types and countries', () => {
    const places = Object.fromEntries(
      seed.entities.filter((e) => e.kind === 'PLACE').map((e) => [e.id, [e['placeType'], e.country]]),
    );
    expect(places).toEqual({
      china: ['COUNTRY', 'CN'],
      xinjiang: ['REGION', 'CN'],
      'united-states': ['COUNTRY', 'US'],
      europe: ['CONTINENT', undefined],
      asia: ['CONTINENT', undefined],
      africa: ['CONTINENT', undefined],
      paris: ['CITY', 'FR'],
      bangkok: ['CITY', 'TH'],
    });
  });
});
