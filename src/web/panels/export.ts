import { byId, h } from '../dom';
import type { GraphView } from '../graph-view';
import type { ExplorerState } from '../state';
import { MAX_LIMIT } from '../view-state';

const FORMATS = ['graphml', 'cytoscape'] as const;

/** The Export section: a PNG of the view, and GraphML or Cytoscape JSON of the focus's neighbourhood. */
export function mountExport(state: ExplorerState, graph: GraphView): void {
  const png = byId<HTMLButtonElement>('export-png');

  /** The service's /export/* links, with the focus and the current filters. */
  const updateLinks = (): void => {
    const { view, drawn } = state;
    const focus = view.expanded[0];
    for (const format of FORMATS) {
      const link = byId<HTMLAnchorElement>(`export-${format}`);
      if (!focus) {
        link.removeAttribute('href');
        link.setAttribute('aria-disabled', 'true');
        continue;
      }
      const params = new URLSearchParams({
        id: focus.id,
        depth: view.expanded.length > 1 ? '2' : '1',
        limit: String(Math.min(MAX_LIMIT, Math.max(focus.limit, drawn.nodes.size))),
      });
      if (view.types.length) params.set('types', view.types.join(','));
      if (view.statuses.length) params.set('status', view.statuses.join(','));
      if (view.asOf) params.set('asOf', view.asOf);
      link.href = `/export/${format}?${params.toString()}`;
      link.removeAttribute('aria-disabled');
    }
  };

  const updateButton = (): void => {
    png.disabled = state.drawn.nodes.size === 0;
  };

  png.addEventListener('click', () => {
    const url = URL.createObjectURL(graph.png());
    const link = h('a', { href: url, download: `entity-graph-${state.view.expanded[0]?.id ?? 'view'}.png` });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
  state.on('drawn', updateLinks);
  for (const event of ['drawn', 'selection'] as const) state.on(event, updateButton);
  window.addEventListener('explorer:settled', updateButton);
  updateButton();
}
