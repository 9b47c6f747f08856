import type { GraphQLResolveInfo } from 'graphql';
import { Args, ArgsType, Ctx, Field, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { RelationshipStatus } from '../model';
import { MAX_PAGE_SIZE, pageSize } from '../store';
import type { RelationshipSelection } from '../store';
import type { ApiContext } from './context';
import { toConnection } from './connection.type';
import { Article, Company, SanctionsList, toEntityView, type EntityView } from './entity.type';
import { RelationshipStatusEnum } from './enums';
import { PaginationArgs } from './pagination.args';
import { asksForEndpoints } from './prefetch';
import { RelationshipConnection, toRelationshipView } from './relationship.type';
import { IsPartialDate } from './validators';

@ArgsType()
class MembersArgs extends PaginationArgs {
  @Field(() => [RelationshipStatusEnum], { nullable: true, defaultValue: ['ACTIVE'] })
  status?: RelationshipStatus[] | null;

  @Field(() => String, { nullable: true, description: 'Members listed on this (partial) date.' })
  @IsPartialDate()
  asOf?: string | null;
}

@ArgsType()
class AsOfArgs {
  @Field(() => String, { nullable: true })
  @IsPartialDate()
  asOf?: string | null;
}

async function relationshipConnection(
  context: ApiContext,
  info: GraphQLResolveInfo,
  entityId: string,
  selection: RelationshipSelection,
  args: PaginationArgs,
): Promise<RelationshipConnection> {
  const endpoints = asksForEndpoints(info.fieldNodes, info);
  const page = await context.loaders
    .relationshipPage(selection, pageSize(args.first), args.after, { endpoints })
    .load(entityId);
  return toConnection(page, (row) => toRelationshipView(row));
}

@Resolver(() => SanctionsList)
export class SanctionsListResolver {
  @FieldResolver(() => RelationshipConnection, {
    description: 'Listings on this list (LISTED_ON edges; the member is `from`). Default: ACTIVE only.',
  })
  members(
    @Root() list: EntityView,
    @Args(() => MembersArgs) args: MembersArgs,
    @Ctx() context: ApiContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RelationshipConnection> {
    const selection: RelationshipSelection = {
      direction: 'INCOMING',
      types: ['LISTED_ON'],
      statuses: args.status,
      asOf: args.asOf,
    };
    return relationshipConnection(context, info, list.id, selection, args);
  }
}

@Resolver(() => Article)
export class ArticleResolver {
  @FieldResolver(() => RelationshipConnection, {
    description: 'MENTIONS edges from this article (`to` is the entity).',
  })
  mentions(
    @Root() article: EntityView,
    @Args(() => PaginationArgs) args: PaginationArgs,
    @Ctx() context: ApiContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RelationshipConnection> {
    return relationshipConnection(context, info, article.id, { direction: 'OUTGOING', types: ['MENTIONS'] }, args);
  }
}

@Resolver(() => Company)
export class CompanyResolver {
  @FieldResolver(() => [Company], { description: `Companies this one competes with (up to ${MAX_PAGE_SIZE}).` })
  async competitors(
    @Root() company: EntityView,
    @Args(() => AsOfArgs) { asOf }: AsOfArgs,
    @Ctx() { loaders }: ApiContext,
  ): Promise<EntityView[]> {
    const page = await loaders
      // The competitors come with the page: their rows are in the entity loader when it is asked.
      .relationshipPage({ direction: 'BOTH', types: ['COMPETES_WITH'], asOf }, MAX_PAGE_SIZE, null, { endpoints: true })
      .load(company.id);
    const otherIds = page.rows.map((row) => (row.from === company.id ? row.to : row.from));
    const rows = await loaders.entity.loadMany(otherIds);
    return rows.flatMap((row) => (row && !(row instanceof Error) ? [toEntityView(row)] : []));
  }
}
