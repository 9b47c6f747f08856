import type { EntityKind, RelationshipStatus } from '../model';
import { KIND_FTM_SCHEMA, normalizeIdentifier, periodStart } from '../model';
import { cypherInt, type CypherRunner } from './cypher-runner';
import { decodeCursor, encodeCursor, type Page } from './cursor';
import { entityChangeOf, recordChanges, relationshipChangeOf } from './change-feed.store';
import {
  ENTITY_PROJECTION,
  entityRow,
  holdsAsOf,
  RELATIONSHIP_PROJECTION,
  stillStored,
  type EntityRow,
} from './records';

export async function entitiesByIds(runner: CypherRunner, ids: readonly string[]): Promise<Map<string, EntityRow>> {
  const rows = await runner.read<{ e: Record<string, unknown> }>(
    'UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e {.*} AS e',
    { ids: [...new Set(ids)] },
  );
  return new Map(rows.filter(({ e }) => stillStored(e)).map(({ e }) => [e.id as string, entityRow(e)]));
}

/** Entity `e`'s number of relationships, any type and direction: a degree-store lookup on dense nodes. */
export const DEGREE_EXPRESSION = 'COUNT { (e)--() }';

export async function degreesByIds(runner: CypherRunner, ids: readonly string[]): Promise<Map<string, number>> {
  const rows = await runner.read<{ id: string; degree: number }>(
    `UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN id, ${DEGREE_EXPRESSION} AS degree`,
    { ids: [...new Set(ids)] },
  );
  return new Map(rows.map((row) => [row.id, row.degree]));
}

export interface EntityFilter {
  kinds?: EntityKind[] | null;
  ids?: string[] | null;
  namePrefix?: string | null;
  nameContains?: string | null;
  country?: string | null;
  /** Entities with a listing on this list, of these statuses (default ACTIVE), holding asOf. */
  listedOn?: string | null;
  listingStatus?: RelationshipStatus[] | null;
  asOf?: string | null;
  /** FtM topics, any of them. */
  topics?: string[] | null;
  /** FtM schemata (an entity written here counts as its kind's schema). */
  schemata?: string[] | null;
  /** FtM nationality or citizenship codes (lower case), any of them. */
  nationality?: string[] | null;
  birthYear?: number | null;
  /** An identifier value (normalised before it is compared), its own or on a document that IDENTIFIES it. */
  hasIdentifier?: string | null;
  identifierScheme?: string | null;
}

export type EntityOrder = 'NAME_ASC' | 'NAME_DESC' | 'ID_ASC' | 'ID_DESC';

const ORDERS: Record<EntityOrder, { keys: [string, string]; descending: boolean }> = {
  NAME_ASC: { keys: ['e.nameKey', 'e.id'], descending: false },
  NAME_DESC: { keys: ['e.nameKey', 'e.id'], descending: true },
  ID_ASC: { keys: ['e.id', 'e.id'], descending: false },
  ID_DESC: { keys: ['e.id', 'e.id'], descending: true },
};

/** Key `k` (`SCHEME:NORMALISED`, records.ts) is the identifier asked for, of the scheme asked if any. */
const IDENTIFIER_KEY_MATCHES = `(CASE WHEN $identifierScheme IS NULL THEN k ENDS WITH $identifier ELSE k = $identifierScheme + $identifier END)`;

const ENTITY_FILTER = `($kinds IS NULL OR e.kind IN $kinds)
  AND ($ids IS NULL OR e.id IN $ids)
  AND ($namePrefix IS NULL OR e.nameKey STARTS WITH $namePrefix)
  AND ($nameContains IS NULL OR e.nameKey CONTAINS $nameContains OR any(a IN e.aliases WHERE toLower(a) CONTAINS $nameContains))
  AND ($country IS NULL OR e.country = $country)
  AND ($listedOn IS NULL OR EXISTS {
    MATCH (e)-[r:LISTED_ON]->(:SanctionsList {id: $listedOn})
    WHERE r.status IN $listingStatus AND ${holdsAsOf('r')}
  })
  AND ($topics IS NULL OR any(t IN coalesce(e.topics, []) WHERE t IN $topics))
  AND ($schemata IS NULL OR coalesce(e.schema, $kindSchemas[e.kind]) IN $schemata)
  AND ($nationality IS NULL OR any(c IN coalesce(e.nationality, []) WHERE c IN $nationality))
  AND ($birthYear IS NULL OR any(d IN coalesce(e.birthDate, []) WHERE left(d, 4) = $birthYear))
  AND ($identifier IS NULL
    OR any(k IN coalesce(e.identifierKeys, []) WHERE ${IDENTIFIER_KEY_MATCHES})
    OR EXISTS {
      MATCH (e)<-[:IDENTIFIES]-(document:Entity)
      WHERE any(k IN coalesce(document.identifierKeys, []) WHERE ${IDENTIFIER_KEY_MATCHES})
    })`;

