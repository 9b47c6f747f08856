import cytoscape, {
  type Core,
  type EdgeSingular,
  type ElementDefinition,
  type LayoutOptions,
  type NodeSingular,
} from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { edgeKey, moreKey, nodeKey, type LayoutName, type Model, type Selection, type Target } from './graph-model';
import { graphStyle } from './style';

cytoscape.use(fcose);

const MAX_FIT_ZOOM = 1.1;

/** The drawing: applies a model as a diff, lays it out and reports when the layout settles. */
export class GraphView {
  readonly cy: Core;
  private layoutRunning = false;
  settledCount = 0;
  /** The last two taps' targets (undefined: the background), to tell a double-click from two clicks. */
  private readonly taps: (string | undefined)[] = [undefined, undefined];

  constructor(
    container: HTMLElement,
    private readonly onSettled: () => void,
  ) {
    this.cy = cytoscape({
      container,
      style: graphStyle(),
      minZoom: 0.05,
      maxZoom: 4,
      selectionType: 'single',
      boxSelectionEnabled: true,
      // One device pixel per CSS pixel keeps about 1,000 nodes smooth on modest machines.
      pixelRatio: 1,
    });
    this.cy.on('tap', (event) => {
      this.taps.shift();
      this.taps.push(event.target === this.cy ? undefined : (event.target as NodeSingular | EdgeSingular).id());
    });
  }

  // ---- what is drawn ---------------------------------------------------------------------------

  /** What the element `cyId` stands for; undefined when it is not drawn, or the edge to a "+N more". */
  target(cyId: string): Target | undefined {
    const element = this.cy.getElementById(cyId);
    if (element.empty()) return undefined;
    if (element.hasClass('more')) {
      return element.group() === 'nodes' ? { kind: 'more', owner: element.data('owner') as string } : undefined;
    }
    return element.group() === 'edges'
      ? { kind: 'relationship', id: element.data('relationshipId') as string }
      : { kind: 'entity', id: element.data('entityId') as string };
  }

  has(cyId: string): boolean {
    return this.cy.getElementById(cyId).nonempty();
  }

  get empty(): boolean {
    return this.cy.nodes().empty();
  }

  /** A click (tap) on a node or an edge. */
  onTap(handler: (target: Target) => void): void {
    this.cy.on('tap', 'node, edge', (event) => {
      const target = this.target((event.target as NodeSingular | EdgeSingular).id());
      if (target) handler(target);
    });
  }

  /**
   * A double-click on a node. Cytoscape fires dbltap for two quick taps on different targets too;
   * only the same node twice counts.
   */
  onDoubleTap(handler: (target: Target) => void): void {
    this.cy.on('dbltap', 'node', (event) => {
      const node = event.target as NodeSingular;
      if (this.taps[0] !== node.id()) return;
      const target = this.target(node.id());
      if (target) handler(target);
    });
  }

  // ---- selection and pins ----------------------------------------------------------------------

  selection(): Selection {
    const elements = this.cy.elements(':selected');
    const nodes = elements.nodes();
    return {
      elements: elements.map((element) => element.id()),
      nodes: nodes.map((node) => node.id()),
      entities: nodes.filter((node) => !node.hasClass('more')).map((node) => node.data('entityId') as string),
    };
  }

  /** The selection changed by a tap, a box, a list or the keyboard (not by removing elements). */
  onSelectionChange(handler: () => void): void {
    this.cy.on('select unselect', handler);
  }

  /** Selects `cyId` (beside the selection when `additive`) and centres on it; false when it is not drawn. */
  select(cyId: string, additive: boolean): boolean {
    const element = this.cy.getElementById(cyId);
    if (element.empty()) return false;
    if (!additive) this.cy.elements(':selected').unselect();
    element.select();
    this.cy.animate({ center: { eles: element } }, { duration: 150 });
    return true;
  }

  clearSelection(): void {
    this.cy.elements(':selected').unselect();
  }

  /** Pinned nodes are marked and stay where they are, in every layout. */
  showPins(pinned: ReadonlySet<string>): void {
    this.cy.nodes().forEach((node) => {
      const pin = pinned.has(node.id());
      if (pin === node.hasClass('pinned')) return;
      if (pin) node.addClass('pinned').lock();
      else node.removeClass('pinned').unlock();
    });
  }

  /** The whole drawing as a PNG, on white. */
  png(): Blob {
    return this.cy.png({ output: 'blob', bg: '#ffffff', full: true, maxWidth: 4000, maxHeight: 4000 });
  }

  get settling(): boolean {
    return this.layoutRunning;
  }

  // ---- drawing and layout ----------------------------------------------------------------------

