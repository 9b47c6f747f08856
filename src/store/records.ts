import {
  FTM_STORED_PROPERTIES,
  identifierKey,
  identifierKeyValue,
  identifiersOf,
  KIND_PROPERTIES,
  LIST_PROPERTIES,
  PROVENANCE_PROPERTIES,
  type FtmStatement,
  type EntityKind,
  evidenceSource,
  isArticleEvidence,
  type EntityRecord,
  type EvidenceRecord,
  type RelationshipRecord,
  periodEnd,
  periodStart,
} from '../model';
import type { RelationshipStatus, RelationshipType } from '../model';
import { matchKeyText } from '../match';

/**
 * How entities and relationships are stored in Neo4j, and read back. The one place that knows
 * the property layout:
 *
 * Node `:Entity:<KindLabel>` — id, kind, name, nameKey (lower-cased name: prefix filters and
 * keyset order use it), aliases[], aliasText (aliases joined, for the full-text index),
 * description, country, matchKeys (the keys src/match finds it by, for the entity_match full-text
 * index), listedWithin (the exposure index's bound, src/store/exposure-index.store.ts; kept across
 * rewrites of the entity), the kind's own properties (KIND_PROPERTIES) and, when known, the
 * provenance ones (PROVENANCE_PROPERTIES; absent rather than empty, so graphs written before
 * they existed compare unchanged).
 *
 * Relationship `[:<TYPE>]` — id, status, since, until, validFrom/validTo (the full-date bounds
 * of since/until, compared as strings for asOf), description, role, and evidence as parallel
 * lists (Neo4j properties cannot hold maps): evidenceArticles[] holds each source's id (an
 * ARTICLE or a DATASET; the name predates datasets) and evidenceQuotes[] its quote. Only when a
 * dataset is cited do evidenceKinds[], evidenceUrls[], evidenceFirstSeen[] and
 * evidenceLastSeen[] follow ('' for none), so article-only edges keep their old layout. A list
 * of only empty strings (no aliases, no quotes) is not stored at all (storedList).
 * The write path also sets fromId/toId (ENDPOINT_ID_PROPERTIES), the endpoints' ids: endpoints
 * never change, and per-type indexes on (endpoint id, id) serve keyset pages of hubs by seek.
 */
export interface EntityRow {
  id: string;
  kind: EntityKind;
  name: string;
  aliases: string[];
  description: string | null;
  country: string | null;
  /** Kind-specific properties, by name. */
  properties: Record<string, string | string[] | null>;
}

export interface RelationshipRow {
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  status: RelationshipStatus;
  since: string | null;
  until: string | null;
  description: string | null;
  /** Present only when set: most edges have none. */
  role?: string;
  evidence: EvidenceRecord[];
  /** The FtM statement (JSON text, as stored) of an edge imported from FollowTheMoney. */
  ftmJson?: string;
}

/** Endpoint ids denormalised onto every relationship; relationshipRow() reads them from the nodes. */
export const ENDPOINT_ID_PROPERTIES = { from: 'fromId', to: 'toId' } as const;

export type StoredProps = Record<string, string | string[] | null>;

/** A relationship's properties as written, with the endpoint ids every written edge carries. */
export const withEndpointIds = <P extends StoredProps>(props: P, from: string, to: string): P => ({
  ...props,
  [ENDPOINT_ID_PROPERTIES.from]: from,
  [ENDPOINT_ID_PROPERTIES.to]: to,
});

/**
 * A list with nothing but empty strings is stored as no property: the readers below give back
 * [] or '' for it, and neo4j-admin's CSV import (import --bulk) cannot write such lists at all.
 */
const storedList = (values: readonly string[]): string[] | null =>
  values.some((value) => value !== '') ? [...values] : null;

