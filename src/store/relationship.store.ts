import { periodStart, isSymmetricType, type RelationshipType, ENTITY_LABEL } from '../model';
import type { Direction, RelationshipStatus } from '../model';
import { cypherInt, type CypherRunner } from './cypher-runner';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { directionCondition, directionParams, registeredTypes, relationshipByIdCall, relTypes } from './patterns';
import {
  ENDPOINT_ID_PROPERTIES,
  ENTITY_PROJECTION,
  entityRow,
  stillStored,
  type EntityRow,
  holdsAsOf,
  RELATIONSHIP_PROJECTION,
  relationshipRow,
  type RelationshipRow,
} from './records';
import { recordChanges, relationshipChangeOf } from './change-feed.store';
import { DEGREE_EXPRESSION } from './entity.store';
import { lockWriteKeys, relationshipIdKey } from './write-locks';

export async function relationshipsByIds(
  runner: CypherRunner,
  ids: readonly string[],
): Promise<Map<string, RelationshipRow>> {
  const rows = await runner.read<{ r: Record<string, unknown> }>(
    `UNWIND $ids AS id ${relationshipByIdCall('id')} RETURN ${RELATIONSHIP_PROJECTION} AS r`,
    { ids: [...new Set(ids)] },
  );
  return new Map(rows.filter(({ r }) => stillStored(r)).map(({ r }) => [r.id as string, relationshipRow(r)]));
}

/** Which relationships of an entity to read; the same shape serves every entity in a batch. */
export interface RelationshipSelection {
  direction?: Direction;
  types?: RelationshipType[] | null;
  statuses?: RelationshipStatus[] | null;
  asOf?: string | null;
}

function selectionParams(selection: RelationshipSelection): Record<string, unknown> {
  return {
    ...directionParams(selection.direction),
    statuses: selection.statuses?.length ? selection.statuses : null,
    asOf: selection.asOf ? periodStart(selection.asOf) : null,
  };
}

const cursorOf = (row: RelationshipRow): string => encodeCursor([row.id]);

const hasFilter = (selection: RelationshipSelection): boolean =>
  Boolean(selection.statuses?.length) || Boolean(selection.asOf);

const SELECTION_FILTER = `($statuses IS NULL OR r.status IN $statuses) AND ${holdsAsOf('r')}`;

/**
 * `e`'s relationships in the selection as one subquery per type and end: a seek of that type's
 * (endpoint id, id) index, already in id order, filtered and cut at $limit, so a hub costs what
 * a small node does. Symmetric types are stored once and read from both ends.
 */
function pageBranches(selection: RelationshipSelection, condition = 'true'): string[] {
  const direction = selection.direction ?? 'BOTH';
  return registeredTypes(selection.types).flatMap((type) => {
    const ends: (keyof typeof ENDPOINT_ID_PROPERTIES)[] =
      direction === 'BOTH' || isSymmetricType(type) ? ['from', 'to'] : direction === 'OUTGOING' ? ['from'] : ['to'];
    return ends.map((end) => {
      const property = ENDPOINT_ID_PROPERTIES[end];
      // Ordered by both index keys: with the endpoint first the planner takes the index order, no sort.
      return `MATCH ()-[r:${type}]->() USING INDEX SEEK r:${type}(${property}, id)
        WHERE r.${property} = e.id AND r.id > coalesce($afterId, '') AND ${SELECTION_FILTER} AND ${condition}
        RETURN r ORDER BY r.${property}, r.id LIMIT $limit`;
    });
  });
}

/**
 * `e`'s number of relationships in the selection. Unfiltered, degree-store lookups (GetDegree:
 * dense nodes keep per-type counts); a status or asOf filter must read each edge.
 */
