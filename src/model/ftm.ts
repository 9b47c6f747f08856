import { createHash } from 'node:crypto';
import { type EntityKind } from './entity-kinds';
import { LIMITS, type EntityRecord, type RelationshipRecord } from './graph-document';
import { type RelationshipType } from './relationship-types';
import { isA } from './ftm-schema';

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

/**
 * FtM node schemata → our kinds (import): the first row whose schema an entity's schema is or
 * extends (Company before Organization, whose child it also is). Any other schema that is no
 * edge is a THING, its FtM schema kept: securities, accounts, wallets, real estate, notes, …
 */
export const FTM_KIND_ROWS: readonly (readonly [string, EntityKind])[] = [
  ['PublicBody', 'GOVERNMENT'],
  ['Company', 'COMPANY'],
  ['Person', 'PERSON'],
  ['LegalEntity', 'ORGANIZATION'],
  ['Vessel', 'VESSEL'],
  ['Airplane', 'AIRCRAFT'],
  ['Identification', 'IDENTIFICATION'],
  ['Address', 'PLACE'],
  ['Territory', 'PLACE'],
  ['Position', 'POSITION'],
  ['Event', 'EVENT'],
  ['Document', 'ARTICLE'],
];

/** Our kind for an FtM node schema (FTM_KIND_ROWS), THING for any other. */
export function kindOfSchema(schema: string): EntityKind {
  return FTM_KIND_ROWS.find(([parent]) => isA(schema, parent))?.[1] ?? 'THING';
}

/** Our kinds → FtM schemata, for entities written through our API (an imported one keeps its own). */
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
  VESSEL: 'Vessel',
  AIRCRAFT: 'Airplane',
  IDENTIFICATION: 'Identification',
  THING: 'Asset',
};

export interface EdgeSchema {
  type: RelationshipType;
  /** The property that says in which capacity (`relationship` for kin and associates; Occupancy has none). */
  role?: string;
}

/**
 * FtM edge schemata ↔ registry types; which properties are source and target is the model's
 * (src/model/ftm-model.json). An edge schema missing here becomes LINKED_TO with its schema kept.
 */
export const FTM_EDGE_SCHEMATA: Readonly<Record<string, EdgeSchema>> = {
  Ownership: { type: 'OWNS', role: 'role' },
  Directorship: { type: 'DIRECTS', role: 'role' },
  Membership: { type: 'MEMBER_OF', role: 'role' },
  Employment: { type: 'EMPLOYED_BY', role: 'role' },
  Family: { type: 'FAMILY_OF', role: 'relationship' },
  Associate: { type: 'ASSOCIATE_OF', role: 'relationship' },
  Representation: { type: 'REPRESENTS', role: 'role' },
  Occupancy: { type: 'HOLDS_POSITION' },
  Succession: { type: 'SUCCEEDED_BY', role: 'role' },
  Debt: { type: 'OWES' },
  Payment: { type: 'PAID' },
  ProjectParticipant: { type: 'PARTICIPATES_IN', role: 'role' },
  ContractAward: { type: 'AWARDED_TO', role: 'role' },
  Documentation: { type: 'DOCUMENTS', role: 'role' },
  Control: { type: 'CONTROLS', role: 'role' },
  CourtCaseParty: { type: 'PARTY_TO', role: 'role' },
  UnknownLink: { type: 'LINKED_TO', role: 'role' },
};

export interface PropertyEdge {
  /** The schema that defines the property: it applies to that schema and all that extend it. */
  schema: string;
  property: string;
  type: RelationshipType;
  /** The values are plain names (FtM `author`, `publisher`), each standing for a derived entity of this kind. */
  named?: EntityKind;
}

/**
 * Node properties that link to others: each value becomes an edge from the node. Other entity
 * references (a Mention's `document`, a Thing's `proof`) stay in the node's FtM statement.
 */
export const FTM_PROPERTY_EDGES: readonly PropertyEdge[] = [
  { schema: 'Event', property: 'involved', type: 'INVOLVES' },
  { schema: 'Event', property: 'organizer', type: 'ORGANIZED_BY' },
  { schema: 'Document', property: 'author', type: 'AUTHORED_BY', named: 'PERSON' },
  { schema: 'Document', property: 'publisher', type: 'PUBLISHED_BY', named: 'ORGANIZATION' },
  { schema: 'Identification', property: 'holder', type: 'IDENTIFIES' },
  { schema: 'Thing', property: 'addressEntity', type: 'HAS_ADDRESS' },
  { schema: 'Note', property: 'entity', type: 'ABOUT' },
  { schema: 'Risk', property: 'entity', type: 'ABOUT' },
  { schema: 'TaxRoll', property: 'taxee', type: 'ABOUT' },
  { schema: 'Mention', property: 'resolved', type: 'ABOUT' },
];

/** The id of the edge a node's property implies: stable, so a re-import finds the same edge. */
export const propertyEdgeId = (from: string, property: string, to: string): string =>
  localId(`${from}-${property}-${to}`);

/** The entity a plain name stands for (`author-carol-diaz`): one per property and name. */
export const namedEntityId = (property: string, name: string): string => localId(`${property}-${name}`);

/**
 * Kind properties FtM carries natively, per kind: ours → FtM property. The rest travel as
 * `keywords` entries `eg:<property>=<value>`, so an export imports back to the same graph.
 */
export const NATIVE_PROPERTIES: Readonly<Partial<Record<EntityKind, Readonly<Record<string, string>>>>> = {
  COMPANY: { sector: 'sector', website: 'website' },
  ORGANIZATION: { website: 'website' },
  PERSON: { position: 'position' },
  EVENT: { date: 'date' },
  ARTICLE: { title: 'title', url: 'sourceUrl', publishedAt: 'publishedAt', summary: 'summary' },
  SANCTIONS_LIST: { authority: 'publisher', url: 'website' },
};
export const KEYWORD_PREFIX = 'eg:';

/** FtM's url properties take web addresses only: any other (our seed's `urn:` ones) travels as a keyword. */
export const FTM_URL_PROPERTIES: ReadonlySet<string> = new Set(['sourceUrl', 'website']);
export const isWebUrl = (value: string): boolean => /^https?:\/\/[^\s/]+\.[^\s/]+/i.test(value);

/** An FtM entity's properties: every value a list of strings. */
export type Properties = Record<string, string[]>;

/** A property's first non-blank value, trimmed. */
export const first = (properties: Properties, name: string): string | undefined =>
  properties[name]?.find((value) => value.trim() !== '')?.trim();