function identifierParams(filter: EntityFilter): { identifier: string | null; identifierScheme: string | null } {
  const normalized = filter.hasIdentifier ? normalizeIdentifier(filter.hasIdentifier) : '';
  // ':' + value: a key ends with it only when the whole normalised value matches.
  return {
    identifier: normalized === '' ? null : `:${normalized}`,
    identifierScheme: normalized === '' ? null : (filter.identifierScheme ?? null),
  };
}

/** One page of entities in keyset order, with the filter's total count, in one query. */
export async function listEntities(
  runner: CypherRunner,
  filter: EntityFilter,
  order: EntityOrder,
  first: number,
  after?: string | null,
): Promise<Page<EntityRow> & { cursorOf: (row: EntityRow) => string }> {
  const { keys, descending } = ORDERS[order];
  const [k1, k2] = keys;
  const cmp = descending ? '<' : '>';
  const cursor = after ? decodeCursor(after, 2) : null;
  const dir = descending ? 'DESC' : 'ASC';
  const [row] = await runner.read<{ total: number; page: Record<string, unknown>[] }>(
    `RETURN COUNT { MATCH (e:Entity) WHERE ${ENTITY_FILTER} } AS total,
       COLLECT {
         MATCH (e:Entity) WHERE ${ENTITY_FILTER}
           AND ($c1 IS NULL OR ${k1} ${cmp} $c1 OR (${k1} = $c1 AND ${k2} ${cmp} $c2))
         WITH e ORDER BY ${k1} ${dir}, ${k2} ${dir} LIMIT $limit
         RETURN e {.*}
       } AS page`,
    {
      kinds: filter.kinds?.length ? filter.kinds : null,
      ids: filter.ids ?? null,
      namePrefix: filter.namePrefix?.toLowerCase() ?? null,
      nameContains: filter.nameContains?.toLowerCase() ?? null,
      country: filter.country ?? null,
      listedOn: filter.listedOn ?? null,
      listingStatus: filter.listingStatus?.length ? filter.listingStatus : ['ACTIVE'],
      asOf: filter.asOf ? periodStart(filter.asOf) : null,
      topics: filter.topics?.length ? filter.topics : null,
      schemata: filter.schemata?.length ? filter.schemata : null,
      kindSchemas: KIND_FTM_SCHEMA,
      nationality: filter.nationality?.length ? filter.nationality.map((code) => code.toLowerCase()) : null,
      birthYear: filter.birthYear === null || filter.birthYear === undefined ? null : String(filter.birthYear),
      ...identifierParams(filter),
      c1: cursor?.[0] ?? null,
      c2: cursor?.[1] ?? null,
      limit: cypherInt(first + 1),
    },
  );
  const rows = row.page.filter(stillStored).map(entityRow);
  const sortKey = (entity: EntityRow): string => (order.startsWith('NAME') ? entity.name.toLowerCase() : entity.id);
  return {
    rows: rows.slice(0, first),
    totalCount: row.total,
    hasNextPage: rows.length > first,
    hasPreviousPage: cursor !== null,
    cursorOf: (entity) => encodeCursor([sortKey(entity), entity.id]),
  };
}

/** Deletes entities and their relationships; says how many of each went. */
export async function deleteEntities(
  runner: CypherRunner,
  ids: readonly string[],
): Promise<{ entitiesDeleted: number; relationshipsDeleted: number }> {
  return runner.write(async (tx) => {
    // Their last states are read before they go: the change feed records what was deleted.
    const [row] = await tx.run<{ entities: Record<string, unknown>[]; relationships: Record<string, unknown>[] }>(
      `MATCH (e:Entity) WHERE e.id IN $ids
       OPTIONAL MATCH (e)-[r]-()
       WITH collect(DISTINCT e) AS doomed, collect(DISTINCT r) AS edges
       WITH doomed, [e IN doomed | ${ENTITY_PROJECTION}] AS entities,
            [r IN edges | ${RELATIONSHIP_PROJECTION}] AS relationships
       FOREACH (e IN doomed | DETACH DELETE e)
       RETURN entities, relationships`,
      { ids: [...new Set(ids)] },
    );
    await recordChanges(tx, [
      ...row.relationships.map((props) => relationshipChangeOf('DELETED', props)),
      ...row.entities.map((props) => entityChangeOf('DELETED', props)),
    ]);
    return { entitiesDeleted: row.entities.length, relationshipsDeleted: row.relationships.length };
  });
}
