import { createHash } from 'node:crypto';
import { KIND_PROPERTIES, type EntityKind } from './entity-kinds';
import {
  evidenceSource,
  isArticleEvidence,
  LIMITS,
  type DatasetEvidence,
  type EntityRecord,
  type EvidenceRecord,
  type RelationshipRecord,
} from './graph-document';
import { isPartialDate, periodEnd } from './partial-date';
import { isRelationshipType, type RelationshipType } from './relationship-types';
import { isRelationshipStatus, type RelationshipStatus } from './statuses';

/*
 * FollowTheMoney (followthemoney 4.x) ↔ our graph, both ways, in one table each: the only place
 * that knows FtM schema and property names. Pure: a line in, records out (and back), so every
 * mapping row has a unit test. The README's "FollowTheMoney" section documents the same tables.
 */

/** An FtM entity as NDJSON carries it. */
export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets?: string[];
  referents?: string[];
  first_seen?: string;
  last_seen?: string;
}

/** Why a line could not be mapped; `dangling-reference` is found later, against the graph. */
export const FTM_FLAW_REASONS = [
  'unsupported-schema',
  'missing-property',
  'invalid-value',
  'dangling-reference',
] as const;
export type FtmFlawReason = (typeof FTM_FLAW_REASONS)[number];

