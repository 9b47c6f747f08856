import { isSymmetricType, RELATIONSHIP_TYPE_NAMES, isRelationshipType, type RelationshipType } from '../model';

/**
 * Cypher fragments built from the registry only. Type names are checked against it once more
 * here, so nothing a request sends can reach the query text.
 */
export function relTypes(types?: readonly RelationshipType[] | null): string {
  if (!types || types.length === 0) return '';
  return `:${registeredTypes(types).join('|')}`;
}

/** The distinct types asked for, each checked against the registry; none means every type. */
export function registeredTypes(types?: readonly RelationshipType[] | null): RelationshipType[] {
  if (!types || types.length === 0) return RELATIONSHIP_TYPE_NAMES;
  for (const type of types)
    if (!isRelationshipType(type)) throw new Error(`not a registered relationship type: ${type}`);
  return [...new Set(types)];
}

export const SYMMETRIC_TYPES: readonly RelationshipType[] = RELATIONSHIP_TYPE_NAMES.filter(isSymmetricType);

/**
 * A CALL block binding `r` to the relationship whose id is in variable `idVar`, whatever its
 * type: one hinted unique-index seek per registered type (Neo4j indexes relationships per type
 * only). The hints keep it a seek even when the plan was cached on a near-empty graph, where
 * the planner otherwise picks scans that turn quadratic once the graph grows.
 */
export function relationshipByIdCall(idVar: string): string {
  const branches = RELATIONSHIP_TYPE_NAMES.map(
    (type) => `MATCH ()-[r:${type} {id: ${idVar}}]->() USING INDEX SEEK r:${type}(id) RETURN r`,
  );
  return `CALL (${idVar}) { ${branches.join(' UNION ALL ')} }`;
}
