import { periodStart, isSymmetricType, type RelationshipType, ENTITY_LABEL, RELATIONSHIP_TYPE_NAMES } from '../model';
import { RELATIONSHIP_STATUSES, type Direction, type RelationshipStatus } from '../model';
import { cypherInt, type CypherRunner } from './cypher-runner';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { registeredTypes, relationshipByIdCall, relTypes, SYMMETRIC_TYPES } from './patterns';
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

const cursorOf = (row: RelationshipRow): string => encodeCursor([row.id]);

/** What narrows an anchored page beyond type and direction: its total must then count the edges themselves. */
interface PageFilter extends RelationshipSelection {
  from?: string | null;
  to?: string | null;
  article?: string | null;
}

const isNarrowed = (filter: PageFilter): boolean =>
  Boolean(filter.statuses?.length || filter.asOf || filter.from || filter.to || filter.article);

type End = keyof typeof ENDPOINT_ID_PROPERTIES;

/** The ends of `type`'s edges an entity's page reads: symmetric types are stored once and read from both. */
function endsOf(type: RelationshipType, direction: Direction): End[] {
  if (direction === 'BOTH' || isSymmetricType(type)) return ['from', 'to'];
  return direction === 'OUTGOING' ? ['from'] : ['to'];
}

/**
 * The entities with their degree and, per registered type (in registry order), how many edges of
 * it leave and enter each: degree-store lookups (dense nodes keep per-type counts), so a hub costs
 * what a small node does. One text whatever is asked, so one plan.
 */
const ENTITIES_WITH_TYPE_DEGREES = `UNWIND $ids AS entityId
  MATCH (e:${ENTITY_LABEL} {id: entityId})
  RETURN ${ENTITY_PROJECTION} AS entity, ${DEGREE_EXPRESSION} AS degree,
    [${RELATIONSHIP_TYPE_NAMES.map((type) => `COUNT { (e)-[:${type}]->() }, COUNT { (e)<-[:${type}]-() }`).join(', ')}] AS typeDegrees`;

/**
 * An entity's edges of one type at one end: its (endpoint id, id) index, ordered by both keys.
 * An end the page does not read ($readFrom/$readTo false) seeks '', which no edge has: a
 * parameter rather than another text, so one plan per type serves every direction.
 */
function typeEndMatch(type: RelationshipType, end: End): string {
  const property = ENDPOINT_ID_PROPERTIES[end];
  const read = end === 'from' ? '$readFrom' : '$readTo';
  const symmetric = isSymmetricType(type);
  // Every parameter keeps one type ('' for "any", every status for "any status"): another type is another plan.
  const filter = `r.status IN $statuses AND ${holdsAsOf('r', "$asOf = ''")}
      AND ($from = '' OR r.fromId = $from${symmetric ? ' OR r.toId = $from' : ''})
      AND ($to = '' OR r.toId = $to${symmetric ? ' OR r.fromId = $to' : ''})
      AND ($article = '' OR $article IN r.evidenceArticles)`;
  return `MATCH ()-[r:${type}]->() USING INDEX SEEK r:${type}(${property}, id)
      WHERE r.${property} = CASE WHEN ${read} THEN entityId ELSE '' END AND ${filter}`;
}

/**
 * Each entity's page of one type's edges (at most $limit after $afterId, by id), with the far
 * endpoint when $withEndpoints, and the number matching the filter when $countMatching (which
 * reads each of the entity's edges of the type, so only a narrowed total asks). CASE evaluates
 * only the branch it takes. One text per type, quick to plan and planned before the first
 * request (warmRelationshipPagePlans), where one statement over every type took seconds to plan
 * for each combination of types, direction and filter asked.
 */
