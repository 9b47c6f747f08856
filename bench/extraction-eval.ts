import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Extraction, LinkCandidate, Linker } from '../src/extract';
import { parseArticleFile, type ArticleFile } from '../src/ingest/article-file';
import { DEFAULT_MATCH_THRESHOLD, fingerprint, scoreMatch } from '../src/match';
import { RELATIONSHIP_TYPES, type EntityKind, type RelationshipType } from '../src/model';

/*
 * How an extraction compares with a person's modelling of the same article: the seed (modelled by
 * hand from seed/sources/) and the articles written for this evaluation (bench/extraction/articles,
 * with their gold files). An extracted entity is a gold one when it is that stored entity, or when
 * one of its names has the fingerprint of one of the gold entity's names; a relationship is right
 * when its type and both ends are (either way round for symmetric types).
 */

export interface GoldEntity {
  id: string;
  name: string;
  kind: EntityKind;
  aliases: string[];
}

export interface GoldRelationship {
  type: RelationshipType;
  from: string;
  to: string;
}

export interface EvaluationArticle {
  name: string;
  file: ArticleFile;
  /** The header and the text as the file holds them: byline quotes come from the header. */
  content: string;
  articleId: string;
  entities: GoldEntity[];
  relationships: GoldRelationship[];
}

const ROOT = path.resolve(__dirname, '..');
export const SEED_ARTICLE_FILE = path.join(ROOT, 'seed/sources/hikvision-sanctions-2022.txt');
const SEED_DOCUMENT = path.join(ROOT, 'seed/hikvision-sanctions-2022.json');
const ARTICLES = path.join(ROOT, 'bench/extraction/articles');
/** Written after the rules were, and never used to tune them: the figures an unseen article gets. */
const HELD_OUT = path.join(ROOT, 'bench/extraction/held-out');

interface SeedDocument {
  entities: { id: string; kind: EntityKind; name: string; aliases?: string[] }[];
  relationships: { type: RelationshipType; from: string; to: string }[];
}

/** The seed article with the seed graph as its gold: every entity but the article itself, every relationship. */
export function seedArticle(): EvaluationArticle {
  const content = readFileSync(SEED_ARTICLE_FILE, 'utf8');
  const seed = JSON.parse(readFileSync(SEED_DOCUMENT, 'utf8')) as SeedDocument;
  const article = seed.entities.find((entity) => entity.kind === 'ARTICLE');
  if (!article) throw new Error('the seed has no article');
  const file = parseArticleFile(content, 'seed');
  return {
    name: 'hikvision-sanctions-2022 (seed)',
    file: { ...file, article: { ...file.article, id: article.id } },
    content,
    articleId: article.id,
    entities: seed.entities
      .filter((entity) => entity.id !== article.id)
      .map((entity) => ({ id: entity.id, name: entity.name, kind: entity.kind, aliases: entity.aliases ?? [] })),
    relationships: seed.relationships.map(({ type, from, to }) => ({ type, from, to })),
  };
}

interface GoldFile {
  entities: { name: string; kind: EntityKind; aliases?: string[] }[];
  relationships: { type: RelationshipType; from: string; to: string }[];
}

/**
 * An article written for the evaluation: its gold lists the entities and the links the text
 * states; the article's MENTIONS of each and its byline links (publisher, authors) are added here,
 * as the seed models them.
 */
