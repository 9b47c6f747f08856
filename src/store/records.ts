import { KIND_PROPERTIES, LIST_PROPERTIES, type EntityKind } from '../model/entity-kinds';
import type { EntityRecord, EvidenceRecord, RelationshipRecord } from '../model/graph-document';
import { periodEnd, periodStart } from '../model/partial-date';
import type { RelationshipStatus } from '../model/statuses';
import type { RelationshipType } from '../model/relationship-types';

/**
 * How entities and relationships are stored in Neo4j, and read back. The one place that knows
 * the property layout:
 *
 * Node `:Entity:<KindLabel>` — id, kind, name, nameKey (lower-cased name: prefix filters and
 * keyset order use it), aliases[], aliasText (aliases joined, for the full-text index),
 * description, country, and the kind's own properties (KIND_PROPERTIES).
 *
 * Relationship `[:<TYPE>]` — id, status, since, until, validFrom/validTo (the full-date bounds
 * of since/until, compared as strings for asOf), description, and evidence as two parallel
 * lists evidenceArticles[] / evidenceQuotes[] (Neo4j properties cannot hold maps).
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
  evidence: EvidenceRecord[];
}

export type StoredProps = Record<string, string | string[] | null>;

export function entityProps(entity: EntityRecord): StoredProps {
  const aliases = entity.aliases ?? [];
  const props: StoredProps = {
    id: entity.id,
    kind: entity.kind,
    name: entity.name,
    nameKey: entity.name.toLowerCase(),
    aliases,
    aliasText: aliases.join(' | '),
    description: entity.description ?? null,
    country: entity.country ?? null,
  };
  for (const name of KIND_PROPERTIES[entity.kind]) {
    const value = entity[name];
    props[name] = value === undefined ? null : (value as string | string[]);
  }
  return props;
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
    evidenceArticles: relationship.evidence.map((evidence) => evidence.article),
    evidenceQuotes: relationship.evidence.map((evidence) => evidence.quote),
  };
}

/** Cypher map projection returning what entityRow() reads. `e` is the node variable. */
export const ENTITY_PROJECTION = 'e { .* }';

export function entityRow(props: Record<string, unknown>): EntityRow {
  const kind = props.kind as EntityKind;
  const properties: EntityRow['properties'] = {};
  for (const name of KIND_PROPERTIES[kind]) {
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
  const articles = (props.evidenceArticles as string[] | undefined) ?? [];
  const quotes = (props.evidenceQuotes as string[] | undefined) ?? [];
  return {
    id: props.id as string,
    type: props.type as RelationshipType,
    from: props.from as string,
    to: props.to as string,
    status: props.status as RelationshipStatus,
    since: (props.since as string | undefined) ?? null,
    until: (props.until as string | undefined) ?? null,
    description: (props.description as string | undefined) ?? null,
    evidence: articles.map((article, index) => ({ article, quote: quotes[index] ?? '' })),
  };
}

/**
 * Cypher condition: relationship `variable` holds on the day $asOf (a full `YYYY-MM-DD` from
 * periodStart(), or null for "ignore time"). Semantics in src/model/partial-date.ts.
 */
export function holdsAsOf(variable: string): string {
  return `($asOf IS NULL OR ((${variable}.validFrom IS NULL OR ${variable}.validFrom <= $asOf) AND (${variable}.validTo IS NULL OR ${variable}.validTo >= $asOf)))`;
}