export function entityProps(entity: EntityRecord): StoredProps {
  const aliases = entity.aliases ?? [];
  const props: StoredProps = {
    id: entity.id,
    kind: entity.kind,
    name: entity.name,
    nameKey: entity.name.toLowerCase(),
    aliases: storedList(aliases),
    aliasText: aliases.join(' | '),
    description: entity.description ?? null,
    country: entity.country ?? null,
  };
  for (const name of KIND_PROPERTIES[entity.kind]) {
    const value = entity[name] as string | string[] | undefined;
    props[name] = value === undefined ? null : Array.isArray(value) ? storedList(value) : value;
  }
  for (const name of PROVENANCE_PROPERTIES) {
    const value = entity[name] as string | string[] | undefined;
    props[name] = value === undefined ? null : Array.isArray(value) ? storedList(value) : value;
  }
  const ftm = ftmProps(entity.ftm);
  const identifiers = ((ftm.identifierKeys as string[] | null) ?? []).map(identifierKeyValue);
  return {
    ...props,
    ...ftm,
    matchKeys: matchKeyText([entity.name, ...aliases], entity.kind === 'PERSON', identifiers),
  };
}

/** The FtM statement and the copies of it filters read (FTM_STORED_PROPERTIES); all null without one. */
function ftmProps(
  ftm: FtmStatement | undefined,
): Record<(typeof FTM_STORED_PROPERTIES)[number], string | string[] | null> {
  const values = (...names: string[]) => storedList(names.flatMap((name) => ftm?.properties[name] ?? []));
  const identifiers = ftm === undefined ? [] : identifiersOf(ftm.schema, ftm.properties);
  return {
    ftm: ftm === undefined ? null : JSON.stringify(ftm),
    schema: ftm?.schema ?? null,
    topics: values('topics'),
    birthDate: values('birthDate'),
    nationality: values('nationality', 'citizenship'),
    identifierKeys: storedList([...new Set(identifiers.map((item) => identifierKey(item.scheme, item.normalized)))]),
  };
}

const EVIDENCE_KINDS = { article: 'ARTICLE', dataset: 'DATASET' } as const;

function evidenceProps(evidence: readonly EvidenceRecord[]): StoredProps {
  const props: StoredProps = {
    evidenceArticles: evidence.map(evidenceSource),
    evidenceQuotes: storedList(evidence.map((item) => item.quote ?? '')),
  };
  if (evidence.every(isArticleEvidence)) return props;
  const datasetField = (field: 'url' | 'firstSeen' | 'lastSeen') =>
    storedList(evidence.map((item) => (isArticleEvidence(item) ? '' : (item[field] ?? ''))));
  return {
    ...props,
    evidenceKinds: evidence.map((item) => (isArticleEvidence(item) ? EVIDENCE_KINDS.article : EVIDENCE_KINDS.dataset)),
    evidenceUrls: datasetField('url'),
    evidenceFirstSeen: datasetField('firstSeen'),
    evidenceLastSeen: datasetField('lastSeen'),
  };
}

function evidenceRecords(props: Record<string, unknown>): EvidenceRecord[] {
  const list = (name: string): string[] => (props[name] as string[] | undefined) ?? [];
  const [sources, quotes, kinds, urls, firstSeen, lastSeen] = [
    'evidenceArticles',
    'evidenceQuotes',
    'evidenceKinds',
    'evidenceUrls',
    'evidenceFirstSeen',
    'evidenceLastSeen',
  ].map(list);
  return sources.map((source, index): EvidenceRecord => {
    if (kinds[index] !== EVIDENCE_KINDS.dataset) return { article: source, quote: quotes[index] ?? '' };
    const optional = (name: string, value: string | undefined) => (value ? { [name]: value } : {});
    return {
      dataset: source,
      ...optional('quote', quotes[index]),
      ...optional('url', urls[index]),
      ...optional('firstSeen', firstSeen[index]),
      ...optional('lastSeen', lastSeen[index]),
    };
  });
}