export function writtenArticle(folder: string, stem: string): EvaluationArticle {
  const content = readFileSync(path.join(folder, `${stem}.txt`), 'utf8');
  const gold = JSON.parse(readFileSync(path.join(folder, `${stem}.gold.json`), 'utf8')) as GoldFile;
  const articleId = `${stem}-article`;
  const file = parseArticleFile(content, stem);
  const entities: GoldEntity[] = gold.entities.map((entity) => ({
    id: entity.name,
    name: entity.name,
    kind: entity.kind,
    aliases: entity.aliases ?? [],
  }));
  const byline: GoldRelationship[] = [];
  const bylineEntity = (name: string, kind: EntityKind, type: RelationshipType) => {
    if (!entities.some((entity) => entity.id === name)) entities.push({ id: name, name, kind, aliases: [] });
    byline.push({ type, from: articleId, to: name });
  };
  if (file.article.publisher) bylineEntity(file.article.publisher, 'ORGANIZATION', 'PUBLISHED_BY');
  if (file.article.syndicatedFrom) bylineEntity(file.article.syndicatedFrom, 'ORGANIZATION', 'SYNDICATED_FROM');
  for (const author of file.article.authors ?? []) bylineEntity(author, 'PERSON', 'AUTHORED_BY');
  return {
    name: stem,
    file: { ...file, article: { ...file.article, id: articleId } },
    content,
    articleId,
    entities,
    relationships: [
      ...gold.relationships.map(({ type, from, to }) => ({ type, from, to })),
      ...gold.entities.map((entity) => ({ type: 'MENTIONS' as const, from: articleId, to: entity.name })),
      ...byline,
    ],
  };
}

const articlesIn = (folder: string): EvaluationArticle[] =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.gold.json'))
    .map((name) => writtenArticle(folder, name.replace(/\.gold\.json$/, '')))
    .sort((a, b) => a.name.localeCompare(b.name));

export const writtenArticles = (): EvaluationArticle[] => articlesIn(ARTICLES);
export const heldOutArticles = (): EvaluationArticle[] => articlesIn(HELD_OUT);

export interface Scores {
  goldEntities: number;
  entitiesFound: number;
  proposedEntities: number;
  proposedEntitiesRight: number;
  kindsRight: number;
  goldRelationships: number;
  relationshipsFound: number;
  proposedRelationships: number;
  proposedRelationshipsRight: number;
  /** Excluding MENTIONS and byline links: the ones cue words make. */
  goldContentRelationships: number;
  contentRelationshipsFound: number;
  proposedContentRelationships: number;
  proposedContentRelationshipsRight: number;
  quotes: number;
  quotesVerbatim: number;
  missedEntities: string[];
  missedRelationships: string[];
  wrongRelationships: string[];
}

const DERIVED: ReadonlySet<RelationshipType> = new Set(['MENTIONS', 'PUBLISHED_BY', 'AUTHORED_BY', 'SYNDICATED_FROM']);
const key = (type: RelationshipType, from: string, to: string) =>
  RELATIONSHIP_TYPES[type].symmetric && from > to ? `${type} ${to} ${from}` : `${type} ${from} ${to}`;

