import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../model';
import { pageSize, listRelationships, storedStatement } from '../store';
import type { ApiContext } from './context';
import { PropertiesArgs, Property, propertiesOf } from './ftm.type';
import type { Loaders } from './loaders';
import { toConnection } from './connection.type';
import { Article, Dataset, Entity, toEntityView, type EntityView } from './entity.type';
import { RelationshipsArgs, selectionOf } from './relationship.args';
import { Evidence, Relationship, RelationshipConnection, toRelationshipView } from './relationship.type';

/** An entity the request has read already comes back at once: one promise less per edge end on a page. */
function endpoint(id: string, { loaders }: ApiContext): EntityView | Promise<EntityView> {
  const known = loaders.knownEntity(id);
  return known ? toEntityView(known) : loadEndpoint(id, loaders);
}

async function loadEndpoint(id: string, loaders: Loaders): Promise<EntityView> {
  const row = await loaders.entity.load(id);
  // An edge's endpoints exist while the edge does; a miss means it was deleted mid-request.
  if (!row) throw new NotFoundError(`Entity ${id} no longer exists`);
  return toEntityView(row);
}

@Resolver(() => Relationship)
export class RelationshipResolver {
  @FieldResolver(() => [Property], {
    description: 'Every FtM property of the edge entity it was imported from ([] when written here): nothing is lost.',
  })
  properties(@Root() relationship: Relationship, @Args(() => PropertiesArgs) { names }: PropertiesArgs): Property[] {
    return propertiesOf(storedStatement(relationship.ftmJson), names);
  }

  @Query(() => Relationship, { nullable: true, description: 'One relationship by id, or null.' })
  async relationship(@Arg('id', () => ID) id: string, @Ctx() { loaders }: ApiContext): Promise<Relationship | null> {
    const row = await loaders.relationship.load(id);
    return row ? toRelationshipView(row) : null;
  }

  @Query(() => RelationshipConnection, { description: 'Relationships, filtered, a page at a time (ordered by id).' })
  async relationships(
    @Args(() => RelationshipsArgs) args: RelationshipsArgs,
    @Ctx() { runner }: ApiContext,
  ): Promise<RelationshipConnection> {
    const filter = args.filter ?? {};
    const page = await listRelationships(
      runner,
      { ...selectionOf(filter), entity: filter.entity, from: filter.from, to: filter.to, article: filter.article },
      pageSize(args.first),
      args.after,
    );
    return toConnection(page, (row) => toRelationshipView(row));
  }

  @FieldResolver(() => Entity, { description: 'Start of the edge (for symmetric types, as stored).' })
  from(@Root() relationship: Relationship, @Ctx() context: ApiContext): EntityView | Promise<EntityView> {
    return endpoint(relationship.fromId, context);
  }

  @FieldResolver(() => Entity, { description: 'End of the edge.' })
  to(@Root() relationship: Relationship, @Ctx() context: ApiContext): EntityView | Promise<EntityView> {
    return endpoint(relationship.toId, context);
  }

  @FieldResolver(() => [Evidence], { description: 'The sources (articles, datasets) that assert this relationship.' })
  evidence(@Root() relationship: Relationship): Evidence[] {
    return relationship.evidenceRows;
  }
}

@Resolver(() => Evidence)
export class EvidenceResolver {
  @FieldResolver(() => Article, { nullable: true, description: 'The article, when an article says so.' })
  article(@Root() evidence: Evidence, @Ctx() context: ApiContext): EntityView | null | Promise<EntityView> {
    return evidence.isArticle ? endpoint(evidence.sourceId, context) : null;
  }

  @FieldResolver(() => Dataset, { nullable: true, description: 'The dataset, when an imported dataset says so.' })
  dataset(@Root() evidence: Evidence, @Ctx() context: ApiContext): EntityView | null | Promise<EntityView> {
    return evidence.isArticle ? null : endpoint(evidence.sourceId, context);
  }

  @FieldResolver(() => Entity, { description: 'Which source says so: the Article or the Dataset.' })
  source(@Root() evidence: Evidence, @Ctx() context: ApiContext): EntityView | Promise<EntityView> {
    return endpoint(evidence.sourceId, context);
  }
}
