import { Field, Int, ObjectType } from 'type-graphql';
import { EntityKindEnum, RelationshipTypeEnum } from './enums';
import type { EntityKind, RelationshipType } from '../model';

@ObjectType({ description: 'How many entities of one kind the graph holds.' })
export class KindCount {
  @Field(() => EntityKindEnum)
  kind!: EntityKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'How many relationships of one type the graph holds.' })
export class TypeCount {
  @Field(() => RelationshipTypeEnum)
  type!: RelationshipType;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Size of the graph: entities by kind, relationships by type.' })
export class GraphStats {
  @Field(() => Int)
  entityCount!: number;

  @Field(() => Int)
  relationshipCount!: number;

  @Field(() => [KindCount])
  byKind!: KindCount[];

  @Field(() => [TypeCount])
  byType!: TypeCount[];
}