export class FtmFlaw extends Error {
  override name = 'FtmFlaw';
  constructor(
    readonly reason: FtmFlawReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What one FtM line becomes. `derived` entities (sanctions lists, authorities, datasets) are
 * implied by many lines: they are created when absent and never overwrite what the graph holds.
 */
export interface FtmMapped {
  entities: EntityRecord[];
  derived: EntityRecord[];
  relationships: RelationshipRecord[];
  /** Edges many lines imply alike (a list's authority): the first one stands for all. */
  derivedRelationships: RelationshipRecord[];
}

export interface FtmImportOptions {
  /** Today (YYYY-MM-DD): an edge whose endDate is before it has ENDED. */
  today: string;
  /** Dataset cited by lines that name none (the file's name, or --dataset). */
  defaultDataset: string;
}

export const FTM_ID_PATTERN = /^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$/;
export const FTM_ID_MAX_LENGTH = 200;

// ------------------------------------------------------------------- ids

/**
 * Our id for an FtM id (or any text): itself when it is a valid id of ours, else a slug plus a
 * hash of the original, so distinct FtM ids never meet (`Q7747` and `q7747` stay apart).
 */
export function localId(text: string): string {
  if (LIMITS.idPattern.test(text)) return text;
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 100)
    .replace(/^-+|-+$/g, '');
  const hash = createHash('sha1').update(text).digest('hex').slice(0, 10);
  return slug === '' ? hash : `${slug}-${hash}`;
}

/** DATASET entities get their own prefix: a dataset named like a company must not become it. */
export const datasetId = (name: string): string => localId(`dataset-${name}`);

// ------------------------------------------------------------ the tables

/** FtM node schemata → our kinds (import). */
export const FTM_NODE_KINDS: Readonly<Record<string, EntityKind>> = {
  Company: 'COMPANY',
  Organization: 'ORGANIZATION',
  PublicBody: 'GOVERNMENT',
  Person: 'PERSON',
  Address: 'PLACE',
  Territory: 'PLACE',
  Position: 'POSITION',
  Event: 'EVENT',
  Article: 'ARTICLE',
  Document: 'ARTICLE',
};

/** Our kinds → FtM schemata (export). DATASET is no FtM entity: it travels as a line's `datasets`. */
export const KIND_FTM_SCHEMA: Readonly<Record<Exclude<EntityKind, 'DATASET'>, string>> = {
  COMPANY: 'Company',
  ORGANIZATION: 'Organization',
  GOVERNMENT: 'PublicBody',
  PERSON: 'Person',
  PLACE: 'Territory',
  POSITION: 'Position',
  EVENT: 'Event',
  ARTICLE: 'Article',
  // A list is an Organization whose programId is its own id (FtM has no list entity).
  SANCTIONS_LIST: 'Organization',
};

interface EdgeSchema {
  type: RelationshipType;
  source: string;
  target: string;
  /** The property that says in which capacity (`relationship` for kin and associates; Occupancy has none). */
  role?: string;
  /** Family and Associate have no `status`: theirs follows the dates. */
  status?: false;
}

/** FtM edge schemata ↔ registry types. UnknownLink and Sanction are handled on their own. */
export const FTM_EDGE_SCHEMATA: Readonly<Record<string, EdgeSchema>> = {
  Ownership: { type: 'OWNS', source: 'owner', target: 'asset', role: 'role' },
  Directorship: { type: 'DIRECTS', source: 'director', target: 'organization', role: 'role' },
  Membership: { type: 'MEMBER_OF', source: 'member', target: 'organization', role: 'role' },
  Employment: { type: 'EMPLOYED_BY', source: 'employee', target: 'employer', role: 'role' },
  Family: { type: 'FAMILY_OF', source: 'person', target: 'relative', role: 'relationship', status: false },
  Associate: { type: 'ASSOCIATE_OF', source: 'person', target: 'associate', role: 'relationship', status: false },
  Representation: { type: 'REPRESENTS', source: 'agent', target: 'client', role: 'role' },
  Occupancy: { type: 'HOLDS_POSITION', source: 'holder', target: 'post' },
};
const UNKNOWN_LINK = { source: 'subject', target: 'object', role: 'role' } as const;

interface PropertyEdge {
  type: RelationshipType;
  /** The values are plain names (FtM `author`, `publisher`), each standing for a derived entity of this kind. */
  named?: EntityKind;
}

const ARTICLE_EDGES: Readonly<Record<string, PropertyEdge>> = {
  author: { type: 'AUTHORED_BY', named: 'PERSON' },
  publisher: { type: 'PUBLISHED_BY', named: 'ORGANIZATION' },
};

/** Node properties that link to others, per schema: each value becomes an edge from the node. */
export const FTM_PROPERTY_EDGES: Readonly<Record<string, Readonly<Record<string, PropertyEdge>>>> = {
  Event: { involved: { type: 'INVOLVES' }, organizer: { type: 'ORGANIZED_BY' } },
  Article: ARTICLE_EDGES,
  Document: ARTICLE_EDGES,
};

/** The id of the edge a node's property implies: stable, so a re-import finds the same edge. */
export const propertyEdgeId = (from: string, property: string, to: string): string =>
  localId(`${from}-${property}-${to}`);

/** The entity a plain name stands for (`author-carol-diaz`): one per property and name. */
export const namedEntityId = (property: string, name: string): string => localId(`${property}-${name}`);

/**
 * Kind properties FtM carries natively, per kind: ours → FtM property. The rest travel as
 * `keywords` entries `eg:<property>=<value>`, so an export imports back to the same graph.
 */
const NATIVE_PROPERTIES: Readonly<Partial<Record<EntityKind, Readonly<Record<string, string>>>>> = {
  COMPANY: { sector: 'sector', website: 'website' },
  ORGANIZATION: { website: 'website' },
  PERSON: { position: 'position' },
  EVENT: { date: 'date' },
  ARTICLE: { title: 'title', url: 'sourceUrl', publishedAt: 'publishedAt', summary: 'summary' },
  SANCTIONS_LIST: { authority: 'publisher', url: 'website' },
};
const KEYWORD_PREFIX = 'eg:';

/** FtM's url properties take web addresses only: any other (our seed's `urn:` ones) travels as a keyword. */
const FTM_URL_PROPERTIES: ReadonlySet<string> = new Set(['sourceUrl', 'website']);
const isWebUrl = (value: string): boolean => /^https?:\/\/[^\s/]+\.[^\s/]+/i.test(value);

const SUPPORTED = [...Object.keys(FTM_NODE_KINDS), ...Object.keys(FTM_EDGE_SCHEMATA), 'UnknownLink', 'Sanction'];

// ---------------------------------------------------------------- import

type Properties = Record<string, string[]>;

const first = (properties: Properties, name: string): string | undefined =>
  properties[name]?.find((value) => value.trim() !== '')?.trim();

/** Parses a raw NDJSON value into an FtmEntity, or throws the flaw. */
export function parseFtmEntity(raw: unknown): FtmEntity {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FtmFlaw('invalid-value', 'is not a JSON object');
  }
  const record = raw as Record<string, unknown>;
  const { id, schema, properties } = record;
  if (typeof schema !== 'string') throw new FtmFlaw('missing-property', '"schema" is required');
  if (typeof id !== 'string' || id === '') throw new FtmFlaw('missing-property', '"id" is required');
  if (id.length > FTM_ID_MAX_LENGTH || !FTM_ID_PATTERN.test(id)) {
    throw new FtmFlaw('invalid-value', `"${id.slice(0, 60)}" is not a valid FtM id`);
  }
  if (!SUPPORTED.includes(schema)) throw new FtmFlaw('unsupported-schema', `schema "${schema}" is not supported`);
  const checked: Properties = {};
  const props = properties ?? {};
  if (typeof props !== 'object' || Array.isArray(props)) {
    throw new FtmFlaw('invalid-value', '"properties" must be an object');
  }
  for (const [name, values] of Object.entries(props as Record<string, unknown>)) {
    if (!Array.isArray(values) || !values.every((value) => typeof value === 'string')) {
      throw new FtmFlaw('invalid-value', `property "${name}" must be a list of strings`);
    }
    checked[name] = values as string[];
  }
  const strings = (name: string): string[] | undefined => {
    const value = record[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw new FtmFlaw('invalid-value', `"${name}" must be a list of strings`);
    }
    return value as string[];
  };
  const text = (name: string): string | undefined => {
    const value = record[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new FtmFlaw('invalid-value', `"${name}" must be a string`);
    return value;
  };
  return {
    id,
    schema,
    properties: checked,
    datasets: strings('datasets'),
    referents: strings('referents'),
    first_seen: text('first_seen'),
    last_seen: text('last_seen'),
  };
}

/** A partial date from an FtM date or datetime (`2022-05-05T10:00:00` → `2022-05-05`). */
function partialDate(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  const date = value.slice(0, 10);
  if (!isPartialDate(date)) throw new FtmFlaw('invalid-value', `${what} "${value}" is not a date`);
  return date;
}

function reference(entity: FtmEntity, property: string): string {
  const target = first(entity.properties, property);
  if (target === undefined) throw new FtmFlaw('missing-property', `${entity.schema} needs "${property}"`);
  return referenceValue(property, target);
}

function referenceValue(property: string, target: string): string {
  if (!FTM_ID_PATTERN.test(target) || target.length > FTM_ID_MAX_LENGTH) {
    throw new FtmFlaw('invalid-value', `"${property}" is "${target.slice(0, 60)}", not a valid FtM id`);
  }
  return localId(target);
}

const datasetEntity = (name: string): EntityRecord => ({ id: datasetId(name), kind: 'DATASET', name });

/** Names beyond the first, aliases and weak aliases: our aliases, each once, within the caps. */
function aliasesOf(properties: Properties, name: string): string[] {
  const all = [...(properties['name'] ?? []), ...(properties['alias'] ?? []), ...(properties['weakAlias'] ?? [])];
  const aliases = [...new Set(all.map((value) => value.trim()))].filter(
    (value) => value !== '' && value !== name && value.length <= LIMITS.maxNameLength,
  );
  return aliases.slice(0, LIMITS.maxAliases);
}

const country = (properties: Properties): string | undefined => {
  const code = first(properties, 'country') ?? first(properties, 'jurisdiction') ?? first(properties, 'mainCountry');
  return code !== undefined && /^[a-z]{2}$/i.test(code) ? code.toUpperCase() : undefined;
};

/** Drops undefined and empty-list fields: the document validator treats them as absent anyway. */
function defined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)),
  ) as T;
}