export function score<C extends LinkCandidate>(article: EvaluationArticle, extraction: Extraction<C>): Scores {
  const prints = (names: readonly string[]) => new Set(names.map((name) => fingerprint(name)).filter((p) => p !== ''));
  const goldPrints = article.entities.map((entity) => ({ entity, prints: prints([entity.name, ...entity.aliases]) }));
  // Each extracted entity stands for at most one gold entity: the stored one it is, else one sharing a name (same kind first).
  const goldOf = new Map<string, GoldEntity>();
  for (const proposal of extraction.entities) {
    if (proposal.kind === 'ARTICLE') continue;
    const named = prints([proposal.name, ...proposal.aliases]);
    const matches = goldPrints.filter(
      (gold) => gold.entity.id === proposal.id || [...named].some((print) => gold.prints.has(print)),
    );
    const best =
      matches.find((gold) => gold.entity.id === proposal.id) ??
      matches.find((gold) => gold.entity.kind === proposal.kind) ??
      matches[0];
    if (best) goldOf.set(proposal.id, best.entity);
  }
  const endId = (id: string) => (id === extraction.articleId ? article.articleId : goldOf.get(id)?.id);
  const found = new Set([...goldOf.values()].map((entity) => entity.id));
  const proposedEntities = extraction.entities.filter((entity) => entity.kind !== 'ARTICLE');

  const goldKeys = new Set(article.relationships.map((r) => key(r.type, r.from, r.to)));
  const proposedKeys = extraction.relationships.map((r) => {
    const from = endId(r.from.id);
    const to = endId(r.to.id);
    return { relationship: r, key: from && to ? key(r.type, from, to) : null };
  });
  const right = proposedKeys.filter((item) => item.key !== null && goldKeys.has(item.key));
  const foundKeys = new Set(right.map((item) => item.key));
  const content = (type: RelationshipType) => !DERIVED.has(type);

  const fileText = article.file.text;
  const quotes = extraction.relationships.flatMap((r) => [
    { quote: r.quote, offset: r.offset },
    ...r.alsoSaid.map((quote) => ({ quote, offset: -1 })),
  ]);
  const verbatim = quotes.filter(({ quote, offset }) =>
    offset === null
      ? article.content.includes(quote)
      : offset < 0
        ? fileText.includes(quote)
        : fileText.slice(offset, offset + quote.length) === quote,
  );
  const describe = (r: { type: RelationshipType; from: string; to: string }) => `${r.from} ${r.type} ${r.to}`;
  return {
    goldEntities: article.entities.length,
    entitiesFound: found.size,
    proposedEntities: proposedEntities.length,
    proposedEntitiesRight: proposedEntities.filter((entity) => goldOf.has(entity.id)).length,
    kindsRight: proposedEntities.filter((entity) => goldOf.get(entity.id)?.kind === entity.kind).length,
    goldRelationships: goldKeys.size,
    relationshipsFound: foundKeys.size,
    proposedRelationships: extraction.relationships.length,
    proposedRelationshipsRight: right.length,
    goldContentRelationships: article.relationships.filter((r) => content(r.type)).length,
    contentRelationshipsFound: new Set(right.filter((item) => content(item.relationship.type)).map((item) => item.key))
      .size,
    proposedContentRelationships: extraction.relationships.filter((r) => content(r.type)).length,
    proposedContentRelationshipsRight: right.filter((item) => content(item.relationship.type)).length,
    quotes: quotes.length,
    quotesVerbatim: verbatim.length,
    missedEntities: article.entities.filter((entity) => !found.has(entity.id)).map((entity) => entity.name),
    missedRelationships: article.relationships.filter((r) => !foundKeys.has(key(r.type, r.from, r.to))).map(describe),
    wrongRelationships: proposedKeys
      .filter((item) => item.key === null || !goldKeys.has(item.key))
      .map(({ relationship: r }) => `${r.from.name} ${r.type} ${r.to.name}`),
  };
}

export const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : part / whole);
export const percent = (part: number, whole: number): string => `${(100 * ratio(part, whole)).toFixed(1)} %`;

/**
 * A linker over a fixed list of entities, scored by src/match directly: the extractor's quality
 * with a known graph, without an index (the bench measures the same through Neo4j).
 */
export function listLinker(
  entities: readonly GoldEntity[],
  threshold = DEFAULT_MATCH_THRESHOLD,
): Linker<LinkCandidate> {
  return {
    threshold,
    async candidates(names) {
      return names.map((name) =>
        entities
          .map((entity) => ({
            id: entity.id,
            name: entity.name,
            kind: entity.kind,
            score: scoreMatch({ names: [name] }, { kind: entity.kind, names: [entity.name, ...entity.aliases] }).score,
          }))
          .filter((candidate) => candidate.score > 0.3)
          .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
          .slice(0, 5),
      );
    },
    async taken(ids) {
      return new Set(ids.filter((id) => entities.some((entity) => entity.id === id)));
    },
  };
}

/** A linker over an empty graph: every name is new. */
export const emptyLinker: Linker<LinkCandidate> = {
  threshold: DEFAULT_MATCH_THRESHOLD,
  candidates: async (names) => names.map(() => []),
  taken: async () => new Set(),
};
