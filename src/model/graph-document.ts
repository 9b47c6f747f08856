import type { EntityKind } from './entity-kinds';
import type { RelationshipStatus } from './statuses';
import type { RelationshipType } from './relationship-types';

/**
 * The interchange shape for a batch of entities and relationships: the seed file, the
 * `ingest` mutation and the bulk importer all speak it, and one validator checks it.
 */
export interface EntityRecord {
  id: string;
  kind: EntityKind;
  name: string;
  aliases?: string[];
  description?: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string;
  /** What its FollowTheMoney source said, whole: kept so an export gives it back as it came. */
  ftm?: FtmStatement;
  /** Kind-specific properties (see KIND_PROPERTIES); strings, or string arrays for `tags`. */
  [property: string]: unknown;
}

/**
 * An FtM entity's schema, id (when ours differs) and properties, each a list of values as FtM
 * normalises them (src/model/ftm-values.ts): what an imported entity or edge keeps of its line.
 */
export interface FtmStatement {
  schema: string;
  id?: string;
  properties: Record<string, string[]>;
}

/** An article that says so, with a short quote. */
export interface ArticleEvidence {
  /** Id of an ARTICLE entity, in the same document or already in the graph. */
  article: string;
  /** A short excerpt (at most MAX_QUOTE_WORDS words) supporting the relationship. */
  quote: string;
}

/** A dataset that states the relationship (an FtM import), and when and where it did. */
export interface DatasetEvidence {
  /** Id of a DATASET entity, in the same document or already in the graph. */
  dataset: string;
  quote?: string;
  /** The page the dataset took the statement from. */
  url?: string;
  /** Partial ISO dates: when the dataset first and last carried the statement. */
  firstSeen?: string;
  lastSeen?: string;
}

export type EvidenceRecord = ArticleEvidence | DatasetEvidence;

export const isArticleEvidence = (evidence: EvidenceRecord): evidence is ArticleEvidence => 'article' in evidence;

/** The entity that says so, whichever kind of source it is. */
export const evidenceSource = (evidence: EvidenceRecord): string =>
  isArticleEvidence(evidence) ? evidence.article : evidence.dataset;

export interface RelationshipRecord {
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  status: RelationshipStatus;
  since?: string;
  until?: string;
  description?: string;
  /** The capacity in which it holds ("director", "spouse", or our type for an FtM UnknownLink). */
  role?: string;
  evidence: EvidenceRecord[];
  /** The FtM edge entity (Ownership, Sanction, Payment, …) it was imported from. */
  ftm?: FtmStatement;
}

export interface GraphDocument {
  entities: EntityRecord[];
  relationships: RelationshipRecord[];
}

export const LIMITS = {
  idPattern: /^[a-z0-9](?:[a-z0-9-]{0,126}[a-z0-9])?$/,
  maxNameLength: 300,
  maxDescriptionLength: 4000,
  maxAliases: 50,
  maxQuoteWords: 30,
  maxQuoteLength: 400,
  maxEvidence: 20,
  countryPattern: /^[A-Z]{2}$/,
} as const;