function mapNode(entity: FtmEntity): FtmMapped {
  const { properties } = entity;
  const id = localId(entity.id);
  const programIds = properties['programId'] ?? [];
  const kind: EntityKind =
    entity.schema === 'Organization' && programIds.includes(entity.id)
      ? 'SANCTIONS_LIST'
      : FTM_NODE_KINDS[entity.schema];
  const name =
    first(properties, 'name') ??
    first(properties, 'title') ??
    first(properties, 'full') ??
    first(properties, 'fileName');
  if (name === undefined) throw new FtmFlaw('missing-property', `${entity.schema} needs a name`);
  const keywords = properties['keywords'] ?? [];
  const record: EntityRecord = {
    id,
    kind,
    name: name.slice(0, LIMITS.maxNameLength),
    aliases: aliasesOf(properties, name),
    description: first(properties, 'description')?.slice(0, LIMITS.maxDescriptionLength),
    country: country(properties),
    // Past the list cap, provenance keeps its first items rather than refusing the entity (OpenSanctions' carry 50+).
    datasets: (entity.datasets ?? []).slice(0, LIMITS.maxAliases),
    referents: [...new Set([...(id === entity.id ? [] : [entity.id]), ...(entity.referents ?? [])])].slice(
      0,
      LIMITS.maxAliases,
    ),
    firstSeen: partialDate(entity.first_seen, 'first_seen'),
    lastSeen: partialDate(entity.last_seen, 'last_seen'),
    sourceUrl: kind === 'ARTICLE' ? undefined : first(properties, 'sourceUrl'),
  };
  const native = NATIVE_PROPERTIES[kind] ?? {};
  for (const property of KIND_PROPERTIES[kind]) {
    const ftmName = native[property];
    const value =
      (ftmName === undefined ? undefined : first(properties, ftmName)) ??
      keywords
        .find((keyword) => keyword.startsWith(`${KEYWORD_PREFIX}${property}=`))
        ?.slice(KEYWORD_PREFIX.length + property.length + 1);
    if (value !== undefined) record[property] = value;
  }
  if (kind === 'EVENT')
    record['date'] = partialDate(first(properties, 'date') ?? first(properties, 'startDate'), 'date');
  if (kind === 'ARTICLE') {
    record['publishedAt'] = partialDate(record['publishedAt'] as string | undefined, 'publishedAt');
    record['tags'] = keywords.filter((keyword) => !keyword.startsWith(KEYWORD_PREFIX)).slice(0, LIMITS.maxAliases);
  }
  return {
    entities: [defined(record)],
    derived: entity.datasets?.length ? entity.datasets.map(datasetEntity) : [],
    relationships: [],
    derivedRelationships: [],
  };
}

