import { registerEnumType } from 'type-graphql';
import {
  ENTITY_KINDS,
  PLACE_TYPES,
  RELATIONSHIP_TYPES,
  RELATIONSHIP_TYPE_NAMES,
  DIRECTIONS,
  RELATIONSHIP_STATUSES,
} from '../model';

/** GraphQL enums are built from the registry in src/model, so the two can never disagree. */
function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

export const EntityKindEnum = enumObject(ENTITY_KINDS);
export const RelationshipTypeEnum = enumObject(RELATIONSHIP_TYPE_NAMES);
export const RelationshipStatusEnum = enumObject(RELATIONSHIP_STATUSES);
export const DirectionEnum = enumObject(DIRECTIONS);
export const PlaceTypeEnum = enumObject(PLACE_TYPES);

registerEnumType(EntityKindEnum, { name: 'EntityKind', description: 'What an entity is; one Neo4j label each.' });
registerEnumType(RelationshipTypeEnum, {
  name: 'RelationshipType',
  description: 'Relationship types from the registry in src/model.',
  valuesConfig: Object.fromEntries(
    RELATIONSHIP_TYPE_NAMES.map((type) => [type, { description: RELATIONSHIP_TYPES[type].description }]),
  ),
});
registerEnumType(RelationshipStatusEnum, {
  name: 'RelationshipStatus',
  description: 'How a relationship holds. PROPOSED and ALLEGED never count as ACTIVE.',
});
registerEnumType(DirectionEnum, { name: 'Direction', description: 'Edge direction seen from the entity asked about.' });
registerEnumType(PlaceTypeEnum, { name: 'PlaceType' });
