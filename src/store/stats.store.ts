import { ENTITY_KINDS, KIND_LABEL, type EntityKind, RELATIONSHIP_TYPE_NAMES, type RelationshipType } from '../model';
import type { CypherRunner } from './cypher-runner';

export interface GraphCounts {
  byKind: { kind: EntityKind; count: number }[];
  byType: { type: RelationshipType; count: number }[];
}

// One COUNT subquery per registered label/type: each is answered from Neo4j's count store,
// where grouping by labels(n) or type(r) would scan the whole graph.
const COUNTS_CYPHER = `RETURN
  {${ENTITY_KINDS.map((kind) => `${kind}: COUNT { MATCH (n:${KIND_LABEL[kind]}) }`).join(', ')}} AS byKind,
  {${RELATIONSHIP_TYPE_NAMES.map((type) => `${type}: COUNT { MATCH ()-[r:${type}]->() }`).join(', ')}} AS byType`;

export async function graphCounts(runner: CypherRunner): Promise<GraphCounts> {
  const [row] = await runner.read<{ byKind: Record<EntityKind, number>; byType: Record<RelationshipType, number> }>(
    COUNTS_CYPHER,
  );
  return {
    byKind: ENTITY_KINDS.map((kind) => ({ kind, count: row.byKind[kind] })),
    byType: RELATIONSHIP_TYPE_NAMES.map((type) => ({ type, count: row.byType[type] })),
  };
}
