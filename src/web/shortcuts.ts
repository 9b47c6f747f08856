import type { Actions } from './actions';
import type { Drawing } from './draw';
import type { GraphView } from './graph-view';
import type { ArticlePanel } from './panels/article';
import type { PathPanel } from './panels/path';
import type { ScreenPanel } from './panels/screen';
import type { SearchPanel } from './panels/search';

/** Fields where a key is typing, not a shortcut: every input but boxes, radios and sliders (a URL or a key is typed too). */
const TYPING = 'input:not([type="checkbox"]):not([type="radio"]):not([type="range"]), select, textarea, dialog';

/**
 * The page's single-key shortcuts (listed under "Keyboard shortcuts" on the page). Arrows, Enter
 * and Tab are the search box's and the lists' own.
 */
export function keyboardShortcuts(parts: {
  actions: Actions;
  article: ArticlePanel;
  drawing: Drawing;
  graph: GraphView;
  path: PathPanel;
  screen: ScreenPanel;
  search: SearchPanel;
}): void {
  const { actions, article, drawing, graph, path, screen, search } = parts;
  const keys: Record<string, () => void> = {
    '/': () => search.focus(),
    e: () => actions.expandSelected(),
    h: () => actions.hideSelected(),
    p: () => actions.togglePins(),
    l: () => drawing.toggleLock(),
    u: () => actions.undo(),
    r: () => actions.redo(),
    x: () => void path.findPath(),
    s: () => screen.open(),
    a: () => article.open(),
    f: () => graph.fit(),
    Escape: () => graph.clearSelection(),
  };
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if ((event.target as HTMLElement).closest(TYPING)) return;
    const action = keys[event.key];
    if (!action) return;
    action();
    event.preventDefault();
  });
}
