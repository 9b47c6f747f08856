import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { pageSize, listEntities } from '../store';
import type { ApiContext } from './context';
import { toConnection } from './connection.type';
import { asksForEndpoints, prefetchEntityFields } from './prefetch';
import { EntitiesArgs } from './entity.args';
import { Entity, EntityConnection, toEntityView, type EntityView } from './entity.type';
import { EntityRelationshipsArgs, selectionOf } from './relationship.args';
import { RelationshipConnection, toRelationshipView } from './relationship.type';

@Resolver(() => Entity)
export class EntityResolver {
  @Query(() => Entity, { nullable: true, description: 'One entity by id, or null.' })
  async entity(
    @Arg('id', () => ID) id: string,
    @Ctx() { loaders }: ApiContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EntityView | null> {
    const page = prefetchEntityFields(info, id, loaders);
    if (page) {
      try {
        const { entity } = await page;
        return entity ? toEntityView(entity) : null;
      } catch {
        // The relationships field reports the page's error (from the loader's cache); the entity is read alone.
      }
    }
    const row = await loaders.entity.load(id);
    return row ? toEntityView(row) : null;
  }

  @Query(() => EntityConnection, { description: 'Entities, filtered and ordered, a page at a time.' })
  async entities(
    @Args(() => EntitiesArgs) args: EntitiesArgs,
    @Ctx() { runner, loaders }: ApiContext,
  ): Promise<EntityConnection> {
    const page = await listEntities(
      runner,
      args.filter ?? {},
      args.orderBy ?? 'NAME_ASC',
      pageSize(args.first),
      args.after,
    );
    for (const row of page.rows) loaders.primeEntity(row);
    return toConnection(page, toEntityView);
  }

  @FieldResolver(() => RelationshipConnection, {
    description: 'Relationships of this entity. Symmetric types match every direction.',
  })
  async relationships(
    @Root() entity: EntityView,
    @Args(() => EntityRelationshipsArgs) args: EntityRelationshipsArgs,
    @Ctx() { loaders }: ApiContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RelationshipConnection> {
    const endpoints = asksForEndpoints(info.fieldNodes, info);
    const page = await loaders
      .relationshipPage(selectionOf(args), pageSize(args.first), args.after, { endpoints })
      .load(entity.id);
    return toConnection(page, (row) => toRelationshipView(row));
  }

  @FieldResolver(() => Int, { description: 'Number of relationships of any type, both directions.' })
  async degree(@Root() entity: EntityView, @Ctx() { loaders }: ApiContext): Promise<number> {
    return (await loaders.degree.load(entity.id)) ?? 0;
  }
}