/** Our status from FtM's: one of ours kept (an export of ours), else by the dates. */
function statusOf(properties: Properties, until: string | undefined, today: string): RelationshipStatus {
  const stated = first(properties, 'status')?.toUpperCase();
  if (isRelationshipStatus(stated)) return stated;
  return until !== undefined && periodEnd(until) < today ? 'ENDED' : 'ACTIVE';
}

const shortQuote = (quote: string | undefined): string | undefined =>
  quote !== undefined &&
  quote.trim() !== '' &&
  quote.length <= LIMITS.maxQuoteLength &&
  quote.trim().split(/\s+/u).length <= LIMITS.maxQuoteWords
    ? quote.trim()
    : undefined;

/**
 * Evidence of an edge line: each `proof` with its `summary` (an article and its quote), then
 * every dataset of the line with where and when it saw the fact; a line citing nothing cites
 * the import's default dataset, so every edge can say which source asserts it.
 */
function evidenceOf(entity: FtmEntity, options: FtmImportOptions): EvidenceRecord[] {
  const { properties } = entity;
  const summaries = properties['summary'] ?? [];
  const proofs = properties['proof'] ?? [];
  const articles: EvidenceRecord[] = proofs.flatMap((proof, index) => {
    const quote = shortQuote(summaries[index]);
    return quote === undefined || !FTM_ID_PATTERN.test(proof) ? [] : [{ article: localId(proof), quote }];
  });
  const names = entity.datasets?.length
    ? [...new Set(entity.datasets)]
    : articles.length > 0
      ? []
      : [options.defaultDataset];
  const datasets = names.map((name): DatasetEvidence =>
    defined({
      dataset: datasetId(name),
      quote: shortQuote(summaries[proofs.length]),
      url: first(properties, 'sourceUrl'),
      firstSeen: partialDate(entity.first_seen, 'first_seen'),
      lastSeen: partialDate(entity.last_seen, 'last_seen'),
    }),
  );
  return [...articles, ...datasets].slice(0, LIMITS.maxEvidence);
}

/** The DATASET entities an edge's evidence cites, by their names. */
function citedDatasets(
  entity: FtmEntity,
  evidence: readonly EvidenceRecord[],
  options: FtmImportOptions,
): EntityRecord[] {
  const names = entity.datasets?.length ? entity.datasets : [options.defaultDataset];
  const cited = new Set(evidence.filter((item) => !isArticleEvidence(item)).map(evidenceSource));
  return [...new Set(names)].filter((name) => cited.has(datasetId(name))).map(datasetEntity);
}

