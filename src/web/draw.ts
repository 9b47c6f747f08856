import type { Activity } from './activity';
import { gql } from './api';
import { byId } from './dom';
import type { LayoutName, Model, Placeholder } from './graph-model';
import type { GraphView } from './graph-view';
import { NEIGHBORHOOD, type Subgraph } from './queries';
import type { ExplorerState } from './state';
import { formatView, type Expansion } from './view-state';

/** Concentric puts one ego's neighbours on one ring, which only reads while the ring is small. */
const CONCENTRIC_MAX = 60;

/**
 * Keeps the drawing in step with the state: on every change of the view it fetches each
 * expansion's neighbourhood (once per filters), draws them minus what is hidden, plus the path,
 * marks the entities with the topic chosen, writes the URL and lays the drawing out as the
 * layout controls say.
 */
export class Drawing {
  private generation = 0;
  private readonly neighbourhoods = new Map<string, Promise<Subgraph>>();
  private readonly layoutChoice = byId<HTMLSelectElement>('layout-name');
  private readonly lock = byId<HTMLInputElement>('lock-layout');

  constructor(
    private readonly state: ExplorerState,
    private readonly activity: Activity,
    private readonly graph: GraphView,
  ) {
    state.on('view', () => void this.redraw());
    state.on('pins', () => graph.showPins(state.pinned));
    graph.onSelectionChange(() => state.setSelection(graph.selection()));
    this.layoutChoice.addEventListener('change', () => this.relayout());
    this.lock.addEventListener('change', () => {
      if (!this.lock.checked) this.relayout();
    });
  }

  /** An expansion's neighbourhood with the current filters, asked for once. */
  fetchNeighbourhood({ id, limit }: Expansion): Promise<Subgraph> {
    const { types, statuses, asOf } = this.state.view;
    const variables = {
      id,
      limit,
      types: types.length ? types : undefined,
      status: statuses.length ? statuses : undefined,
      asOf,
    };
    const key = JSON.stringify(variables);
    let request = this.neighbourhoods.get(key);
    if (!request) {
      request = gql<{ neighborhood: Subgraph }>(NEIGHBORHOOD, variables).then((data) => data.neighborhood);
      this.neighbourhoods.set(key, request);
      request.catch(() => this.neighbourhoods.delete(key));
    }
    return request;
  }

  private placeholderFor(expansion: Expansion, subgraph: Subgraph): Placeholder | undefined {
    const owner = subgraph.nodes.find((node) => node.id === expansion.id);
    if (!subgraph.truncated || !owner) return undefined;
    const drawn = subgraph.edges.filter((edge) => edge.from.id === owner.id || edge.to.id === owner.id).length;
    return { owner: owner.id, more: !this.state.filtered && owner.degree > drawn ? owner.degree - drawn : undefined };
  }

  /** Rebuilds the drawing from the view: every expansion's neighbourhood, minus what is hidden. */
  async redraw(): Promise<void> {
    const generation = ++this.generation;
    this.writeUrl();
    await this.activity.busy('Loading the graph', async () => {
      const subgraphs = await Promise.all(
        this.state.view.expanded.map((expansion) => this.fetchNeighbourhood(expansion)),
      );
      if (generation !== this.generation) return;
      const { expanded, hidden: hiddenIds } = this.state.view;
      const path = this.state.shownPath;
      const hidden = new Set(hiddenIds);
      const next: Model = { nodes: new Map(), edges: new Map(), placeholders: [] };
      subgraphs.forEach((subgraph, index) => {
        for (const node of subgraph.nodes) if (!hidden.has(node.id)) next.nodes.set(node.id, node);
        for (const edge of subgraph.edges) next.edges.set(edge.id, edge);
        const placeholder = this.placeholderFor(expanded[index], subgraph);
        if (placeholder && !hidden.has(placeholder.owner)) next.placeholders.push(placeholder);
      });
      if (path) {
        for (const node of path.nodes) if (!hidden.has(node.id)) next.nodes.set(node.id, node);
        for (const edge of path.edges) next.edges.set(edge.id, edge);
      }
      for (const [id, edge] of next.edges) {
        if (!next.nodes.has(edge.from.id) || !next.nodes.has(edge.to.id)) next.edges.delete(id);
      }
      const randomize = this.graph.empty;
      const added = this.graph.apply(next);
      this.graph.highlight(path?.nodes.map((node) => node.id) ?? [], path?.edges.map((edge) => edge.id) ?? []);
      this.graph.markTopic(this.state.view.topic);
      this.state.keepPins((id) => this.graph.has(id));
      // The panels redraw their lists, summary, links and buttons from here.
      this.state.setDrawn(next, this.graph.selection());
      // Nothing new drawn: positions stay (as if locked), and the readiness signal still fires.
      this.graph.layout(this.layoutName(), this.lock.checked || !(added || randomize), this.layoutRoot(), randomize);
    });
  }

  /** Lays the drawing out again, as the layout controls now say. */
  relayout(): void {
    this.graph.layout(this.layoutName(), false, this.layoutRoot(), false);
  }

  /** Locks or unlocks the layout (the `l` key): unlike a click on the box, it lays nothing out until the next change. */
  toggleLock(): void {
    this.lock.checked = !this.lock.checked;
  }

  private layoutName(): LayoutName {
    const chosen = this.layoutChoice.value;
    if (chosen !== 'auto') return chosen as LayoutName;
    const path = this.state.shownPath;
    const drawn = this.state.drawn.nodes.size;
    // A tree reads well for a path with little around it; in a crowded view its levels overlap.
    if (path) return drawn <= 3 * path.nodes.length ? 'breadthfirst' : 'fcose';
    return this.state.view.expanded.length <= 1 && drawn <= CONCENTRIC_MAX ? 'concentric' : 'fcose';
  }

  private layoutRoot(): string | undefined {
    return this.state.shownPath ? this.state.shownPath.nodes[0]?.id : this.state.view.expanded[0]?.id;
  }

  private writeUrl(): void {
    const query = formatView(this.state.view);
    window.history.replaceState(null, '', query ? `?${query}` : location.pathname);
  }
}
