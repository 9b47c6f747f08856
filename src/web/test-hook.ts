import type { Activity } from './activity';
import { edgeKey, nodeKey } from './graph-model';
import type { GraphView } from './graph-view';

/** What tests read through `window.__explorer`: the graph model, never pixels. */
interface ExplorerHook {
  /** No request in flight and the layout settled. */
  readonly idle: boolean;
  /** Increments each time a layout settles (the readiness signal). */
  readonly settled: number;
  snapshot(): {
    nodes: string[];
    edges: string[];
    placeholders: string[];
    highlighted: { nodes: string[]; edges: string[] };
    /** Entities marked as having the topic chosen in the filters. */
    marked: string[];
    selected: string[];
  };
  /** Where to click an entity (`node`) or a relationship (`edge`) on the page. */
  position(kind: 'node' | 'edge', id: string): { x: number; y: number } | undefined;
}

declare global {
  interface Window {
    __explorer: ExplorerHook;
  }
}

/** Installs `window.__explorer`, which test/e2e/explorer.test.ts drives the page with. */
export function installTestHook(activity: Activity, graph: GraphView): void {
  const { cy } = graph;
  window.__explorer = {
    get idle() {
      return activity.idle && !graph.settling;
    },
    get settled() {
      return graph.settledCount;
    },
    snapshot() {
      const entityIds = (selector: string): string[] =>
        cy
          .nodes(selector)
          .filter((node) => !node.hasClass('more'))
          .map((node) => node.data('entityId') as string)
          .sort();
      const relationshipIds = (selector: string): string[] =>
        cy
          .edges(selector)
          .filter((edge) => !edge.hasClass('more'))
          .map((edge) => edge.data('relationshipId') as string)
          .sort();
      return {
        nodes: entityIds('*'),
        edges: relationshipIds('*'),
        placeholders: cy.nodes('.more').map((node) => node.data('owner') as string),
        highlighted: { nodes: entityIds('.path'), edges: relationshipIds('.path') },
        marked: entityIds('.topic'),
        selected: cy.elements(':selected').map((element) => element.id()),
      };
    },
    position(kind, id) {
      return graph.pagePosition(kind === 'node' ? nodeKey(id) : edgeKey(id));
    },
  };
}
