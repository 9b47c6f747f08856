import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { ChangeResolver } from './change.resolver';
import { ENTITY_OBJECT_TYPES } from './entity.type';
import { EntityResolver } from './entity.resolver';
import { ExplorationResolver } from './exploration.resolver';
import { ExtractResolver } from './extract.resolver';
import { ArticleResolver, CompanyResolver, SanctionsListResolver } from './kind-fields.resolver';
import { FtmFieldsResolver } from './ftm-fields.resolver';
import { MatchResolver } from './match.resolver';
import { ScreenResolver } from './screen.resolver';
import { MutationResolver } from './mutation.resolver';
import { EvidenceResolver, RelationshipResolver } from './relationship.resolver';
import { StatsResolver } from './stats.resolver';

/** type-graphql insists on a PubSub, but every subscription brings its own `subscribe` (the change hub). */
const NO_PUB_SUB: PubSub = {
  publish: () => undefined,
  subscribe: () => {
    throw new Error('subscriptions subscribe through the change hub, not a PubSub');
  },
};

export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      EntityResolver,
      FtmFieldsResolver,
      MatchResolver,
      ScreenResolver,
      ExtractResolver,
      RelationshipResolver,
      EvidenceResolver,
      SanctionsListResolver,
      ArticleResolver,
      CompanyResolver,
      StatsResolver,
      MutationResolver,
      ExplorationResolver,
      ChangeResolver,
    ],
    pubSub: NO_PUB_SUB,
    orphanedTypes: ENTITY_OBJECT_TYPES,
    validate: { forbidUnknownValues: false },
  });
}

/** The SDL committed as schema/schema.graphql (sorted so diffs stay readable). */
export async function printApiSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
}
