import type { Activity } from './activity';
import type { Drawing } from './draw';
import { askHowMuch } from './panels/hub-dialog';
import type { ExplorerState } from './state';
import { DEFAULT_CAP } from './view-state';

/** What the analyst does to the view, from a button, a key or a double-click. */
export class Actions {
  constructor(
    private readonly state: ExplorerState,
    private readonly activity: Activity,
    private readonly drawing: Drawing,
  ) {}

  /** Draws `id`'s neighbourhood too; a busy node (or `wantMore`, a "+N more") asks how much first. */
  async expand(id: string, wantMore = false): Promise<void> {
    const node = this.state.drawn.nodes.get(id);
    const current = this.state.view.expanded.find((expansion) => expansion.id === id);
    let limit = DEFAULT_CAP + 1;
    if (node && (wantMore || node.degree > DEFAULT_CAP)) {
      const chosen = await askHowMuch(node.name, node.degree);
      if (chosen === undefined) return;
      limit = chosen;
    }
    if (current && current.limit >= limit) {
      this.activity.say(`${node?.name ?? id} is already expanded.`);
      return;
    }
    const { expanded } = this.state.view;
    const next = current
      ? expanded.map((expansion) => (expansion.id === id ? { id, limit } : expansion))
      : [...expanded, { id, limit }];
    // Expanding asks to see everything around the node, so its neighbours hidden earlier come back.
    const subgraph = await this.activity.busy('Loading the neighbourhood', () =>
      this.drawing.fetchNeighbourhood({ id, limit }),
    );
    if (!subgraph) return;
    const around = new Set(subgraph.nodes.map((neighbour) => neighbour.id));
    this.state.change({ expanded: next, hidden: this.state.view.hidden.filter((hidden) => !around.has(hidden)) });
  }

  expandSelected(): void {
    const [first] = this.state.selection.entities;
    if (first !== undefined) void this.expand(first);
  }

  hideSelected(): void {
    const { hidden } = this.state.view;
    const fresh = this.state.selection.entities.filter((id) => !hidden.includes(id));
    if (fresh.length) this.state.change({ hidden: [...hidden, ...fresh] });
  }

  togglePins(): void {
    this.state.togglePins(this.state.selection.nodes);
  }

  showHidden(): void {
    this.state.change({ hidden: [] });
  }

  undo(): void {
    this.state.undo();
  }

  redo(): void {
    this.state.redo();
  }
}
