import type { Actions } from '../actions';
import { byId } from '../dom';
import type { GraphView } from '../graph-view';
import type { ExplorerState } from '../state';

/** The View section's buttons (undo, redo, expand, hide, pin, show hidden, fit), enabled when they apply. */
export function mountViewControls(state: ExplorerState, actions: Actions, graph: GraphView): void {
  const button = (id: string): HTMLButtonElement => byId<HTMLButtonElement>(id);
  const clicks: Record<string, () => void> = {
    undo: () => actions.undo(),
    redo: () => actions.redo(),
    expand: () => actions.expandSelected(),
    hide: () => actions.hideSelected(),
    pin: () => actions.togglePins(),
    fit: () => graph.fit(),
    'show-hidden': () => actions.showHidden(),
  };
  for (const [id, action] of Object.entries(clicks)) button(id).addEventListener('click', action);

  const update = (): void => {
    const hidden = state.view.hidden.length;
    button('undo').disabled = !state.canUndo;
    button('redo').disabled = !state.canRedo;
    button('show-hidden').disabled = hidden === 0;
    button('show-hidden').textContent = `Show hidden (${hidden})`;
    for (const id of ['expand', 'hide', 'pin']) button(id).disabled = state.selection.entities.length === 0;
  };
  for (const event of ['drawn', 'selection'] as const) state.on(event, update);
  window.addEventListener('explorer:settled', update);
  update();
}
