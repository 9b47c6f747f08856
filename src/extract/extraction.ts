import anyAscii from 'any-ascii';
import { createHash } from 'node:crypto';
import {
  endpointsAllowed,
  LIMITS,
  RELATIONSHIP_TYPES,
  type EntityKind,
  type RelationshipStatus,
  type RelationshipType,
} from '../model';
import { fingerprint, nameParts } from '../match';
import { BACK_REFERENCE, CUE_RULES, datesOf, statusOf, type CueRule, type Side } from './cues';
import { guessKind } from './kinds';
import { demonymGovernments, nameSpans, readText, wordsIn, type NameSpan, type Sentence } from './text';

/*
 * From an article's text to proposals: mentions of names (linked to entities already in the graph
 * where the matcher finds them, else new names with a guessed kind), relationships between names
 * of one sentence typed by cue words, each with a verbatim quote, and a draft shaped like
 * `ingest`'s input. Nothing here writes: a person accepts, edits or rejects each proposal first.
 */

/** A stored entity a name may be, as the matcher scored it. */
export interface LinkCandidate {
  id: string;
  name: string;
  kind: EntityKind;
  score: number;
}

/** What the extractor asks of the graph: candidates for names, and which ids are taken. */
export interface Linker<C extends LinkCandidate> {
  /** For each name, its candidates best first. */
  candidates(names: readonly string[]): Promise<C[][]>;
  /** The ids among these that an entity already has. */
  taken(ids: readonly string[]): Promise<Set<string>>;
  /** Score from which a candidate is the entity a name means. */
  threshold: number;
}

export interface ArticleMetadata {
  id?: string | null;
  title: string;
  url?: string | null;
  publishedAt?: string | null;
  section?: string | null;
  tags?: readonly string[] | null;
  publisher?: string | null;
  syndicatedFrom?: string | null;
  authors?: readonly string[] | null;
}

export interface ProposedEntity<C extends LinkCandidate> {
  /** The existing entity's id, or the id the draft gives a new one. */
  id: string;
  name: string;
  kind: EntityKind;
  /** True for a new name: its kind comes from its words and the tagger, not from the graph. */
  kindGuessed: boolean;
  existing: C | null;
  /** Other forms the article uses ("Norvik" for "Norvik Maritime Holdings"). */
  aliases: string[];
  mentions: number;
}

export interface Mention<C extends LinkCandidate> {
  text: string;
  offset: number;
  length: number;
  sentence: number;
  entity: ProposedEntity<C>;
  /** Stored entities it may be, best first, those under the threshold included. */
  candidates: C[];
}

export interface ProposedRelationship<C extends LinkCandidate> {
  id: string;
  type: RelationshipType;
  from: ProposedEntity<C>;
  to: ProposedEntity<C>;
  status: RelationshipStatus;
  since: string | null;
  until: string | null;
  /** At most 30 words, verbatim from the text (or, for the byline's links, from the metadata given). */
  quote: string;
  /** Where the quote starts in the text; null when it comes from the metadata. */
  offset: number | null;
  /** The cue word that typed it ("competes", "blacklisted by"); null for mentions and bylines. */
  cue: string | null;
  /** Further quotes saying the same, in text order. */
  alsoSaid: string[];
}

export interface Extraction<C extends LinkCandidate> {
  articleId: string;
  mentions: Mention<C>[];
  entities: ProposedEntity<C>[];
  relationships: ProposedRelationship<C>[];
  draft: IngestDraft;
}

export interface IngestDraft {
  article: Record<string, unknown>;
  entities: Record<string, unknown>[];
  relationships: Record<string, unknown>[];
}

/** Characters between a cue and a name that touches it: "’s SDN" or "’s own SDN" (a short word between). */
const TOUCHING_GAP = 6;

/** Sub-spans of a run tried when the whole run is no entity: a tag line runs names together. */
const MAX_SUBSPAN_TOKENS = 4;