export function relationshipProps(relationship: RelationshipRecord): StoredProps {
  return {
    id: relationship.id,
    status: relationship.status,
    since: relationship.since ?? null,
    until: relationship.until ?? null,
    validFrom: relationship.since ? periodStart(relationship.since) : null,
    validTo: relationship.until ? periodEnd(relationship.until) : null,
    description: relationship.description ?? null,
    role: relationship.role ?? null,
    ...evidenceProps(relationship.evidence),
    ftm: relationship.ftm === undefined ? null : JSON.stringify(relationship.ftm),
    schema: relationship.ftm?.schema ?? null,
  };
}

/**
 * Read committed: a node or relationship another transaction deletes after a statement matched
 * it projects as an empty map. Lists leave such a record out, as if the delete had come first.
 */
export const stillStored = (props: Record<string, unknown>): boolean => props.id !== undefined && props.id !== null;

/** Cypher map projection returning what entityRow() reads. `e` is the node variable. */
export const ENTITY_PROJECTION = 'e { .* }';

export function entityRow(props: Record<string, unknown>): EntityRow {
  const kind = props.kind as EntityKind;
  const properties: EntityRow['properties'] = {};
  for (const name of [...KIND_PROPERTIES[kind], ...PROVENANCE_PROPERTIES, ...FTM_STORED_PROPERTIES]) {
    const value = props[name];
    properties[name] =
      value === undefined || value === null ? (LIST_PROPERTIES.has(name) ? [] : null) : (value as string | string[]);
  }
  return {
    id: props.id as string,
    kind,
    name: props.name as string,
    aliases: (props.aliases as string[] | undefined) ?? [],
    description: (props.description as string | undefined) ?? null,
    country: (props.country as string | undefined) ?? null,
    properties,
  };
}

/** Cypher expression returning what relationshipRow() reads; `r` is the relationship variable. */
export const RELATIONSHIP_PROJECTION = 'r { .*, type: type(r), from: startNode(r).id, to: endNode(r).id }';

export function relationshipRow(props: Record<string, unknown>): RelationshipRow {
  return {
    id: props.id as string,
    type: props.type as RelationshipType,
    from: props.from as string,
    to: props.to as string,
    status: props.status as RelationshipStatus,
    since: (props.since as string | undefined) ?? null,
    until: (props.until as string | undefined) ?? null,
    description: (props.description as string | undefined) ?? null,
    ...(typeof props.role === 'string' ? { role: props.role } : {}),
    evidence: evidenceRecords(props),
    ...(typeof props.ftm === 'string' ? { ftmJson: props.ftm } : {}),
  };
}

/**
 * Cypher condition: relationship `variable` holds on the day $asOf (a full `YYYY-MM-DD` from
 * periodStart(), or null for "ignore time"; a statement that must keep one parameter type, and so
 * one plan, passes '' for it and says so in `ignoreTime`). Semantics in src/model/partial-date.ts.
 */
export function holdsAsOf(variable: string, ignoreTime = '$asOf IS NULL'): string {
  return `(${ignoreTime} OR ((${variable}.validFrom IS NULL OR ${variable}.validFrom <= $asOf) AND (${variable}.validTo IS NULL OR ${variable}.validTo >= $asOf)))`;
}

/** Statements already parsed, by their stored JSON text: a page names the same entity many times. */
const parsedStatements = new Map<string, FtmStatement>();
const PARSED_STATEMENTS_MAX = 10_000;

/** The FtM statement an imported entity or relationship keeps (its stored `ftm`, JSON text), parsed. */
export function storedStatement(json: unknown): FtmStatement | undefined {
  if (typeof json !== 'string') return undefined;
  const known = parsedStatements.get(json);
  if (known !== undefined) return known;
  const statement = JSON.parse(json) as FtmStatement;
  if (parsedStatements.size >= PARSED_STATEMENTS_MAX) parsedStatements.clear();
  parsedStatements.set(json, statement);
  return statement;
}
