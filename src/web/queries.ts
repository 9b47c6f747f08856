/** The GraphQL documents the page sends, sized to stay far below the cost and alias limits. */
import type { EntityKind, RelationshipStatus, RelationshipType } from '../model/vocabulary';

// Kinds, types and statuses are the schema's enums, generated from the same model tables.

export interface NodeData {
  id: string;
  kind: EntityKind;
  name: string;
  degree: number;
  /** FtM topics (`sanction`, `role.pep`, …): the drawing marks those with the topic chosen. */
  topics: string[];
}

export interface EdgeData {
  id: string;
  type: RelationshipType;
  status: RelationshipStatus;
  since: string | null;
  until: string | null;
  symmetric: boolean;
  from: { id: string };
  to: { id: string };
}

export interface EvidenceData {
  quote: string | null;
  /** The article or dataset that says so; `article` is set only when it is an article. */
  source: { id: string; name: string };
  article: { id: string; name: string; title: string | null; publishedAt: string | null; url: string | null } | null;
  sourceUrl: string | null;
  lastSeen: string | null;
}

export interface PathData {
  length: number;
  nodes: NodeData[];
  edges: (EdgeData & { evidence: EvidenceData[] })[];
}

const NODE = 'id kind name degree topics';
const EDGE = 'id type status since until symmetric from { id } to { id }';
const EVIDENCE = 'evidence { quote source { id name } article { id name title publishedAt url } sourceUrl lastSeen }';
const PATH = `length nodes { ${NODE} } edges { ${EDGE} ${EVIDENCE} }`;

export interface Subgraph {
  nodes: NodeData[];
  edges: EdgeData[];
  truncated: boolean;
}

/** Cost about 20 × limit: 1,000 nodes cost about 20,000 of the 50,000 allowed. */
export const NEIGHBORHOOD = `query Neighborhood($id: ID!, $limit: Int, $types: [RelationshipType!], $status: [RelationshipStatus!], $asOf: String) {
  neighborhood(id: $id, depth: 1, limit: $limit, types: $types, status: $status, asOf: $asOf) {
    truncated nodes { ${NODE} } edges { ${EDGE} }
  }
}`;

export interface SearchHit {
  entity: { id: string; kind: EntityKind; name: string; country: string | null };
}

/** `$topics`: null for any topic, else hits with any of them (the Topic filter's one). */
export const SEARCH = `query Search($query: String!, $topics: [String!]) {
  search(query: $query, topics: $topics, first: 8) { entity { id kind name country } }
}`;

export const STATS = '{ graphStats { byType { type count } } }';

export interface StatsData {
  graphStats: { byType: { type: RelationshipType; count: number }[] };
}

export interface EntityDetails {
  id: string;
  kind: EntityKind;
  name: string;
  aliases: string[];
  description: string | null;
  country: string | null;
  degree: number;
  /** The FtM schema (Company, Vessel, Passport, …); null for datasets. */
  schema: string | null;
  topics: string[];
  identifiers: { scheme: string; value: string }[];
  [field: string]: unknown;
}

/** One alias per type for exact counts (`first: 0` costs nothing); the types come from graphStats. */
export function entityQuery(types: readonly RelationshipType[]): string {
  const counts = types.map((type) => `${type}: relationships(types: [${type}], first: 0) { totalCount }`).join(' ');
  return `query Entity($id: ID!) {
    entity(id: $id) {
      id kind name aliases description country degree schema topics identifiers { scheme value }
      ... on Company { sector website }
      ... on Article { title url publishedAt section summary }
      ... on Place { placeType }
      ... on Person { position }
      ... on Government { jurisdiction }
      ... on SanctionsList { authority url }
      ... on Event { date }
    }
    byType: entity(id: $id) { ${counts || 'id'} }
  }`;
}

/** Aliases allowed per operation (MAX_QUERY_ALIASES, 30) minus the one `entityQuery` always uses. */
export const MAX_COUNTED_TYPES = 29;

export interface RelationshipDetails extends EdgeData {
  description: string | null;
  from: { id: string; name: string };
  to: { id: string; name: string };
  evidence: EvidenceData[];
}

export const RELATIONSHIP = `query Relationship($id: ID!) {
  relationship(id: $id) {
    ${EDGE} description from { id name } to { id name } ${EVIDENCE}
  }
}`;

export const PATHS = `query Paths($from: ID!, $to: ID!, $asOf: String, $status: [RelationshipStatus!]) {
  shortestPath(from: $from, to: $to, asOf: $asOf, status: $status) { ${PATH} }
  paths(from: $from, to: $to, maxDepth: 4, limit: 5, asOf: $asOf, status: $status) { ${PATH} }
}`;

export interface ExposureData {
  hops: number;
  entity: { id: string; name: string };
  list: { id: string; name: string };
  listing: { id: string; status: RelationshipStatus; since: string | null };
  path: PathData;
}

/** Listings the explorer lists at most: the nearest, so a hub answers rather than refuses. */
export const EXPOSURE_SHOWN = 100;

export const EXPOSURE = `query Exposure($id: ID!, $maxHops: Int, $asOf: String, $first: Int) {
  exposure(id: $id, maxHops: $maxHops, asOf: $asOf, first: $first) {
    hops entity { id name } list { id name } listing { id status since } path { ${PATH} }
  }
}`;

/** Who to look for, as `screen` takes it (MatchQuery); fields left out are unknown. */
export interface ScreenQuery {
  key: string;
  names: string[];
  kind?: EntityKind;
  countries?: string[];
  birthDate?: string[];
  identifiers?: string[];
}