function edgeRecord(
  entity: FtmEntity,
  options: FtmImportOptions,
  edge: { id: string; type: RelationshipType; from: string; to: string; role?: string },
): RelationshipRecord {
  const { properties } = entity;
  const since = partialDate(
    first(properties, 'startDate') ?? first(properties, 'date') ?? first(properties, 'listingDate'),
    'startDate',
  );
  const until = partialDate(first(properties, 'endDate'), 'endDate');
  return defined({
    ...edge,
    status: statusOf(properties, until, options.today),
    since,
    until,
    description: first(properties, 'description')?.slice(0, LIMITS.maxDescriptionLength),
    evidence: evidenceOf(entity, options),
  });
}

/** An edge implied by a line (a list's authority, a territory's parent): only its sources carry over. */
const impliedEdge = (
  entity: FtmEntity,
  options: FtmImportOptions,
  edge: { id: string; type: RelationshipType; from: string; to: string },
): RelationshipRecord =>
  edgeRecord({ ...entity, properties: pick(entity.properties, ['proof', 'summary', 'sourceUrl']) }, options, edge);

const pick = (properties: Properties, names: readonly string[]): Properties =>
  Object.fromEntries(names.filter((name) => properties[name] !== undefined).map((name) => [name, properties[name]]));

function mapEdge(entity: FtmEntity, options: FtmImportOptions): FtmMapped {
  const { properties } = entity;
  const known = FTM_EDGE_SCHEMATA[entity.schema];
  const shape = known ?? UNKNOWN_LINK;
  const from = reference(entity, shape.source);
  const to = reference(entity, shape.target);
  const role = shape.role === undefined ? undefined : first(properties, shape.role);
  // An UnknownLink whose role names one of our types is one of ours going round (see the export).
  const type: RelationshipType = known?.type ?? (isRelationshipType(role) ? role : 'LINKED_TO');
  const keptRole = known === undefined && type !== 'LINKED_TO' ? undefined : role;
  const relationship = edgeRecord(entity, options, { id: localId(entity.id), type, from, to, role: keptRole });
  return {
    entities: [],
    derived: citedDatasets(entity, relationship.evidence, options),
    relationships: [relationship],
    derivedRelationships: [],
  };
}

/**
 * A Sanction: a LISTED_ON edge (its id kept) from `entity` to the list its program names, from
 * `programId`, else authority plus program; the list is ADMINISTERED_BY its authority.
 */
function mapSanction(entity: FtmEntity, options: FtmImportOptions): FtmMapped {
  const { properties } = entity;
  const listed = reference(entity, 'entity');
  const programId = first(properties, 'programId');
  const program = first(properties, 'program');
  const authority = first(properties, 'authority');
  const listKey =
    programId ?? (program === undefined && authority === undefined ? undefined : `${authority ?? ''} ${program ?? ''}`);
  if (listKey === undefined) {
    throw new FtmFlaw('missing-property', 'Sanction needs "programId", "program" or "authority" to name its list');
  }
  const listId = localId(listKey.trim());
  const list: EntityRecord = defined({
    id: listId,
    kind: 'SANCTIONS_LIST',
    name: (program ?? programId ?? `${authority} sanctions`).slice(0, LIMITS.maxNameLength),
    authority,
    url: first(properties, 'programUrl'),
  });
  const listing = edgeRecord(entity, options, { id: localId(entity.id), type: 'LISTED_ON', from: listed, to: listId });
  const derived = [list, ...citedDatasets(entity, listing.evidence, options)];
  const derivedRelationships: RelationshipRecord[] = [];
  if (authority !== undefined) {
    const government = localId(`authority-${authority}`);
    derived.push({ id: government, kind: 'GOVERNMENT', name: authority.slice(0, LIMITS.maxNameLength) });
    derivedRelationships.push(
      impliedEdge(entity, options, {
        id: localId(`${listId}-administered-by`),
        type: 'ADMINISTERED_BY',
        from: listId,
        to: government,
      }),
    );
  }
  return { entities: [], derived, relationships: [listing], derivedRelationships };
}

/**
 * Edges a node's linking properties imply (FTM_PROPERTY_EDGES), one per value: an id names its
 * entity, a plain name a derived entity. Only the line's sources carry over, as for partOf.
 */
