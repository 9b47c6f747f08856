/** Entity kinds: every node is `:Entity` plus exactly one kind label from this table. */
export const ENTITY_KINDS = [
  'COMPANY',
  'GOVERNMENT',
  'SANCTIONS_LIST',
  'PERSON',
  'PLACE',
  'ORGANIZATION',
  'EVENT',
  'ARTICLE',
  'POSITION',
  'DATASET',
  'VESSEL',
  'AIRCRAFT',
  'IDENTIFICATION',
  'THING',
] as const;

export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Neo4j label per kind: the only place labels are spelled, so Cypher never sees user text. */
export const KIND_LABEL: Readonly<Record<EntityKind, string>> = {
  COMPANY: 'Company',
  GOVERNMENT: 'Government',
  SANCTIONS_LIST: 'SanctionsList',
  PERSON: 'Person',
  PLACE: 'Place',
  ORGANIZATION: 'Organization',
  EVENT: 'Event',
  ARTICLE: 'Article',
  POSITION: 'Position',
  DATASET: 'Dataset',
  VESSEL: 'Vessel',
  AIRCRAFT: 'Aircraft',
  IDENTIFICATION: 'Identification',
  THING: 'Thing',
};

export const ENTITY_LABEL = 'Entity';

export const PLACE_TYPES = ['COUNTRY', 'REGION', 'CITY', 'CONTINENT'] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

/**
 * Where an entity's statements come from, on every kind: the datasets that list it, the ids it
 * had there (FtM referents), when those datasets first and last saw it, and its source page.
 */
export const PROVENANCE_PROPERTIES = ['datasets', 'referents', 'firstSeen', 'lastSeen', 'sourceUrl'] as const;

/** Properties every kind may carry; kind-specific ones are listed in KIND_PROPERTIES. */
export const COMMON_PROPERTIES = ['name', 'aliases', 'description', 'country', ...PROVENANCE_PROPERTIES] as const;

/** Kind-specific scalar properties (string unless listed in LIST_PROPERTIES). */
export const KIND_PROPERTIES: Readonly<Record<EntityKind, readonly string[]>> = {
  COMPANY: ['sector', 'website'],
  GOVERNMENT: ['jurisdiction'],
  SANCTIONS_LIST: ['authority', 'url'],
  PERSON: ['position'],
  PLACE: ['placeType'],
  ORGANIZATION: ['website'],
  EVENT: ['date'],
  ARTICLE: ['title', 'url', 'publishedAt', 'section', 'summary', 'tags'],
  POSITION: [],
  DATASET: ['url'],
  VESSEL: [],
  AIRCRAFT: [],
  IDENTIFICATION: [],
  THING: [],
};

/**
 * What an entity imported from FollowTheMoney keeps of its source, on every kind: `ftm`, the
 * whole FtM statement (schema, FtM id, every property as FtM normalises it; JSON text, since
 * Neo4j properties hold no maps), and copies of the properties filters use, derived from it
 * when it is written: `schema`, `topics`, `birthDate`, `nationality` (with citizenship) and
 * `identifierKeys` (`SCHEME:NORMALISED`).
 */
export const FTM_STORED_PROPERTIES = ['ftm', 'schema', 'topics', 'birthDate', 'nationality', 'identifierKeys'] as const;

export const LIST_PROPERTIES: ReadonlySet<string> = new Set([
  'aliases',
  'tags',
  'datasets',
  'referents',
  'topics',
  'birthDate',
  'nationality',
  'identifierKeys',
]);

export function isEntityKind(value: unknown): value is EntityKind {
  return typeof value === 'string' && (ENTITY_KINDS as readonly string[]).includes(value);
}
