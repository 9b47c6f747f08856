import { Field, Int, ObjectType } from 'type-graphql';
import { Article, type EntityView } from './entity.type';

@ObjectType({ description: 'What a batch write changed.' })
export class WriteCounts {
  @Field(() => Int)
  entitiesCreated!: number;

  @Field(() => Int)
  entitiesUpdated!: number;

  @Field(() => Int)
  entitiesUnchanged!: number;

  @Field(() => Int)
  relationshipsCreated!: number;

  @Field(() => Int)
  relationshipsUpdated!: number;

  @Field(() => Int)
  relationshipsUnchanged!: number;
}

@ObjectType()
export class IngestResult extends WriteCounts {
  @Field(() => Article)
  article!: EntityView;
}

@ObjectType({ description: 'What a delete removed: the entities and every relationship that touched them.' })
export class DeleteResult {
  @Field(() => Int)
  entitiesDeleted!: number;

  @Field(() => Int)
  relationshipsDeleted!: number;
}