function typePageStatement(type: RelationshipType): string {
  const ends: End[] = ['from', 'to'];
  const seeks = ends.map(
    (end) =>
      `${typeEndMatch(type, end)} AND r.id > $afterId RETURN r ORDER BY r.${ENDPOINT_ID_PROPERTIES[end]}, r.id LIMIT $limit`,
  );
  // `r.id >= ''` holds for every edge: the hint needs a predicate on each key of the index.
  const matches = ends.map((end) => `${typeEndMatch(type, end)} AND r.id >= '' RETURN r`);
  return `UNWIND $ids AS entityId
    RETURN entityId,
      COLLECT { CALL (entityId) { ${seeks.join(' UNION ALL ')} }
                WITH r ORDER BY r.id LIMIT $limit
                RETURN {r: ${RELATIONSHIP_PROJECTION},
                        far: CASE WHEN $withEndpoints
                               THEN properties(CASE WHEN r.fromId = entityId THEN endNode(r) ELSE startNode(r) END) END} } AS page,
      CASE WHEN $countMatching THEN COUNT { CALL (entityId) { ${matches.join(' UNION ALL ')} } } END AS matching`;
}

const TYPE_PAGE_STATEMENTS = new Map(RELATIONSHIP_TYPE_NAMES.map((type) => [type, typePageStatement(type)]));

interface TypePageRow {
  entityId: string;
  page: { r: Record<string, unknown>; far: Record<string, unknown> | null }[];
  matching: number | null;
}

function typePageParams(
  type: RelationshipType,
  filter: PageFilter,
  ids: readonly string[],
  limit: number,
  afterId: string,
  extras: PageExtras,
) {
  const ends = endsOf(type, filter.direction ?? 'BOTH');
  return {
    ids,
    readFrom: ends.includes('from'),
    readTo: ends.includes('to'),
    statuses: filter.statuses?.length ? filter.statuses : RELATIONSHIP_STATUSES,
    asOf: filter.asOf ? periodStart(filter.asOf) : '',
    from: filter.from ?? '',
    to: filter.to ?? '',
    article: filter.article ?? '',
    afterId,
    limit: cypherInt(limit),
    withEndpoints: extras.endpoints === true,
    countMatching: isNarrowed(filter),
  };
}

/** What else a page's statements read of its entity, on top of the page: the round trips it saves. */
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
 * Pages for many entities in two steps: the entities with their per-type degrees, then, in
 * parallel, one statement per type some entity has edges of at the ends asked (no statement for
 * the other types), merged here by id. The total is the degrees' sum unless the filter narrows it.
 */
async function entityPages(
  runner: CypherRunner,
  entityIds: readonly string[],
  filter: PageFilter,
  first: number,
  afterId: string | null,
  extras: PageExtras,
): Promise<Map<string, EntityPage>> {
  const direction = filter.direction ?? 'BOTH';
  const entities = await runner.read<{ entity: Record<string, unknown>; degree: number; typeDegrees: number[] }>(
    ENTITIES_WITH_TYPE_DEGREES,
    { ids: [...new Set(entityIds)] },
  );
  const found = entities.filter((row) => stillStored(row.entity));
  /** An entity's edges of `type` at the ends the page reads, by the degree store. */
  const typeDegree = (row: (typeof found)[number], type: RelationshipType): number => {
    const at = 2 * RELATIONSHIP_TYPE_NAMES.indexOf(type);
    const ends = endsOf(type, direction);
    return (ends.includes('from') ? row.typeDegrees[at] : 0) + (ends.includes('to') ? row.typeDegrees[at + 1] : 0);
  };
  const asked = registeredTypes(filter.types);
  const statements = asked
    .map((type) => ({
      type,
      ids: found.filter((row) => typeDegree(row, type) > 0).map((row) => row.entity.id as string),
    }))
    .filter(({ ids }) => ids.length > 0);
  const results = await Promise.all(
    statements.map(({ type, ids }) =>
      runner.read<TypePageRow>(
        TYPE_PAGE_STATEMENTS.get(type) as string,
        typePageParams(type, filter, ids, first + 1, afterId ?? '', extras),
      ),
    ),
  );
  const byEntity = new Map<string, TypePageRow[]>();
  for (const row of results.flat()) byEntity.set(row.entityId, [...(byEntity.get(row.entityId) ?? []), row]);
  const narrowed = isNarrowed(filter);
  return new Map(
    found.map((row) => {
      const entity = entityRow(row.entity);
      const parts = byEntity.get(entity.id) ?? [];
      // A symmetric edge to itself is read from both ends: once is enough.
      const seen = new Map<string, { r: Record<string, unknown>; far: Record<string, unknown> | null }>();
      for (const item of parts.flatMap((part) => part.page))
        if (stillStored(item.r)) seen.set(item.r.id as string, item);
      const page = [...seen.values()]
        .sort((a, b) => ((a.r.id as string) < (b.r.id as string) ? -1 : 1))
        .slice(0, first + 1);
      const endpoints = new Map<string, EntityRow>();
      for (const { far } of page.slice(0, first)) {
        if (far && stillStored(far) && far.id !== entity.id) endpoints.set(far.id as string, entityRow(far));
      }
      const total = narrowed
        ? parts.reduce((sum, part) => sum + (part.matching ?? 0), 0)
        : asked.reduce((sum, type) => sum + typeDegree(row, type), 0);
      return [
        entity.id,
        {
          rows: page.slice(0, first).map(({ r }) => relationshipRow(r)),
          totalCount: total,
          hasNextPage: page.length > first,
          hasPreviousPage: afterId !== null,
          cursorOf,
          entity,
          ...(extras.degree ? { degree: row.degree } : {}),
          endpoints: [...endpoints.values()],
        },
      ];
    }),
  );
}