function totalExpression(selection: RelationshipSelection): string {
  if (hasFilter(selection)) {
    return `COUNT { MATCH (e)-[r${relTypes(selection.types)}]-() WHERE ${directionCondition('e', 'r')} AND ${SELECTION_FILTER} }`;
  }
  const direction = selection.direction ?? 'BOTH';
  const types = registeredTypes(selection.types);
  const directed = types.filter((type) => !isSymmetricType(type));
  const either = direction === 'BOTH' ? types : types.filter(isSymmetricType);
  const arrows = direction === 'OUTGOING' ? ['-', '->'] : ['<-', '-'];
  const counts = [
    ...(direction !== 'BOTH' && directed.length > 0
      ? [`COUNT { (e)${arrows[0]}[${relTypes(directed)}]${arrows[1]}() }`]
      : []),
    ...(either.length > 0 ? [`COUNT { (e)-[${relTypes(either)}]-() }`] : []),
  ];
  return counts.length > 0 ? counts.join(' + ') : '0';
}

/** What else a page's statement reads of its entity, on top of the page: the round trips it saves. */
export interface PageExtras {
  /** The entity's degree (any type, both directions), as degreesByIds gives it. */
  degree?: boolean;
  /** The page's endpoints other than the entity itself, as entitiesByIds gives them. */
  endpoints?: boolean;
}

export type EntityPage = Page<RelationshipRow> & {
  cursorOf: typeof cursorOf;
  /** The entity the page belongs to: a page read is also a read of its entity. */
  entity: EntityRow;
  degree?: number;
  endpoints: EntityRow[];
};

/**
 * A page of relationships for each of many entities, in one query (the DataLoader behind
 * `Entity.relationships`): keyset-ordered by relationship id, with each entity's total, the
 * entity itself and, when asked, its degree and the page's endpoints. The extras are switched by
 * parameters, not by the text, so every combination shares one (slow to plan) plan; CASE
 * evaluates only the branch it takes.
 */
export async function relationshipPagesForEntities(
  runner: CypherRunner,
  entityIds: readonly string[],
  selection: RelationshipSelection,
  first: number,
  after?: string | null,
  extras: PageExtras = {},
): Promise<Map<string, EntityPage>> {
  const afterId = after ? (decodeCursor(after, 1)[0] as string) : null;
  const rows = await runner.read<{
    entity: Record<string, unknown>;
    total: number;
    degree: number | null;
    page: Record<string, unknown>[];
    endpoints: Record<string, unknown>[];
  }>(
    `UNWIND $ids AS id
     MATCH (e:${ENTITY_LABEL} {id: id})
     WITH e, COLLECT { CALL (e) { ${pageBranches(selection).join(' UNION ALL ')} }
                       WITH r ORDER BY r.id LIMIT $limit RETURN r } AS rels
     RETURN ${ENTITY_PROJECTION} AS entity,
       ${totalExpression(selection)} AS total,
       CASE WHEN $withDegree THEN ${DEGREE_EXPRESSION} END AS degree,
       [r IN rels | ${RELATIONSHIP_PROJECTION}] AS page,
       CASE WHEN $withEndpoints
         THEN COLLECT { UNWIND rels AS r UNWIND [startNode(r), endNode(r)] AS n
                        WITH DISTINCT n WHERE n <> e RETURN n { .* } }
         ELSE [] END AS endpoints`,
    // afterId is a string even on a first page: a null is another parameter type, so another plan of the whole union.
    {
      ids: [...new Set(entityIds)],
      ...selectionParams(selection),
      afterId: afterId ?? '',
      limit: cypherInt(first + 1),
      withDegree: extras.degree === true,
      withEndpoints: extras.endpoints === true,
    },
  );
  return new Map(
    rows
      .filter((row) => stillStored(row.entity))
      .map((row) => {
        const entity = entityRow(row.entity);
        const page = row.page.filter(stillStored).map(relationshipRow);
        return [
          entity.id,
          {
            rows: page.slice(0, first),
            totalCount: row.total,
            hasNextPage: page.length > first,
            hasPreviousPage: afterId !== null,
            cursorOf,
            entity,
            ...(row.degree === null ? {} : { degree: row.degree }),
            endpoints: row.endpoints.filter(stillStored).map(entityRow),
          },
        ];
      }),
  );
}

/**
 * Plans the unfiltered entity page query of each direction before any request needs it: its
 * union of one index seek per type and end takes seconds to plan on a cold server. Same text and
 * parameter types as a real page, for an id no entity has.
 */
