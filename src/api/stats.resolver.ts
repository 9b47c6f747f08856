import { Ctx, Query, Resolver } from 'type-graphql';
import { graphCounts } from '../store';
import type { ApiContext } from './context';
import { GraphStats } from './stats.type';

@Resolver()
export class StatsResolver {
  @Query(() => GraphStats, { description: 'Entities by kind and relationships by type.' })
  async graphStats(@Ctx() { runner }: ApiContext): Promise<GraphStats> {
    const { byKind, byType } = await graphCounts(runner);
    const sum = (rows: { count: number }[]): number => rows.reduce((total, row) => total + row.count, 0);
    return { entityCount: sum(byKind), relationshipCount: sum(byType), byKind, byType };
  }
}
