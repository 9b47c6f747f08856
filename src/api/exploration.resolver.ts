import { Args, Ctx, Query, Resolver } from 'type-graphql';
import {
  commonNeighbors,
  exposure,
  neighborhood,
  paths,
  search,
  shortestPath,
  type Exposure as StoredExposure,
  type GraphPath,
} from '../store';
import type { EntityRow, RelationshipRow } from '../store';
import type { ApiContext } from './context';
import { Entity, toEntityView, type EntityView } from './entity.type';
import {
  CommonNeighborsArgs,
  ExposureArgs,
  NeighborhoodArgs,
  PathsArgs,
  SearchArgs,
  ShortestPathArgs,
} from './exploration.args';
import { Exposure, Path, SearchHit, Subgraph, toEdgeView, toPathView } from './exploration.type';
import type { Loaders } from './loaders';

/** Rows a query already read: nested `from`/`to`/`entity` fields then cost no further query. */
function prime(loaders: Loaders, nodes: readonly EntityRow[], edges: readonly RelationshipRow[] = []): void {
  for (const node of nodes) loaders.primeEntity(node);
  for (const edge of edges) loaders.relationship.prime(edge.id, edge);
}

const primePath = (loaders: Loaders, path: GraphPath): void => prime(loaders, path.nodes, path.edges);

/** An exposure row as the API shows it; its rows prime the loaders, so nested fields cost no query. */
export function toExposureView(loaders: Loaders, item: StoredExposure): Exposure {
  primePath(loaders, item.path);
  prime(loaders, [item.entity, item.list], [item.listing]);
  return {
    entity: toEntityView(item.entity),
    list: toEntityView(item.list),
    listing: toEdgeView(item.listing),
    path: toPathView(item.path),
    hops: item.hops,
  };
}

/** Graph exploration: neighbourhoods, paths, exposure, common neighbours and search. */
@Resolver()
export class ExplorationResolver {
  @Query(() => Subgraph, {
    description: 'Entities within `depth` hops and the edges among them, nearest first, at most `limit` nodes.',
  })
  async neighborhood(
    @Args(() => NeighborhoodArgs) args: NeighborhoodArgs,
    @Ctx() { runner, loaders }: ApiContext,
  ): Promise<Subgraph> {
    const subgraph = await neighborhood(runner, {
      id: args.id,
      depth: args.depth,
      types: args.types,
      direction: args.direction ?? 'BOTH',
      statuses: args.status,
      asOf: args.asOf,
      limit: args.limit,
    });
    prime(loaders, subgraph.nodes, subgraph.edges);
    return {
      nodes: subgraph.nodes.map(toEntityView),
      edges: subgraph.edges.map(toEdgeView),
      truncated: subgraph.truncated,
    };
  }

  @Query(() => Path, {
    nullable: true,
    description: 'A shortest path between two entities, or null when none is within `maxDepth`.',
  })
  async shortestPath(
    @Args(() => ShortestPathArgs) args: ShortestPathArgs,
    @Ctx() { runner, loaders }: ApiContext,
  ): Promise<Path | null> {
    const path = await shortestPath(runner, { ...args, statuses: args.status });
    if (!path) return null;
    primePath(loaders, path);
    return toPathView(path);
  }

  @Query(() => [Path], {
    description: 'Up to `limit` alternative simple paths, shortest first, each edge with its evidence.',
  })
  async paths(@Args(() => PathsArgs) args: PathsArgs, @Ctx() { runner, loaders }: ApiContext): Promise<Path[]> {
    const found = await paths(runner, { ...args, statuses: args.status });
    for (const path of found) primePath(loaders, path);
    return found.map(toPathView);
  }

  @Query(() => [Exposure], {
    description:
      'Entities with a listing (ACTIVE unless `status` says otherwise) within `maxHops`, nearest first, with the path to each. More than 500 answer RESULT_TOO_LARGE unless `first` asks for the nearest only.',
  })
  async exposure(
    @Args(() => ExposureArgs) args: ExposureArgs,
    @Ctx() { runner, loaders }: ApiContext,
  ): Promise<Exposure[]> {
    const found = await exposure(runner, { ...args, statuses: args.status });
    return found.map((item) => toExposureView(loaders, item));
  }

  @Query(() => [Entity], { description: 'Entities adjacent to both `a` and `b`, by name.' })
  async commonNeighbors(
    @Args(() => CommonNeighborsArgs) args: CommonNeighborsArgs,
    @Ctx() { runner, loaders }: ApiContext,
  ): Promise<EntityView[]> {
    const rows = await commonNeighbors(runner, args);
    prime(loaders, rows);
    return rows.map(toEntityView);
  }

  @Query(() => [SearchHit], { description: 'Full-text search over names and aliases, best match first.' })
  async search(@Args(() => SearchArgs) args: SearchArgs, @Ctx() { runner, loaders }: ApiContext): Promise<SearchHit[]> {
    const hits = await search(runner, args);
    prime(
      loaders,
      hits.map((hit) => hit.entity),
    );
    return hits.map((hit) => ({ score: hit.score, entity: toEntityView(hit.entity) }));
  }
}