const slug = (text: string): string =>
  anyAscii(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** A valid id of ours from any text: its slug, cut with a hash when too long. */
function idFrom(text: string): string {
  const base = slug(text) || 'entity';
  if (base.length <= 128) return base;
  const hash = createHash('sha1').update(text).digest('hex').slice(0, 8);
  return `${base.slice(0, 119).replace(/-+$/, '')}-${hash}`;
}

/** The text's words from `start`, at most 30 and 400 characters, widened to include [from, to) when it fits. */
function quoteAround(text: string, sentence: Sentence, from: number, to: number): { quote: string; offset: number } {
  let end = sentence.end;
  while (end < text.length && /[.!?”"’)]/.test(text[end])) end += 1;
  const words = wordsIn(text, sentence.start, end);
  let first = 0;
  let last = words.length - 1;
  const fits = () =>
    last - first + 1 <= LIMITS.maxQuoteWords && words[last].end - words[first].start <= LIMITS.maxQuoteLength;
  const firstNeeded = Math.max(
    0,
    words.findIndex((word) => word.end > from),
  );
  while (!fits()) {
    // Drop words from the end farther from the names.
    const needLast = words.findIndex((word) => word.end >= to);
    if (first < firstNeeded && (last <= needLast || firstNeeded - first > last - needLast)) first += 1;
    else if (last > Math.max(needLast, first)) last -= 1;
    else first += 1;
  }
  return { quote: text.slice(words[first].start, words[last].end), offset: words[first].start };
}

interface Found<C extends LinkCandidate> {
  span: NameSpan;
  candidates: C[];
}

/** Names of the text, each with its candidates: whole runs first, then the parts of runs that are no entity. */
async function findNames<C extends LinkCandidate>(
  text: string,
  sentences: Sentence[],
  linker: Linker<C>,
): Promise<Found<C>[]> {
  const spans = sentences.flatMap((sentence) => [...nameSpans(text, sentence), ...demonymGovernments(text, sentence)]);
  const whole = await lookUp(spans, linker);
  const found: Found<C>[] = [];
  const retry: NameSpan[] = [];
  spans.forEach((span, index) => {
    const linked = whole[index][0]?.score >= linker.threshold;
    if (linked || span.tokens.length === 1) found.push({ span, candidates: whole[index] });
    else retry.push(span);
  });
  const parts = retry.flatMap((span) => subSpans(text, span));
  // First words of the text's other names: a tag line's "Huawei" stands alone when "Huawei Technologies" is named.
  const wordsOf = (except: string) =>
    new Set(spans.filter((span) => span.text !== except).map((span) => span.tokens[0].text));
  const partCandidates = await lookUp(parts, linker);
  for (const span of retry) {
    // The longest linked parts, left to right; what no part covers stays one new name.
    const mine = parts
      .map((part, index) => ({ part, candidates: partCandidates[index] }))
      .filter(
        ({ part, candidates }) =>
          part.start >= span.start && part.end <= span.end && candidates[0]?.score >= linker.threshold,
      )
      .sort((a, b) => b.part.tokens.length - a.part.tokens.length || a.part.start - b.part.start);
    const chosen: Found<C>[] = [];
    for (const item of mine) {
      if (!chosen.some((other) => other.span.start < item.part.end && item.part.start < other.span.end)) {
        chosen.push({ span: item.part, candidates: item.candidates });
      }
    }
    if (chosen.length > 0) found.push(...chosen);
    else
      for (const part of splitRun(text, span, wordsOf(span.text)))
        found.push({ span: part, candidates: part === span ? whole[spans.indexOf(span)] : [] });
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}

/**
 * A run of names with no word between ("Donald Trump Hikvision Huawei Joe Biden", a tag line):
 * a word the text names alone elsewhere stands alone, and a first name starts a person's name.
 */
function splitRun(text: string, span: NameSpan, named: ReadonlySet<string>): NameSpan[] {
  const { tokens } = span;
  if (tokens.length < 3 || tokens.some((token) => !/^\p{Lu}/u.test(token.text))) return [span];
  const parts: NameSpan['tokens'][] = [[]];
  for (const token of tokens) {
    const current = parts[parts.length - 1];
    // A first name takes the next word as its surname.
    const firstNameOnly = current.length === 1 && current[0].tags.has('FirstName');
    const apart = named.has(token.text) || named.has(current[current.length - 1]?.text ?? '');
    if (current.length > 0 && (token.tags.has('FirstName') || (apart && !firstNameOnly))) parts.push([]);
    parts[parts.length - 1].push(token);
  }
  // Only when every part stands so: "Marelle Shipping Holdings" stays one name though "Marelle" is named alone.
  const stands = (part: NameSpan['tokens']) =>
    (part.length === 1 && named.has(part[0].text)) || (part[0].tags.has('FirstName') && part.length <= 3);
  if (parts.length === 1 || !parts.every(stands)) return [span];
  return parts.map((part) => {
    const from = part[0].start;
    const to = part[part.length - 1].end;
    return { text: text.slice(from, to), start: from, end: to, sentence: span.sentence, tokens: part };
  });
}

function subSpans(text: string, span: NameSpan): NameSpan[] {
  const parts: NameSpan[] = [];
  const { tokens } = span;
  for (let size = Math.min(MAX_SUBSPAN_TOKENS, tokens.length - 1); size >= 1; size -= 1) {
    for (let start = 0; start + size <= tokens.length; start += 1) {
      const part = tokens.slice(start, start + size);
      if (/^\p{Lu}/u.test(part[0].text) && /^\p{Lu}/u.test(part[part.length - 1].text)) {
        const from = part[0].start;
        const to = part[part.length - 1].end;
        parts.push({ text: text.slice(from, to), start: from, end: to, sentence: span.sentence, tokens: part });
      }
    }
  }
  return parts;
}

async function lookUp<C extends LinkCandidate>(spans: readonly NameSpan[], linker: Linker<C>): Promise<C[][]> {
  const names = [...new Set(spans.map((span) => span.text))];
  if (names.length === 0) return spans.map(() => []);
  const answers = await linker.candidates(names);
  const byName = new Map(names.map((name, index) => [name, answers[index]]));
  return spans.map((span) => byName.get(span.text) ?? []);
}

/** Kinds a relationship may not start from, though the registry allows them: governments and places are not listed. */
const NOT_SUBJECT: Partial<Record<RelationshipType, readonly EntityKind[]>> = {
  LISTED_ON: ['GOVERNMENT', 'PLACE', 'EVENT'],
};

export async function extract<C extends LinkCandidate>(
  text: string,
  article: ArticleMetadata,
  linker: Linker<C>,
): Promise<Extraction<C>> {
  const sentences = readText(text);
  const found = await findNames(text, sentences, linker);

  // One proposed entity per existing entity, and per new name (its short forms joined to it).
  const entities: ProposedEntity<C>[] = [];
  const byExisting = new Map<string, ProposedEntity<C>>();
  const byPrint = new Map<string, ProposedEntity<C>>();
  const mentions: Mention<C>[] = [];
  const options = new Map<ProposedEntity<C>, C[]>();
  /** The one proposal for a stored entity, made the first time a name stands for it. */
  const storedEntity = (candidate: C): ProposedEntity<C> => {
    let entity = byExisting.get(candidate.id);
    if (!entity) {
      entity = {
        id: candidate.id,
        name: candidate.name,
        kind: candidate.kind,
        kindGuessed: false,
        existing: candidate,
        aliases: [],
        mentions: 0,
      };
      byExisting.set(candidate.id, entity);
      entities.push(entity);
    }
    return entity;
  };
  const entityOf = ({ span, candidates }: Found<C>): ProposedEntity<C> => {
    const best = candidates[0];
    if (best && best.score >= linker.threshold) {
      const entity = storedEntity(best);
      if (!options.has(entity)) {
        options.set(
          entity,
          candidates.filter((candidate) => candidate.score >= linker.threshold),
        );
      }
      return entity;
    }
    const print = fingerprint(span.text) || span.text.toLowerCase();
    const core = nameParts(span.text).core;
    let entity =
      byPrint.get(print) ??
      entities.find(
        (other) =>
          !other.existing &&
          core.length > 0 &&
          core.length < nameParts(other.name).core.length &&
          core.every((token, index) => nameParts(other.name).core[index] === token),
      );
    if (!entity) {
      entity = {
        id: '',
        name: span.text,
        kind: guessKind(span, text),
        kindGuessed: true,
        existing: null,
        aliases: [],
        mentions: 0,
      };
      entities.push(entity);
    } else if (entity.name !== span.text && !entity.aliases.includes(span.text)) {
      entity.aliases.push(span.text);
    }
    byPrint.set(print, entity);
    return entity;
  };
  for (const item of found) {
    const entity = entityOf(item);
    entity.mentions += 1;
    mentions.push({
      text: item.span.text,
      offset: item.span.start,
      length: item.span.end - item.span.start,
      sentence: item.span.sentence,
      entity,
      candidates: item.candidates,
    });
  }

  // The byline: publisher, syndication and authors are names too, linked the same way.
  const byline: { name: string; type: RelationshipType; kind: EntityKind }[] = [
    ...(article.publisher
      ? [{ name: article.publisher, type: 'PUBLISHED_BY' as const, kind: 'ORGANIZATION' as const }]
      : []),
    ...(article.syndicatedFrom
      ? [{ name: article.syndicatedFrom, type: 'SYNDICATED_FROM' as const, kind: 'ORGANIZATION' as const }]
      : []),
    ...(article.authors ?? []).map((name) => ({ name, type: 'AUTHORED_BY' as const, kind: 'PERSON' as const })),
  ];
  const bylineCandidates = byline.length > 0 ? await linker.candidates(byline.map((item) => item.name)) : [];
  const bylineEntities = byline.map((item, index) => {
    const candidates = bylineCandidates[index].filter(
      (candidate) => candidate.kind === item.kind || candidate.kind === 'COMPANY',
    );
    const best = candidates[0];
    if (best && best.score >= linker.threshold) return storedEntity(best);
    const existing = entities.find((entity) => !entity.existing && fingerprint(entity.name) === fingerprint(item.name));
    if (existing && !best) {
      existing.kind = item.kind;
      return existing;
    }
    const entity: ProposedEntity<C> = {
      id: '',
      name: item.name,
      kind: item.kind,
      kindGuessed: false,
      existing: null,
      aliases: [],
      mentions: 0,
    };
    entities.push(entity);
    return entity;
  });

  await assignIds(entities, linker);
  const articleId = article.id ?? idFrom(article.title);

  // A name whose best candidate has the wrong kind for a link may be another candidate ("US": the
  // country, or its government when it blacklists).
  const fit = (entity: ProposedEntity<C>, kinds: readonly EntityKind[]): ProposedEntity<C> | null => {
    if (kinds.includes(entity.kind)) return entity;
    const other = (options.get(entity) ?? []).find((candidate) => kinds.includes(candidate.kind));
    return other ? storedEntity(other) : null;
  };

  // The focus: the company or organisation named most (first named on a tie), whom "it" means.
  const focus =
    entities
      .filter((entity) => entity.mentions > 0 && (entity.kind === 'COMPANY' || entity.kind === 'ORGANIZATION'))
      .sort((a, b) => b.mentions - a.mentions)[0] ?? null;

  const relationships = new Map<string, ProposedRelationship<C>>();
  const propose = (
    type: RelationshipType,
    from: ProposedEntity<C>,
    to: ProposedEntity<C>,
    said: { quote: string; offset: number | null },
    details: { status: RelationshipStatus; since: string | null; until: string | null; cue: string | null },
  ): void => {
    if (from === to || !endpointsAllowed(type, from.kind, to.kind)) return;
    const [start, end] = RELATIONSHIP_TYPES[type].symmetric && from.id > to.id ? [to, from] : [from, to];
    const id = idFrom(`${start.id}-${type.toLowerCase().replace(/_/g, '-')}-${end.id}`);
    const known = relationships.get(id);
    if (!known) relationships.set(id, { id, type, from: start, to: end, ...said, ...details, alsoSaid: [] });
    else if (known.quote !== said.quote && !known.alsoSaid.includes(said.quote)) known.alsoSaid.push(said.quote);
  };

  for (const sentence of sentences) {
    const here = mentions.filter((mention) => mention.sentence === sentence.index);
    const sentenceText = text.slice(sentence.start, sentence.end);
    for (const cueRule of CUE_RULES) {
      for (const match of sentenceText.matchAll(new RegExp(cueRule.cue.source, 'gi'))) {
        const cue = {
          start: sentence.start + (match.index ?? 0),
          end: sentence.start + (match.index ?? 0) + match[0].length,
        };
        const focusHere = focus && { entity: focus, offset: cue.start, length: 0 };
        for (const [from, to] of pairsFor(cueRule, here, cue, focusHere, sentenceText, sentence.start, fit)) {
          const spanStart = Math.min(from.offset, to.offset, cue.start);
          const spanEnd = Math.max(from.offset + from.length, to.offset + to.length, cue.end);
          // How it holds, from the sentence up to the names ("weighing whether to add X to Y", not "…, and are
          // considered"); its dates, from the whole sentence ("was added to the list in 2021").
          const upTo = text.slice(sentence.start, spanEnd);
          propose(cueRule.type, from.entity, to.entity, quoteAround(text, sentence, spanStart, spanEnd), {
            status: statusOf(upTo),
            ...datesOf(sentenceText),
            cue: match[0],
          });
        }
      }
    }
  }
  const proposed = [...relationships.values()];

  // The article names every entity a mention or a link stands for; its byline links come from the metadata.
  const articleEnd = {
    id: articleId,
    name: article.title,
    kind: 'ARTICLE',
    kindGuessed: false,
    existing: null,
    aliases: [],
    mentions: 0,
  } satisfies ProposedEntity<C>;
  const firstMention = new Map<ProposedEntity<C>, Mention<C>>();
  for (const mention of mentions) if (!firstMention.has(mention.entity)) firstMention.set(mention.entity, mention);
  const named = new Set<ProposedEntity<C>>([
    ...mentions.map((mention) => mention.entity),
    ...proposed.flatMap((relationship) => [relationship.from, relationship.to]),
  ]);
  const saidAt = (entity: ProposedEntity<C>): { quote: string; offset: number | null } | null => {
    const mention =
      firstMention.get(entity) ??
      mentions.find((item) => (options.get(item.entity) ?? []).some((candidate) => candidate.id === entity.id));
    if (!mention) return null;
    return quoteAround(text, sentences[mention.sentence], mention.offset, mention.offset + mention.length);
  };
  const plain = { status: 'ACTIVE' as const, since: null, until: null, cue: null };
  for (const entity of named) {
    const said = saidAt(entity);
    if (said) propose('MENTIONS', articleEnd, entity, said, plain);
  }
  byline.forEach((item, index) => {
    const said = saidAt(bylineEntities[index]) ?? { quote: item.name, offset: null };
    propose(item.type, articleEnd, bylineEntities[index], said, {
      ...plain,
      since: item.type === 'PUBLISHED_BY' ? (article.publishedAt ?? null) : null,
    });
  });

  const links = [...relationships.values()];
  const used = new Set(links.flatMap((relationship) => [relationship.from, relationship.to]));
  const kept = entities.filter((entity) => used.has(entity));
  return {
    articleId,
    mentions,
    entities: kept,
    relationships: links,
    draft: draftOf(article, articleId, kept, links),
  };
}

interface Endpoint<C extends LinkCandidate> {
  entity: ProposedEntity<C>;
  offset: number;
  length: number;
}

/** The (from, to) pairs a cue makes among a sentence's mentions, by its rule's sides and the registry's kinds. */
function pairsFor<C extends LinkCandidate>(
  cueRule: CueRule,
  here: readonly Mention<C>[],
  cue: { start: number; end: number },
  focus: Endpoint<C> | null,
  sentenceText: string,
  sentenceStart: number,
  fit: (entity: ProposedEntity<C>, kinds: readonly EntityKind[]) => ProposedEntity<C> | null,
): [Endpoint<C>, Endpoint<C>][] {
  const spec = RELATIONSHIP_TYPES[cueRule.type];
  const fromKinds = spec.from.filter((kind) => !(NOT_SUBJECT[cueRule.type] ?? []).includes(kind));
  const [subjectKinds, objectKinds] = cueRule.reversed ? [spec.to, fromKinds] : [fromKinds, spec.to];
  const eligible = (kinds: readonly EntityKind[], where: (mention: Mention<C>) => boolean): Endpoint<C>[] =>
    here.flatMap((mention) => {
      const entity = where(mention) ? fit(mention.entity, kinds) : null;
      return entity ? [{ entity, offset: mention.offset, length: mention.length }] : [];
    });
  const sides: Record<Side, (mention: Mention<C>) => boolean> = {
    before: (mention) => mention.offset + mention.length <= cue.start,
    after: (mention) => mention.offset >= cue.end,
    anywhere: () => true,
    'touching-before': (mention) =>
      mention.offset + mention.length <= cue.start && cue.start - (mention.offset + mention.length) <= 1,
    'touching-after': (mention) => mention.offset >= cue.end && mention.offset - cue.end <= TOUCHING_GAP,
  };
  let subjects = eligible(subjectKinds, sides[cueRule.subject]);
  if (cueRule.subject === 'before') subjects = subjects.slice(-1);
  const backText = cueRule.subject === 'before' ? sentenceText.slice(0, cue.start - sentenceStart) : sentenceText;
  if (subjects.length === 0 && focus && fit(focus.entity, subjectKinds) && BACK_REFERENCE.test(backText)) {
    subjects = [focus];
  }
  const objects = eligible(objectKinds, sides[cueRule.object]);
  const pairs: [Endpoint<C>, Endpoint<C>][] = [];
  for (const subject of subjects) {
    const others = objects.filter((object) => object.entity !== subject.entity);
    const chosen = cueRule.allObjects
      ? others
      : others.sort((a, b) => Math.abs(a.offset - subject.offset) - Math.abs(b.offset - subject.offset)).slice(0, 1);
    for (const object of chosen) pairs.push(cueRule.reversed ? [object, subject] : [subject, object]);
  }
  return pairs;
}

/** New names get ids from their names, never one an entity already has (ingest would overwrite it). */
async function assignIds<C extends LinkCandidate>(entities: ProposedEntity<C>[], linker: Linker<C>): Promise<void> {
  const fresh = entities.filter((entity) => !entity.existing);
  const wanted = fresh.map((entity) => idFrom(entity.name));
  const taken = await linker.taken([...new Set(wanted)]);
  const used = new Set(entities.filter((entity) => entity.existing).map((entity) => entity.id));
  fresh.forEach((entity, index) => {
    let id = wanted[index];
    for (let n = 2; taken.has(id) || used.has(id); n += 1) id = idFrom(`${wanted[index]}-${n}`);
    used.add(id);
    entity.id = id;
  });
}

const present = (value: string | null | undefined) => (value ? value : undefined);

/** The draft as `ingest` takes it: the article, the new entities, and every proposed relationship with its quotes. */
function draftOf<C extends LinkCandidate>(
  article: ArticleMetadata,
  articleId: string,
  entities: readonly ProposedEntity<C>[],
  relationships: readonly ProposedRelationship<C>[],
): IngestDraft {
  const compact = (record: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null));
  return {
    article: compact({
      id: articleId,
      kind: 'ARTICLE',
      name: article.title,
      title: article.title,
      url: present(article.url),
      publishedAt: present(article.publishedAt),
      section: present(article.section),
      tags: article.tags?.length ? [...article.tags] : undefined,
    }),
    entities: entities
      .filter((entity) => !entity.existing && entity.kind !== 'ARTICLE')
      .map((entity) =>
        compact({
          id: entity.id,
          kind: entity.kind,
          name: entity.name,
          aliases: entity.aliases.length ? entity.aliases : undefined,
        }),
      ),
    relationships: relationships.map((relationship) =>
      compact({
        id: relationship.id,
        type: relationship.type,
        from: relationship.from.id,
        to: relationship.to.id,
        status: relationship.status,
        since: present(relationship.since),
        until: present(relationship.until),
        evidence: [relationship.quote, ...relationship.alsoSaid]
          .slice(0, LIMITS.maxEvidence)
          .map((quote) => ({ quote })),
      }),
    ),
  };
}