function addPropertyEdges(entity: FtmEntity, mapped: FtmMapped, options: FtmImportOptions): void {
  const from = localId(entity.id);
  for (const [property, spec] of Object.entries(FTM_PROPERTY_EDGES[entity.schema] ?? {})) {
    const values = [...new Set((entity.properties[property] ?? []).map((value) => value.trim()))];
    for (const value of values.filter((value) => value !== '')) {
      const name = value.slice(0, LIMITS.maxNameLength);
      const to = spec.named === undefined ? referenceValue(property, value) : namedEntityId(property, name);
      if (spec.named !== undefined) mapped.derived.push({ id: to, kind: spec.named, name });
      const edge = impliedEdge(entity, options, { id: propertyEdgeId(from, property, to), type: spec.type, from, to });
      mapped.relationships.push(edge);
      mapped.derived.push(...citedDatasets(entity, edge.evidence, options));
    }
  }
}

/** One FtM line → our records; throws FtmFlaw naming what is wrong. */
export function mapFtmEntity(raw: unknown, options: FtmImportOptions): FtmMapped {
  const entity = parseFtmEntity(raw);
  if (entity.schema === 'Sanction') return mapSanction(entity, options);
  if (entity.schema in FTM_NODE_KINDS) {
    const mapped = mapNode(entity);
    const partOf = entity.schema === 'Territory' ? first(entity.properties, 'partOf') : undefined;
    if (partOf !== undefined) {
      const id = localId(entity.id);
      const parent = reference(entity, 'partOf');
      const edge = impliedEdge(entity, options, {
        id: localId(`${id}-part-of`),
        type: 'PART_OF',
        from: id,
        to: parent,
      });
      mapped.relationships.push(edge);
      mapped.derived.push(...citedDatasets(entity, edge.evidence, options));
    }
    addPropertyEdges(entity, mapped, options);
    return mapped;
  }
  return mapEdge(entity, options);
}

// ---------------------------------------------------------------- export

/** What an export needs besides the subgraph: names of the datasets its evidence cites. */
export interface FtmExportContext {
  datasetNames: ReadonlyMap<string, string>;
}

interface ExportedEntity {
  id: string;
  kind: EntityKind;
  name: string;
  aliases: readonly string[];
  description: string | null;
  country: string | null;
  properties: Readonly<Record<string, string | string[] | null>>;
}

interface ExportedRelationship {
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  status: RelationshipStatus;
  since: string | null;
  until: string | null;
  description: string | null;
  role?: string;
  evidence: readonly EvidenceRecord[];
}

const list = (value: string | string[] | null | undefined): string[] =>
  value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];

function withProvenance(ftm: FtmEntity, datasets: string[], firstSeen?: string, lastSeen?: string): FtmEntity {
  return {
    ...ftm,
    ...(datasets.length ? { datasets } : {}),
    ...(firstSeen ? { first_seen: firstSeen } : {}),
    ...(lastSeen ? { last_seen: lastSeen } : {}),
  };
}

/**
 * An entity of ours as an FtM entity; DATASET entities are none (undefined). `links` are the
 * linking properties its edges go back to (see edgeAsProperty).
 */
export function entityToFtm(entity: ExportedEntity, links: Properties = {}): FtmEntity | undefined {
  if (entity.kind === 'DATASET') return undefined;
  const properties: Properties = { ...links };
  const put = (name: string, values: string[]): void => {
    if (values.length > 0) properties[name] = [...(properties[name] ?? []), ...values];
  };
  put('name', [entity.name]);
  put('alias', [...entity.aliases]);
  put('description', list(entity.description));
  put('country', list(entity.country?.toLowerCase()));
  if (entity.kind !== 'ARTICLE') put('sourceUrl', list(entity.properties['sourceUrl']));
  if (entity.kind === 'SANCTIONS_LIST') put('programId', [entity.id]);
  const native = NATIVE_PROPERTIES[entity.kind] ?? {};
  for (const property of KIND_PROPERTIES[entity.kind]) {
    const values = list(entity.properties[property]);
    const ftmName = native[property];
    if (property === 'tags') put('keywords', values);
    else if (ftmName !== undefined && (!FTM_URL_PROPERTIES.has(ftmName) || values.every(isWebUrl)))
      put(ftmName, values);
    else
      put(
        'keywords',
        values.map((value) => `${KEYWORD_PREFIX}${property}=${value}`),
      );
  }
  const referents = list(entity.properties['referents']).filter((referent) => referent !== entity.id);
  return withProvenance(
    {
      id: entity.id,
      schema: KIND_FTM_SCHEMA[entity.kind],
      properties,
      ...(referents.length ? { referents } : {}),
    },
    list(entity.properties['datasets']),
    list(entity.properties['firstSeen'])[0],
    list(entity.properties['lastSeen'])[0],
  );
}

