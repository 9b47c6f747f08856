import DataLoader from 'dataloader';
import type { CypherRunner, EntityRow, RelationshipRow, Page } from '../store';
import {
  degreesByIds,
  entitiesByIds,
  relationshipPagesForEntities,
  relationshipsByIds,
  type PageExtras,
  type RelationshipSelection,
} from '../store';

/** A page as the loaders hand it out: `entity` is unset when no entity has the id. */
type RelationshipPage = Page<RelationshipRow> & { cursorOf: (row: RelationshipRow) => string; entity?: EntityRow };

const EMPTY_PAGE: RelationshipPage = {
  rows: [],
  totalCount: 0,
  hasNextPage: false,
  hasPreviousPage: false,
  cursorOf: () => '',
};

/**
 * Per-request batching: every nesting level of a query costs one Cypher query, whatever the
 * page size (the round-trip test counts them).
 */
export function createLoaders(runner: CypherRunner) {
  const byKey = <V>(load: (ids: readonly string[]) => Promise<Map<string, V>>) =>
    new DataLoader<string, V | null>(async (ids) => {
      const found = await load(ids);
      return ids.map((id) => found.get(id) ?? null);
    });
  const pageLoaders = new Map<string, DataLoader<string, RelationshipPage>>();
  /** Entity rows this request has read, by id: a field whose entity is known resolves without a promise. */
  const entityRows = new Map<string, EntityRow>();
  const entity = byKey<EntityRow>(async (ids) => {
    const found = await entitiesByIds(runner, ids);
    for (const row of found.values()) entityRows.set(row.id, row);
    return found;
  });
  const primeEntity = (row: EntityRow): void => {
    entityRows.set(row.id, row);
    entity.prime(row.id, row);
  };
  const degree = byKey<number>((ids) => degreesByIds(runner, ids));

  return {
    entity,
    /** Rows a query read beside its own results: their entities' fields then cost no query. */
    primeEntity,
    knownEntity: (id: string): EntityRow | undefined => entityRows.get(id),
    relationship: byKey<RelationshipRow>((ids) => relationshipsByIds(runner, ids)),
    degree,
    /**
     * One loader per distinct selection, page and endpoints choice, batching all entities that ask
     * for it. What a page read beside it (the entity, its endpoints, its degree) goes into the
     * other loaders, so their fields cost no query of their own. The degree is read when the
     * caller that makes the loader asks for it (the entity query's prefetch, which knows the
     * selection); later callers share that loader.
     */
    relationshipPage(
      selection: RelationshipSelection,
      first: number,
      after: string | null | undefined,
      extras: PageExtras = {},
    ) {
      const key = JSON.stringify([selection, first, after ?? null, extras.endpoints === true]);
      let loader = pageLoaders.get(key);
      if (!loader) {
        loader = new DataLoader<string, RelationshipPage>(async (ids) => {
          const pages = await relationshipPagesForEntities(runner, ids, selection, first, after, extras);
          for (const page of pages.values()) {
            primeEntity(page.entity);
            for (const row of page.endpoints) primeEntity(row);
            if (page.degree !== undefined) degree.prime(page.entity.id, page.degree);
          }
          return ids.map((id) => pages.get(id) ?? EMPTY_PAGE);
        });
        pageLoaders.set(key, loader);
      }
      return loader;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
