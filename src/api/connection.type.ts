import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Relay page info. Cursors are opaque keyset positions.' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Builds a Relay connection from a store page. */
export function toConnection<R, T>(
  page: { rows: R[]; totalCount: number; hasNextPage: boolean; hasPreviousPage: boolean; cursorOf: (row: R) => string },
  toNode: (row: R) => T,
): ConnectionShape<T> {
  const edges = page.rows.map((row) => ({ cursor: page.cursorOf(row), node: toNode(row) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
