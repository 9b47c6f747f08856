import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ENTITY_OBJECT_TYPES } from './entity.type';
import { EntityResolver } from './entity.resolver';
import { ExplorationResolver } from './exploration.resolver';
import { ArticleResolver, CompanyResolver, SanctionsListResolver } from './kind-fields.resolver';
import { MutationResolver } from './mutation.resolver';
import { EvidenceResolver, RelationshipResolver } from './relationship.resolver';
import { StatsResolver } from './stats.resolver';

export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [
      EntityResolver,
      RelationshipResolver,
      EvidenceResolver,
      SanctionsListResolver,
      ArticleResolver,
      CompanyResolver,
      StatsResolver,
      MutationResolver,
      ExplorationResolver,
    ],
    orphanedTypes: ENTITY_OBJECT_TYPES,
    validate: { forbidUnknownValues: false },
  });
}

/** The SDL committed as schema/schema.graphql (sorted so diffs stay readable). */
export async function printApiSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
}