export async function warmRelationshipPagePlans(runner: CypherRunner): Promise<void> {
  // BOTH first: the default, and what the explorer asks for.
  for (const direction of ['BOTH', 'OUTGOING', 'INCOMING'] as const) {
    await relationshipPagesForEntities(runner, [''], { direction }, 1);
  }
}

export interface RelationshipFilter extends RelationshipSelection {
  /** Relationships touching this entity (direction applies from its side). */
  entity?: string | null;
  from?: string | null;
  to?: string | null;
  /** Relationships this article is evidence for. */
  article?: string | null;
}

/** The top-level `relationships` list: anchored on an entity when one is given, else a typed scan. */
export async function listRelationships(
  runner: CypherRunner,
  filter: RelationshipFilter,
  first: number,
  after?: string | null,
): Promise<Page<RelationshipRow> & { cursorOf: typeof cursorOf }> {
  const afterId = after ? (decodeCursor(after, 1)[0] as string) : null;
  // Anchor on a known node whenever the filter names one: an index seek, not a relationship scan.
  const anchor = filter.entity ?? filter.from ?? filter.to ?? null;
  const endpoints = `($from IS NULL OR startNode(r).id = $from OR (type(r) IN $symmetricTypes AND endNode(r).id = $from))
    AND ($to IS NULL OR endNode(r).id = $to OR (type(r) IN $symmetricTypes AND startNode(r).id = $to))
    AND ($article IS NULL OR $article IN r.evidenceArticles)`;
  const where = `(${anchor ? directionCondition('e', 'r') : 'true'}) AND ${endpoints} AND ${SELECTION_FILTER}`;
  // Anchored, the page is the entity page's ordered seeks; the total a degree lookup unless filtered.
  const narrowed = hasFilter(filter) || Boolean(filter.from ?? filter.to ?? filter.article);
  const cypher = anchor
    ? `OPTIONAL MATCH (e:${ENTITY_LABEL} {id: $anchor})
       RETURN CASE WHEN e IS NULL THEN 0
                   ELSE ${narrowed ? `COUNT { MATCH (e)-[r${relTypes(filter.types)}]-() WHERE ${where} }` : totalExpression(filter)}
              END AS total,
         COLLECT { CALL (e) { ${pageBranches(filter, endpoints).join(' UNION ALL ')} }
                   WITH r ORDER BY r.id LIMIT $limit RETURN ${RELATIONSHIP_PROJECTION} } AS page`
    : `RETURN COUNT { MATCH ()-[r${relTypes(filter.types)}]->() WHERE ${where} } AS total,
         COLLECT { MATCH ()-[r${relTypes(filter.types)}]->() WHERE ${where} AND ($afterId IS NULL OR r.id > $afterId)
                   WITH r ORDER BY r.id LIMIT $limit RETURN ${RELATIONSHIP_PROJECTION} } AS page`;
  const [row] = await runner.read<{ total: number; page: Record<string, unknown>[] }>(cypher, {
    ...selectionParams(filter),
    anchor,
    from: filter.from ?? null,
    to: filter.to ?? null,
    article: filter.article ?? null,
    afterId,
    limit: cypherInt(first + 1),
  });
  const page = row.page.map(relationshipRow);
  return {
    rows: page.slice(0, first),
    totalCount: row.total,
    hasNextPage: page.length > first,
    hasPreviousPage: afterId !== null,
    cursorOf,
  };
}

export async function deleteRelationship(runner: CypherRunner, id: string): Promise<boolean> {
  return runner.write(async (tx) => {
    // The import's lock on this id: an upsert that found the edge then updates it, not a void.
    await lockWriteKeys(tx, [relationshipIdKey(id)]);
    // Its last state is read before it goes: the change feed records what was deleted.
    const deleted = await tx.run<{ r: Record<string, unknown> }>(
      `WITH $id AS id ${relationshipByIdCall('id')} WITH r, ${RELATIONSHIP_PROJECTION} AS props DELETE r RETURN props AS r`,
      { id },
    );
    await recordChanges(
      tx,
      deleted.map(({ r }) => relationshipChangeOf('DELETED', r)),
    );
    return deleted.length > 0;
  });
}