/**
 * A page of relationships for each of many entities (the DataLoader behind
 * `Entity.relationships`): keyset-ordered by relationship id, with each entity's total, the
 * entity itself and, when asked, its degree and the page's endpoints.
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
  return entityPages(runner, entityIds, selection, first, afterId, extras);
}

/**
 * Plans what a first click sends before it comes: the per-type degrees, each type's page
 * statement and the look-up by id, each run as a real one would be (same text and parameter
 * types) for no entity.
 */
export async function warmRelationshipPagePlans(runner: CypherRunner): Promise<void> {
  await runner.read(ENTITIES_WITH_TYPE_DEGREES, { ids: [''] });
  await relationshipsByIds(runner, ['']);
  for (const [type, statement] of TYPE_PAGE_STATEMENTS) {
    await runner.read(statement, typePageParams(type, {}, [''], 1, '', {}));
  }
}

export interface RelationshipFilter extends PageFilter {
  /** Relationships touching this entity (direction applies from its side). */
  entity?: string | null;
}

const SCAN_FILTER = `($statuses IS NULL OR r.status IN $statuses) AND ${holdsAsOf('r')}
  AND ($from IS NULL OR startNode(r).id = $from OR (type(r) IN $symmetricTypes AND endNode(r).id = $from))
  AND ($to IS NULL OR endNode(r).id = $to OR (type(r) IN $symmetricTypes AND startNode(r).id = $to))
  AND ($article IS NULL OR $article IN r.evidenceArticles)`;

/** The top-level `relationships` list: anchored on an entity when one is given, else a typed scan. */
export async function listRelationships(
  runner: CypherRunner,
  filter: RelationshipFilter,
  first: number,
  after?: string | null,
): Promise<Page<RelationshipRow> & { cursorOf: typeof cursorOf }> {
  const afterId = after ? (decodeCursor(after, 1)[0] as string) : null;
  // Anchor on a known node whenever the filter names one: its pages, not a relationship scan.
  const anchor = filter.entity ?? filter.from ?? filter.to ?? null;
  if (anchor) {
    const page = (await entityPages(runner, [anchor], filter, first, afterId, {})).get(anchor);
    return page ?? { rows: [], totalCount: 0, hasNextPage: false, hasPreviousPage: afterId !== null, cursorOf };
  }
  const [row] = await runner.read<{ total: number; page: Record<string, unknown>[] }>(
    `RETURN COUNT { MATCH ()-[r${relTypes(filter.types)}]->() WHERE ${SCAN_FILTER} } AS total,
       COLLECT { MATCH ()-[r${relTypes(filter.types)}]->() WHERE ${SCAN_FILTER} AND ($afterId IS NULL OR r.id > $afterId)
                 WITH r ORDER BY r.id LIMIT $limit RETURN ${RELATIONSHIP_PROJECTION} } AS page`,
    {
      statuses: filter.statuses?.length ? filter.statuses : null,
      asOf: filter.asOf ? periodStart(filter.asOf) : null,
      symmetricTypes: SYMMETRIC_TYPES,
      from: filter.from ?? null,
      to: filter.to ?? null,
      article: filter.article ?? null,
      afterId,
      limit: cypherInt(first + 1),
    },
  );
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