/** The worst a query's matches show: listed itself, near a listing, matched only, or no match. */
export type ScreenVerdict = 'LISTED' | 'EXPOSED' | 'MATCHED' | 'CLEAR';

/** Queries per `screen` call: the API's cap. */
export const SCREEN_BATCH = 100;

export interface ScreenRow {
  key: string;
  verdict: ScreenVerdict;
  bestScore: number | null;
  matches: { entity: { name: string }; score: number; exposures: { hops: number; list: { name: string } }[] }[];
}

/**
 * The results table: a verdict, the best match and the nearest listing per query. Kept this
 * small so that a full batch stays under the cost limit (about 46,600 of 50,000 for 100 queries:
 * the estimate counts every match's exposures at their cap, whatever `exposures` says).
 */
export const SCREEN = `query Screen($queries: [MatchQuery!]!, $threshold: Float, $hops: Int, $asOf: String) {
  screen(queries: $queries, threshold: $threshold, hops: $hops, asOf: $asOf, exposures: 1) {
    key verdict bestScore matches { entity { name } score exposures { hops list { name } } }
  }
}`;

export interface MatchFeatureData {
  name: string;
  weight: number;
  value: number;
  query: string | null;
  candidate: string | null;
}

/** An exposure with what drawing it needs: the list as a node, the listing as an edge. */
export interface ScreenExposureData extends Omit<ExposureData, 'list' | 'listing'> {
  list: NodeData;
  listing: EdgeData & { evidence: EvidenceData[] };
}

export interface ScreenMatchData {
  entity: { id: string; kind: EntityKind; name: string };
  score: number;
  match: boolean;
  features: MatchFeatureData[];
  exposures: ScreenExposureData[];
  exposuresTruncated: boolean;
}

/** One query again, in full, when its row is opened: each match's features and exposures with their evidence. */
export const SCREEN_DETAILS = `query ScreenDetails($query: MatchQuery!, $threshold: Float, $hops: Int, $asOf: String) {
  screen(queries: [$query], threshold: $threshold, hops: $hops, asOf: $asOf) {
    matches {
      entity { id kind name } score match features { name weight value query candidate } exposuresTruncated
      exposures { hops entity { id name } list { ${NODE} } listing { ${EDGE} ${EVIDENCE} } path { ${PATH} } }
    }
  }
}`;

/** What the New article form sends to `extract` (ArticleInput): fields left empty are left out. */
export interface ArticleMetadataInput {
  title: string;
  publisher?: string;
  authors?: string[];
  publishedAt?: string;
  url?: string;
}

/** An entity the text names: a stored one (`entity` set) or a new name, whose kind is a guess. */
export interface ProposedEntityData {
  id: string;
  name: string;
  kind: EntityKind;
  kindGuessed: boolean;
  aliases: string[];
  mentions: number;
  entity: { id: string; name: string; kind: EntityKind } | null;
}

export interface MentionData {
  /** UTF-16 code units into the text sent, as the page counts them. */
  offset: number;
  length: number;
  text: string;
  proposed: { id: string };
}

export interface ProposedRelationshipData {
  id: string;
  type: RelationshipType;
  status: RelationshipStatus;
  since: string | null;
  until: string | null;
  quote: string;
  offset: number | null;
  cue: string | null;
  alsoSaid: string[];
  from: { id: string; name: string; kind: EntityKind };
  to: { id: string; name: string; kind: EntityKind };
}

/** An entity of the draft, as `ingest` takes it (EntityInput). */
export interface DraftEntity {
  id: string;
  kind: EntityKind;
  name: string;
  aliases?: string[];
  [field: string]: unknown;
}

/** A relationship of the draft, as `ingest` takes it (RelationshipInput), its quotes as evidence. */
export interface DraftRelationship {
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  status: RelationshipStatus;
  since?: string;
  until?: string;
  evidence: { quote: string }[];
  [field: string]: unknown;
}

/** `ingest`'s input (IngestInput); `extract`'s draft has this shape. */
export interface IngestInputData {
  article: { id: string; kind: 'ARTICLE'; name: string; [field: string]: unknown };
  entities: DraftEntity[];
  relationships: DraftRelationship[];
}

export interface ExtractionData {
  articleId: string;
  mentions: MentionData[];
  entities: ProposedEntityData[];
  relationships: ProposedRelationshipData[];
  draft: IngestInputData;
}

/** Mentions without their candidates: the page shows what each name was taken to be, not the runners-up. */
export const EXTRACT = `query Extract($article: ArticleInput!, $text: String!) {
  extract(article: $article, text: $text) {
    articleId draft
    mentions { offset length text proposed { id } }
    entities { id name kind kindGuessed aliases mentions entity { id name kind } }
    relationships {
      id type status since until quote offset cue alsoSaid from { id name kind } to { id name kind }
    }
  }
}`;

export interface IngestResultData {
  article: { id: string; name: string };
  entitiesCreated: number;
  entitiesUpdated: number;
  entitiesUnchanged: number;
  relationshipsCreated: number;
  relationshipsUpdated: number;
  relationshipsUnchanged: number;
}

export const INGEST = `mutation Ingest($input: IngestInput!) {
  ingest(input: $input) {
    article { id name }
    entitiesCreated entitiesUpdated entitiesUnchanged relationshipsCreated relationshipsUpdated relationshipsUnchanged
  }
}`;
