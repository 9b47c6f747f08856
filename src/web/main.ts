import { Actions } from './actions';
import { Activity } from './activity';
import { byId } from './dom';
import { Drawing } from './draw';
import { GraphView } from './graph-view';
import { ArticlePanel } from './panels/article';
import { DetailsPanel } from './panels/details';
import { mountExport } from './panels/export';
import { FiltersPanel } from './panels/filters';
import { renderLegend } from './panels/legend';
import { mountLists } from './panels/lists';
import { PathPanel } from './panels/path';
import { ScreenPanel } from './panels/screen';
import { SearchPanel } from './panels/search';
import { mountSummary } from './panels/summary';
import { mountViewControls } from './panels/view-controls';
import { keyboardShortcuts } from './shortcuts';
import { ExplorerState } from './state';
import { installTestHook } from './test-hook';

// The explorer, wired: one state (rebuilt from the URL), the drawing that follows it, the panels
// around it. Each reads and changes the state; none keeps a copy of it.

const state = new ExplorerState(location.search);
const activity = new Activity(byId('progress'), byId('message'));
const graph = new GraphView(byId('graph'), () => window.dispatchEvent(new Event('explorer:settled')));
const drawing = new Drawing(state, activity, graph);
const actions = new Actions(state, activity, drawing);

const search = new SearchPanel(state, activity);
const details = new DetailsPanel(state, activity);
const path = new PathPanel(state, activity);
const filters = new FiltersPanel(state, activity);
const screen = new ScreenPanel(state, activity, path);
const article = new ArticlePanel(state, activity);
mountLists(state, graph, details);
mountSummary(state);
mountExport(state, graph);
mountViewControls(state, actions, graph);
renderLegend();

graph.onTap((target) => details.open(target));
graph.onDoubleTap((target) => {
  if (target.kind === 'more') void actions.expand(target.owner, true);
  else if (target.kind === 'entity') void actions.expand(target.id);
});
keyboardShortcuts({ actions, article, drawing, graph, path, screen, search });
installTestHook(activity, graph);

async function start(): Promise<void> {
  await filters.loadTypes();
  await drawing.redraw();
}

void start();
