import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { StatsResolver } from './stats.resolver';

export function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [StatsResolver],
    validate: { forbidUnknownValues: false },
  });
}

/** The SDL committed as schema/schema.graphql (sorted so diffs stay readable). */
export async function printApiSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildApiSchema()))}\n`;
}
