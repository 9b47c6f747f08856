import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { GraphPath, RelationshipRow } from '../store';
import { Entity, SanctionsList, toEntityView, type EntityView } from './entity.type';
import { Relationship, toRelationshipView } from './relationship.type';

@ObjectType({ description: 'Entities and the edges among them, ready to draw. Each node and edge appears once.' })
export class Subgraph {
  @Field(() => [Entity], { description: 'Nearest first; the entity asked about comes first.' })
  nodes!: EntityView[];

  @Field(() => [Relationship], { description: 'Edges among `nodes` that pass the filters.' })
  edges!: Relationship[];

  @Field(() => Boolean, { description: 'More nodes matched than `limit` allowed; the nearest were kept.' })
  truncated!: boolean;
}

@ObjectType({ description: 'A walk from one entity to another; `edges[i]` joins `nodes[i]` and `nodes[i+1]`.' })
export class Path {
  @Field(() => [Entity])
  nodes!: EntityView[];

  @Field(() => [Relationship], {
    description: 'Each edge keeps its stored direction, which may point against the walk.',
  })
  edges!: Relationship[];

  @Field(() => Int, { description: 'Number of edges.' })
  length!: number;
}

@ObjectType({ description: 'A listed entity near the one asked about, with the listing and the path to it.' })
export class Exposure {
  @Field(() => Entity, { description: 'The listed entity.' })
  entity!: EntityView;

  @Field(() => SanctionsList)
  list!: EntityView;

  @Field(() => Relationship, { description: 'The LISTED_ON edge, with its status, dates and evidence.' })
  listing!: Relationship;

  @Field(() => Path, { description: 'A shortest path from the entity asked about to the listed one.' })
  path!: Path;

  @Field(() => Int, { description: 'Length of `path`; 0 when the entity itself is listed.' })
  hops!: number;
}

@ObjectType({ description: 'A full-text match on names and aliases.' })
export class SearchHit {
  @Field(() => Float, { description: 'Lucene relevance; higher is better, comparable within one search only.' })
  score!: number;

  @Field(() => Entity)
  entity!: EntityView;
}

export const toEdgeView = (row: RelationshipRow): Relationship => toRelationshipView(row);

export function toPathView(path: GraphPath): Path {
  return { nodes: path.nodes.map(toEntityView), edges: path.edges.map(toEdgeView), length: path.length };
}