/** A linking property of an entity, as edgeAsProperty finds it. */
export interface FtmPropertyLink {
  owner: string;
  property: string;
  value: string;
}

/**
 * An edge exactly as the import derives it from a node's linking property (its id, a plain
 * ACTIVE edge with no dates, description or role; for a name, the target the name stands for)
 * goes back to that property, so FtM tools read `Event.involved` or `Article.author` natively;
 * any other edge is undefined here and exports as an edge entity.
 */
export function edgeAsProperty(
  edge: ExportedRelationship,
  entities: ReadonlyMap<string, Pick<ExportedEntity, 'kind' | 'name'>>,
): FtmPropertyLink | undefined {
  const owner = entities.get(edge.from);
  const target = entities.get(edge.to);
  if (owner === undefined || target === undefined || owner.kind === 'DATASET') return undefined;
  const plain = edge.status === 'ACTIVE' && !edge.since && !edge.until && !edge.description && !edge.role;
  if (!plain) return undefined;
  for (const [property, spec] of Object.entries(FTM_PROPERTY_EDGES[KIND_FTM_SCHEMA[owner.kind]] ?? {})) {
    if (spec.type !== edge.type || edge.id !== propertyEdgeId(edge.from, property, edge.to)) continue;
    if (spec.named === undefined) return { owner: edge.from, property, value: edge.to };
    if (edge.to === namedEntityId(property, target.name)) return { owner: edge.from, property, value: target.name };
  }
  return undefined;
}

/** Our type → the FtM edge schema that says the same, if any (Sanction and UnknownLink aside). */
const SCHEMA_OF_TYPE = new Map(Object.entries(FTM_EDGE_SCHEMATA).map(([schema, edge]) => [edge.type, schema]));

/**
 * A relationship of ours as an FtM entity: LISTED_ON a Sanction naming its list by programId,
 * the FtM edge schemata their own, any other type an UnknownLink with our type as its role.
 * Articles go to `proof` with their quotes as `summary`; datasets to `datasets`, with
 * `sourceUrl` and first/last seen.
 */
export function relationshipToFtm(edge: ExportedRelationship, context: FtmExportContext): FtmEntity {
  const properties: Properties = {};
  const put = (name: string, values: (string | null | undefined)[]): void => {
    const present = values.filter((value): value is string => typeof value === 'string' && value !== '');
    if (present.length > 0) properties[name] = present;
  };
  let schema: string;
  const schemaOfType = SCHEMA_OF_TYPE.get(edge.type);
  if (edge.type === 'LISTED_ON') {
    schema = 'Sanction';
    put('entity', [edge.from]);
    put('programId', [edge.to]);
  } else if (schemaOfType !== undefined) {
    schema = schemaOfType;
    const shape = FTM_EDGE_SCHEMATA[schema];
    put(shape.source, [edge.from]);
    put(shape.target, [edge.to]);
    if (shape.role !== undefined) put(shape.role, [edge.role]);
  } else {
    schema = 'UnknownLink';
    put('subject', [edge.from]);
    put('object', [edge.to]);
    put('role', [edge.type === 'LINKED_TO' ? edge.role : edge.type]);
  }
  if (FTM_EDGE_SCHEMATA[schema]?.status !== false) put('status', [edge.status]);
  put('startDate', [edge.since]);
  put('endDate', [edge.until]);
  put('description', [edge.description]);
  const articles = edge.evidence.filter(isArticleEvidence);
  const datasets = edge.evidence.filter((item): item is DatasetEvidence => !isArticleEvidence(item));
  put('proof', articles.map(evidenceSource));
  put('summary', [...articles.map((item) => item.quote), datasets.find((item) => item.quote)?.quote]);
  put('sourceUrl', [datasets.find((item) => item.url)?.url]);
  const seen = (field: 'firstSeen' | 'lastSeen') =>
    datasets
      .map((item) => item[field])
      .filter((value): value is string => value !== undefined)
      .sort();
  return withProvenance(
    { id: edge.id, schema, properties },
    datasets.map((item) => context.datasetNames.get(item.dataset) ?? item.dataset),
    seen('firstSeen')[0],
    seen('lastSeen').at(-1),
  );
}
