import type { EdgeData, NodeData } from './queries';

/* What the drawing shows, as data: the state keeps it, the panels read it, graph-view.ts draws it. */

/** Cytoscape ids are prefixed: an entity and a relationship may share a slug. */
export const nodeKey = (id: string): string => `n:${id}`;
export const edgeKey = (id: string): string => `e:${id}`;
export const moreKey = (owner: string): string => `more:${owner}`;

export interface Placeholder {
  owner: string;
  /** Relationships of the owner not drawn; undefined when filters make the count unknown. */
  more: number | undefined;
}

export interface Model {
  nodes: Map<string, NodeData>;
  edges: Map<string, EdgeData>;
  placeholders: Placeholder[];
}

export type LayoutName = 'fcose' | 'concentric' | 'breadthfirst';

/** What is selected. Ids are the drawing's (`n:…`, `e:…`, `more:…`), except `entities`, the graph's. */
export interface Selection {
  /** Every selected element, in drawing order. */
  readonly elements: readonly string[];
  /** The selected nodes, "+N more" placeholders included: what a pin applies to. */
  readonly nodes: readonly string[];
  /** The selected entities (placeholders left out), in drawing order. */
  readonly entities: readonly string[];
}

/** What a drawn element stands for. */
export type Target =
  | { kind: 'entity'; id: string }
  | { kind: 'relationship'; id: string }
  /** A "+N more" node: the rest of `owner`'s neighbourhood. */
  | { kind: 'more'; owner: string };
