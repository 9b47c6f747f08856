import DataLoader from 'dataloader';
import type { CypherRunner } from '../store/cypher-runner';
import { degreesByIds, entitiesByIds } from '../store/entity.store';
import type { EntityRow, RelationshipRow } from '../store/records';
import {
  relationshipPagesForEntities,
  relationshipsByIds,
  type RelationshipSelection,
} from '../store/relationship.store';
import type { Page } from '../store/cursor';

type RelationshipPage = Page<RelationshipRow> & { cursorOf: (row: RelationshipRow) => string };

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

  return {
    entity: byKey<EntityRow>((ids) => entitiesByIds(runner, ids)),
    relationship: byKey<RelationshipRow>((ids) => relationshipsByIds(runner, ids)),
    degree: byKey<number>((ids) => degreesByIds(runner, ids)),
    /** One loader per distinct selection, batching all entities that ask for it. */
    relationshipPage(selection: RelationshipSelection, first: number, after: string | null | undefined) {
      const key = JSON.stringify([selection, first, after ?? null]);
      let loader = pageLoaders.get(key);
      if (!loader) {
        loader = new DataLoader<string, RelationshipPage>(async (ids) => {
          const pages = await relationshipPagesForEntities(runner, ids, selection, first, after);
          return ids.map((id) => pages.get(id) ?? EMPTY_PAGE);
        });
        pageLoaders.set(key, loader);
      }
      return loader;
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