  /** Makes the drawing show `model`; returns whether anything was added. */
  apply(model: Model): boolean {
    const wanted: ElementDefinition[] = [];
    for (const node of model.nodes.values()) {
      wanted.push({ group: 'nodes', data: { ...node, id: nodeKey(node.id), entityId: node.id } });
    }
    for (const edge of model.edges.values()) {
      wanted.push({
        group: 'edges',
        data: {
          id: edgeKey(edge.id),
          relationshipId: edge.id,
          source: nodeKey(edge.from.id),
          target: nodeKey(edge.to.id),
          type: edge.type,
          status: edge.status,
          symmetric: edge.symmetric,
        },
      });
    }
    for (const { owner, more } of model.placeholders) {
      const name = more === undefined ? '+ more' : `+${more} more`;
      wanted.push({ group: 'nodes', classes: 'more', data: { id: moreKey(owner), owner, name } });
      wanted.push({
        group: 'edges',
        classes: 'more',
        data: { id: `${moreKey(owner)}:edge`, source: nodeKey(owner), target: moreKey(owner) },
      });
    }
    const ids = new Set(wanted.map((element) => element.data.id as string));
    let added = false;
    this.cy.batch(() => {
      this.cy.elements().forEach((element) => {
        if (!ids.has(element.id())) element.remove();
      });
      const fresh = wanted.filter((element) => this.cy.getElementById(element.data.id as string).empty());
      for (const element of wanted) {
        const existing = this.cy.getElementById(element.data.id as string);
        if (existing.nonempty()) existing.data(element.data);
      }
      // Nodes before edges, so every edge finds its ends.
      fresh.sort((a, b) => (a.group === b.group ? 0 : a.group === 'nodes' ? -1 : 1));
      this.placeNearNeighbours(this.cy.add(fresh).nodes());
      added = fresh.length > 0;
    });
    return added;
  }

  /** New nodes start beside a drawn neighbour, so a locked or incremental layout stays readable. */
  private placeNearNeighbours(nodes: cytoscape.NodeCollection): void {
    nodes.forEach((node, index) => {
      const anchor = node.neighborhood('node').filter((other) => !nodes.contains(other))[0] as NodeSingular | undefined;
      const centre = anchor ? anchor.position() : { x: 0, y: 0 };
      const angle = (index * 2.4) % (2 * Math.PI);
      const radius = 80 + 6 * Math.sqrt(index);
      node.position({ x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
    });
  }

  /** Runs the layout; `settled` fires when it stops (at once for a locked layout). */
  layout(name: LayoutName, locked: boolean, root: string | undefined, randomize: boolean): void {
    if (locked || this.cy.nodes().empty()) {
      this.settle();
      return;
    }
    const pinned = this.cy.nodes('.pinned');
    const rootNode = root === undefined ? undefined : this.cy.getElementById(nodeKey(root));
    const byName: Record<LayoutName, LayoutOptions> = {
      fcose: {
        name: 'fcose',
        // Not 'draft': its spectral pass alone folds a star's spokes onto one point; 'default' lays 1,000 out in seconds.
        quality: 'default',
        randomize,
        animate: false,
        nodeRepulsion: () => 30000,
        idealEdgeLength: () => 150,
        fixedNodeConstraint: pinned.map((node) => ({ nodeId: node.id(), position: { ...node.position() } })),
      } as LayoutOptions,
      concentric: {
        name: 'concentric',
        animate: false,
        concentric: (node: NodeSingular) => (rootNode && node.same(rootNode) ? 2 : 1),
        levelWidth: () => 1,
        minNodeSpacing: 70,
      } as LayoutOptions,
      breadthfirst: {
        name: 'breadthfirst',
        animate: false,
        directed: false,
        spacingFactor: 1.1,
        roots: rootNode && rootNode.nonempty() ? rootNode : undefined,
      } as LayoutOptions,
    };
    this.layoutRunning = true;
    const layout = this.cy.elements().difference(pinned).layout(byName[name]);
    layout.one('layoutstop', () => {
      this.fit();
      this.settle();
    });
    layout.run();
  }

  /** Fits the drawing, but never blows a small one up past a readable size. */
  fit(): void {
    this.cy.fit(undefined, 30);
    if (this.cy.zoom() > MAX_FIT_ZOOM) {
      this.cy.zoom(MAX_FIT_ZOOM);
      this.cy.center();
    }
  }

  private settle(): void {
    this.layoutRunning = false;
    this.settledCount += 1;
    this.cy.style().update();
    this.onSettled();
  }

  highlight(nodeIds: readonly string[], edgeIds: readonly string[]): void {
    this.cy.batch(() => {
      this.cy.elements('.path').removeClass('path');
      for (const id of nodeIds) this.cy.getElementById(nodeKey(id)).addClass('path');
      for (const id of edgeIds) this.cy.getElementById(edgeKey(id)).addClass('path');
    });
  }

  /** Marks (class `topic`) the drawn entities that have the FtM topic `topic`; none when it is undefined. */
  markTopic(topic: string | undefined): void {
    this.cy.batch(() => {
      this.cy.nodes('.topic').removeClass('topic');
      if (topic === undefined) return;
      this.cy
        .nodes()
        .filter((node) => ((node.data('topics') as string[] | undefined) ?? []).includes(topic))
        .addClass('topic');
    });
  }

  /** Page coordinates of an element's centre (an edge: its midpoint), for tests that click the canvas. */
  pagePosition(cyId: string): { x: number; y: number } | undefined {
    const element = this.cy.getElementById(cyId);
    if (element.empty()) return undefined;
    const box = this.cy.container()!.getBoundingClientRect();
    const point = element.group() === 'edges' ? element.renderedMidpoint() : element.renderedPosition();
    return { x: box.left + point.x, y: box.top + point.y };
  }
}
