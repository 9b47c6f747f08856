import { byId, fillRovingList, h, rovingList } from '../dom';
import { edgeKey, nodeKey } from '../graph-model';
import type { GraphView } from '../graph-view';
import type { ExplorerState } from '../state';
import { kindLabel } from '../style';
import { plural, topicLabel } from '../text';
import type { DetailsPanel } from './details';

/**
 * The drawing in words, for the keyboard and screen readers: every drawn entity and relationship
 * as a button (Tab to a list, arrows within it, Enter selects, Shift+click adds to the selection).
 */
export function mountLists(state: ExplorerState, graph: GraphView, details: DetailsPanel): void {
  const nodeList = byId('node-list');
  const edgeList = byId('edge-list');
  rovingList(nodeList);
  rovingList(edgeList);

  const select = (cyId: string, additive: boolean): void => {
    if (graph.select(cyId, additive)) details.open(graph.target(cyId));
  };

  const listButton = (cyId: string, label: string): HTMLButtonElement => {
    const button = h('button', { type: 'button', 'data-element': cyId, 'aria-pressed': 'false' }, label);
    button.addEventListener('click', (event) => select(cyId, event.shiftKey || event.ctrlKey || event.metaKey));
    return button;
  };

  const syncSelection = (): void => {
    const selected = new Set(state.selection.elements);
    for (const button of document.querySelectorAll<HTMLButtonElement>('.element-list button')) {
      button.setAttribute('aria-pressed', String(selected.has(button.dataset.element ?? '')));
    }
  };

  const render = (): void => {
    const { drawn } = state;
    const nodes = [...drawn.nodes.values()].sort((a, b) => a.name.localeCompare(b.name));
    // The drawing's topic mark, in words.
    const { topic } = state.view;
    const mark = (topics: readonly string[]): string =>
      topic && topics.includes(topic) ? `, topic: ${topicLabel(topic)}` : '';
    fillRovingList(
      nodeList,
      nodes.map((node) =>
        listButton(
          nodeKey(node.id),
          `${node.name} — ${kindLabel(node.kind)}, ${plural(node.degree, 'relationship')}${mark(node.topics)}`,
        ),
      ),
    );
    const edges = [...drawn.edges.values()].sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
    fillRovingList(
      edgeList,
      edges.map((edge) => {
        const arrow = edge.symmetric ? '—' : '→';
        const when = `${edge.since ? `, since ${edge.since}` : ''}${edge.until ? `, until ${edge.until}` : ''}`;
        return listButton(
          edgeKey(edge.id),
          `${state.nameOf(edge.from.id)} ${arrow} ${edge.type} ${arrow} ${state.nameOf(edge.to.id)} (${edge.status.toLowerCase()}${when})`,
        );
      }),
    );
    byId('nodes-title').textContent = `Entities drawn (${nodes.length})`;
    byId('edges-title').textContent = `Relationships drawn (${edges.length})`;
    syncSelection();
  };

  state.on('drawn', render);
  state.on('selection', syncSelection);
}
