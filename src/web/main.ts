import type { EdgeSingular, NodeSingular } from 'cytoscape';
import { describeError, gql } from './api';
import { byId, fillRovingList, h, rovingList } from './dom';
import { edgeKey, GraphView, nodeKey, type LayoutName, type Model, type Placeholder } from './graph-view';
import {
  entityQuery,
  EXPOSURE,
  EXPOSURE_SHOWN,
  MAX_COUNTED_TYPES,
  NEIGHBORHOOD,
  PATHS,
  RELATIONSHIP,
  SEARCH,
  STATS,
  type EntityDetails,
  type EvidenceData,
  type ExposureData,
  type PathData,
  type RelationshipDetails,
  type SearchHit,
  type Subgraph,
} from './queries';
import { KINDS, kindSwatch, STATUS_LEGEND } from './style';
import {
  DEFAULT_CAP,
  formatView,
  MAX_LIMIT,
  parseView,
  UndoHistory,
  type Expansion,
  type Structure,
  type ViewState,
} from './view-state';

const STATUSES = ['ACTIVE', 'PROPOSED', 'ALLEGED', 'REPORTED', 'ENDED'];
const FIRST_YEAR = 1990;
const ANY_YEAR = new Date().getFullYear() + 1;
const CONCENTRIC_MAX = 60;

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

let view: ViewState = parseView(location.search);
const history = new UndoHistory();
let model: Model = { nodes: new Map(), edges: new Map(), placeholders: [] };
let shownPath: PathData | undefined;
let relationshipTypes: string[] = [];
let pending = 0;
let drawGeneration = 0;
const neighbourhoods = new Map<string, Promise<Subgraph>>();

const graph = new GraphView(byId('graph'), () => window.dispatchEvent(new Event('explorer:settled')));
const cy = graph.cy;

// ---- status and errors -------------------------------------------------------------------

function showError(error: unknown): void {
  byId('message').textContent = describeError(error);
}

function clearError(): void {
  byId('message').textContent = '';
}

/** Runs `work` as one busy period: the hook is not idle, the progress line says what happens. */
async function busy<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
  pending += 1;
  byId('progress').textContent = `${what}…`;
  try {
    const result = await work();
    clearError();
    return result;
  } catch (error) {
    showError(error);
    return undefined;
  } finally {
    pending -= 1;
    if (pending === 0) byId('progress').textContent = '';
  }
}

// ---- drawing --------------------------------------------------------------------------------

function filterVariables(): Record<string, unknown> {
  return {
    types: view.types.length ? view.types : undefined,
    status: view.statuses.length ? view.statuses : undefined,
    asOf: view.asOf,
  };
}

function fetchNeighbourhood({ id, limit }: Expansion): Promise<Subgraph> {
  const variables = { id, limit, ...filterVariables() };
  const key = JSON.stringify(variables);
  let request = neighbourhoods.get(key);
  if (!request) {
    request = gql<{ neighborhood: Subgraph }>(NEIGHBORHOOD, variables).then((data) => data.neighborhood);
    neighbourhoods.set(key, request);
    request.catch(() => neighbourhoods.delete(key));
  }
  return request;
}

function placeholderFor(expansion: Expansion, subgraph: Subgraph): Placeholder | undefined {
  const owner = subgraph.nodes.find((node) => node.id === expansion.id);
  if (!subgraph.truncated || !owner) return undefined;
  const drawn = subgraph.edges.filter((edge) => edge.from.id === owner.id || edge.to.id === owner.id).length;
  const unfiltered = view.types.length === 0 && view.statuses.length === 0 && view.asOf === undefined;
  return { owner: owner.id, more: unfiltered && owner.degree > drawn ? owner.degree - drawn : undefined };
}

/** Rebuilds the drawing from the view: every expansion's neighbourhood, minus what is hidden. */
async function redraw(): Promise<void> {
  const generation = ++drawGeneration;
  writeUrl();
  await busy('Loading the graph', async () => {
    const subgraphs = await Promise.all(view.expanded.map(fetchNeighbourhood));
    if (generation !== drawGeneration) return;
    const hidden = new Set(view.hidden);
    const next: Model = { nodes: new Map(), edges: new Map(), placeholders: [] };
    subgraphs.forEach((subgraph, index) => {
      for (const node of subgraph.nodes) if (!hidden.has(node.id)) next.nodes.set(node.id, node);
      for (const edge of subgraph.edges) next.edges.set(edge.id, edge);
      const placeholder = placeholderFor(view.expanded[index], subgraph);
      if (placeholder && !hidden.has(placeholder.owner)) next.placeholders.push(placeholder);
    });
    if (shownPath) {
      for (const node of shownPath.nodes) if (!hidden.has(node.id)) next.nodes.set(node.id, node);
      for (const edge of shownPath.edges) next.edges.set(edge.id, edge);
    }
    for (const [id, edge] of next.edges) {
      if (!next.nodes.has(edge.from.id) || !next.nodes.has(edge.to.id)) next.edges.delete(id);
    }
    model = next;
    const randomize = cy.nodes().empty();
    const added = graph.apply(model);
    graph.highlight(shownPath?.nodes.map((node) => node.id) ?? [], shownPath?.edges.map((edge) => edge.id) ?? []);
    renderLists();
    renderSummary();
    updateExportLinks();
    updateButtons();
    // Nothing new drawn: positions stay (as if locked), and the readiness signal still fires.
    graph.layout(layoutName(), lockLayout.checked || !(added || randomize), layoutRoot(), randomize);
  });
}

function layoutName(): LayoutName {
  const chosen = byId<HTMLSelectElement>('layout-name').value;
  if (chosen !== 'auto') return chosen as LayoutName;
  // A tree reads well for a path with little around it; in a crowded view its levels overlap.
  if (shownPath) return model.nodes.size <= 3 * shownPath.nodes.length ? 'breadthfirst' : 'fcose';
  // Concentric puts one ego's neighbours on one ring, which only reads while the ring is small.
  return view.expanded.length <= 1 && model.nodes.size <= CONCENTRIC_MAX ? 'concentric' : 'fcose';
}

function layoutRoot(): string | undefined {
  return shownPath ? shownPath.nodes[0]?.id : view.expanded[0]?.id;
}

function writeUrl(): void {
  const query = formatView(view);
  window.history.replaceState(null, '', query ? `?${query}` : location.pathname);
}

// ---- undoable changes -----------------------------------------------------------------------

const structure = (): Structure => ({ expanded: [...view.expanded], hidden: [...view.hidden] });

function change(next: Partial<Structure>): Promise<void> {
  history.record(structure());
  view = { ...view, ...next };
  return redraw();
}

function restore(target: Structure | undefined): void {
  if (!target) return;
  view = { ...view, ...target };
  void redraw();
}

const hubDialog = byId<HTMLDialogElement>('hub-dialog');

/** The supernode guard: says how big a node is and lets the analyst choose how much to draw. */
function askHowMuch(name: string, degree: number): Promise<number | undefined> {
  byId('hub-text').textContent =
    `${name} has ${degree.toLocaleString('en')} relationships. Drawing more than ${DEFAULT_CAP} ` +
    'neighbours at once can crowd the view.';
  byId('hub-cap').textContent = `Draw the nearest ${DEFAULT_CAP}`;
  byId('hub-all').textContent = `Draw up to ${Math.min(degree, MAX_LIMIT - 1).toLocaleString('en')}`;
  hubDialog.returnValue = '';
  hubDialog.showModal();
  return new Promise((resolve) =>
    hubDialog.addEventListener(
      'close',
      () => {
        const choice = hubDialog.returnValue;
        resolve(choice === 'cap' ? DEFAULT_CAP + 1 : choice === 'all' ? MAX_LIMIT : undefined);
      },
      { once: true },
    ),
  );
}

async function expand(id: string, wantMore = false): Promise<void> {
  const node = model.nodes.get(id);
  const current = view.expanded.find((expansion) => expansion.id === id);
  let limit = DEFAULT_CAP + 1;
  if (node && (wantMore || node.degree > DEFAULT_CAP)) {
    const chosen = await askHowMuch(node.name, node.degree);
    if (chosen === undefined) return;
    limit = chosen;
  }
  if (current && current.limit >= limit) {
    byId('progress').textContent = `${node?.name ?? id} is already expanded.`;
    return;
  }
  const expanded = current
    ? view.expanded.map((expansion) => (expansion.id === id ? { id, limit } : expansion))
    : [...view.expanded, { id, limit }];
  // Expanding asks to see everything around the node, so its neighbours hidden earlier come back.
  const subgraph = await busy('Loading the neighbourhood', () => fetchNeighbourhood({ id, limit }));
  if (!subgraph) return;
  const around = new Set(subgraph.nodes.map((neighbour) => neighbour.id));
  await change({ expanded, hidden: view.hidden.filter((hiddenId) => !around.has(hiddenId)) });
}

function hide(ids: string[]): void {
  const fresh = ids.filter((id) => !view.hidden.includes(id));
  if (fresh.length) void change({ hidden: [...view.hidden, ...fresh] });
}

function selectedEntityIds(): string[] {
  return cy
    .nodes(':selected')
    .filter((node) => !node.hasClass('more'))
    .map((node) => node.data('entityId') as string);
}

function togglePin(): void {
  cy.nodes(':selected').forEach((node) => {
    if (node.hasClass('pinned')) node.removeClass('pinned').unlock();
    else node.addClass('pinned').lock();
  });
}

// ---- search (an ARIA combobox) --------------------------------------------------------------

const searchInput = byId<HTMLInputElement>('search');
const searchResults = byId<HTMLUListElement>('search-results');
let hits: SearchHit[] = [];
let activeHit = -1;
let searchTimer: number | undefined;
let searchGeneration = 0;

function renderHits(): void {
  searchResults.replaceChildren(
    ...hits.map((hit, index) =>
      h(
        'li',
        { role: 'option', id: `hit-${index}`, 'aria-selected': String(index === activeHit) },
        `${hit.entity.name} (${KINDS[hit.entity.kind]?.label ?? hit.entity.kind}${hit.entity.country ? `, ${hit.entity.country}` : ''})`,
      ),
    ),
  );
  const open = hits.length > 0;
  searchResults.hidden = !open;
  searchInput.setAttribute('aria-expanded', String(open));
  if (activeHit >= 0) searchInput.setAttribute('aria-activedescendant', `hit-${activeHit}`);
  else searchInput.removeAttribute('aria-activedescendant');
}

function closeHits(): void {
  hits = [];
  activeHit = -1;
  renderHits();
}

async function runSearch(text: string): Promise<void> {
  const generation = ++searchGeneration;
  const found = await busy('Searching', () => gql<{ search: SearchHit[] }>(SEARCH, { query: text }));
  if (generation !== searchGeneration || found === undefined) return;
  hits = found.search;
  activeHit = hits.length ? 0 : -1;
  renderHits();
  byId('search-help').textContent = hits.length
    ? `${hits.length} found. Arrows to move, Enter to draw.`
    : `Nothing found for “${text}”.`;
}

function choose(hit: SearchHit): void {
  closeHits();
  searchInput.value = hit.entity.name;
  shownPath = undefined;
  byId('path-result').replaceChildren();
  void change({ expanded: [{ id: hit.entity.id, limit: DEFAULT_CAP + 1 }], hidden: [] });
}

searchInput.addEventListener('input', () => {
  if (searchTimer !== undefined) {
    window.clearTimeout(searchTimer);
    searchTimer = undefined;
    pending -= 1;
  }
  const text = searchInput.value.trim();
  if (text.length < 2) {
    searchGeneration += 1;
    closeHits();
    return;
  }
  // Busy from the keystroke on, so the test hook never reports idle between typing and the answer.
  pending += 1;
  searchTimer = window.setTimeout(() => {
    searchTimer = undefined;
    pending -= 1;
    void runSearch(text);
  }, 200);
});

searchInput.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    if (!hits.length) return;
    event.preventDefault();
    activeHit = (activeHit + (event.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length;
    renderHits();
  } else if (event.key === 'Enter' && hits[activeHit]) {
    event.preventDefault();
    choose(hits[activeHit]);
  } else if (event.key === 'Escape') {
    closeHits();
  }
});

searchResults.addEventListener('mousedown', (event) => {
  const option = (event.target as HTMLElement).closest('[role="option"]');
  if (!option) return;
  event.preventDefault();
  choose(hits[Number(option.id.slice('hit-'.length))]);
});

// ---- details ----------------------------------------------------------------------------------

const details = byId('details');

function definitionList(rows: [string, string | undefined | null][]): HTMLDListElement {
  const list = h('dl');
  for (const [term, value] of rows) if (value) list.append(h('dt', {}, term), h('dd', {}, value));
  return list;
}

function evidenceItem(evidence: EvidenceData): HTMLElement {
  // An article cites itself (title, date, link); an imported dataset cites the page it took the fact from.
  const { article } = evidence;
  const title = article ? (article.title ?? article.name) : evidence.source.name;
  const url = article ? article.url : evidence.sourceUrl;
  const date = article ? article.publishedAt : evidence.lastSeen && `last seen ${evidence.lastSeen}`;
  const citation = h(
    'p',
    {},
    '— ',
    url ? h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, title) : h('cite', {}, title),
    date ? `, ${date}` : '',
  );
  return h(
    'li',
    { class: 'evidence' },
    evidence.quote ? h('blockquote', {}, `“${evidence.quote}”`) : undefined,
    citation,
  );
}

async function showNode(id: string): Promise<void> {
  const types = relationshipTypes.slice(0, MAX_COUNTED_TYPES);
  const data = await busy('Loading details', () =>
    gql<{ entity: EntityDetails | null; byType: Record<string, { totalCount: number }> | null }>(entityQuery(types), {
      id,
    }),
  );
  if (!data) return;
  if (!data.entity) {
    details.replaceChildren(h('p', {}, `No entity with id “${id}” (it may have been deleted).`));
    return;
  }
  const entity = data.entity;
  const known = new Set(['id', 'kind', 'name', 'aliases', 'description', 'country', 'degree']);
  const extra = Object.entries(entity)
    .filter(([key, value]) => !known.has(key) && typeof value === 'string' && value !== '')
    .map(([key, value]): [string, string] => [key, value as string]);
  const counts = types
    .map((type) => [type, data.byType?.[type]?.totalCount ?? 0] as const)
    .filter(([, count]) => count > 0);
  details.replaceChildren(
    h(
      'div',
      { class: 'details' },
      h('h3', {}, entity.name),
      definitionList([
        ['Kind', KINDS[entity.kind]?.label ?? entity.kind],
        ['Id', entity.id],
        ['Aliases', entity.aliases.join(', ')],
        ['Country', entity.country],
        ['Description', entity.description],
        ...extra,
        ['Relationships', String(entity.degree)],
      ]),
      h('h4', {}, 'Relationships by type'),
      h('ul', {}, ...counts.map(([type, count]) => h('li', {}, `${type}: ${count}`))),
    ),
  );
}

async function showEdge(id: string): Promise<void> {
  const data = await busy('Loading evidence', () =>
    gql<{ relationship: RelationshipDetails | null }>(RELATIONSHIP, { id }),
  );
  if (!data) return;
  const edge = data.relationship;
  if (!edge) {
    details.replaceChildren(h('p', {}, `No relationship with id “${id}” (it may have been deleted).`));
    return;
  }
  details.replaceChildren(
    h(
      'div',
      { class: 'details' },
      h('h3', {}, `${edge.from.name} ${edge.type} ${edge.to.name}`),
      definitionList([
        ['Status', edge.status],
        ['Since', edge.since ?? 'not stated'],
        ['Until', edge.until ?? (edge.status === 'ENDED' ? 'not stated' : 'still holds')],
        ['Direction', edge.symmetric ? 'symmetric: reads both ways' : `${edge.from.name} → ${edge.to.name}`],
        ['Description', edge.description],
      ]),
      h('h4', {}, `Evidence (${edge.evidence.length})`),
      h('ul', { class: 'evidence-list' }, ...edge.evidence.map(evidenceItem)),
    ),
  );
}

// ---- path and exposure ---------------------------------------------------------------------

function nodeName(id: string): string {
  return model.nodes.get(id)?.name ?? shownPath?.nodes.find((node) => node.id === id)?.name ?? id;
}

function showPath(path: PathData): void {
  shownPath = path;
  void redraw();
}

function hopList(path: PathData): HTMLOListElement {
  return h(
    'ol',
    { class: 'hops' },
    ...path.edges.map((edge, index) => {
      const from = path.nodes[index];
      const to = path.nodes[index + 1];
      return h(
        'li',
        {},
        h(
          'strong',
          {},
          `${from.name} — ${edge.type} (${edge.status}${edge.since ? `, since ${edge.since}` : ''}) — ${to.name}`,
        ),
        h('ul', {}, ...edge.evidence.map(evidenceItem)),
      );
    }),
  );
}

function pathLabel(path: PathData): string {
  return `${path.length} hop${path.length === 1 ? '' : 's'}: ${path.nodes.map((node) => node.name).join(' → ')}`;
}

async function findPath(): Promise<void> {
  const [from, to] = selectedEntityIds();
  const result = byId('path-result');
  if (from === undefined || to === undefined || selectedEntityIds().length !== 2) {
    result.replaceChildren(h('p', {}, 'Select exactly two nodes first (click one, Shift+click the other).'));
    return;
  }
  const data = await busy('Finding paths', () =>
    gql<{ shortestPath: PathData | null; paths: PathData[] }>(PATHS, {
      from,
      to,
      asOf: view.asOf,
      status: view.statuses.length ? view.statuses : undefined,
    }),
  );
  if (!data) return;
  if (!data.shortestPath) {
    result.replaceChildren(h('p', {}, `No path between ${nodeName(from)} and ${nodeName(to)} within 6 hops.`));
    return;
  }
  const shortest = data.shortestPath;
  const key = (path: PathData): string => path.edges.map((edge) => edge.id).join();
  const alternatives = data.paths.filter((path) => key(path) !== key(shortest));
  const alternativeButtons = alternatives.map((path) => {
    const button = h('button', { type: 'button' }, pathLabel(path));
    button.addEventListener('click', () => renderPath(path));
    return h('li', {}, button);
  });
  const renderPath = (path: PathData): void => {
    result.replaceChildren(
      h('p', {}, `Shown: ${pathLabel(path)}`),
      hopList(path),
      alternatives.length ? h('h3', {}, 'Other paths') : '',
      h('ul', {}, ...alternativeButtons),
    );
    showPath(path);
  };
  renderPath(shortest);
}

async function showExposure(): Promise<void> {
  const [id] = selectedEntityIds();
  const result = byId('exposure-result');
  if (id === undefined) {
    result.replaceChildren(h('p', {}, 'Select a node first.'));
    return;
  }
  const maxHops = Number(byId<HTMLSelectElement>('exposure-hops').value);
  const data = await busy('Finding sanctions lists nearby', () =>
    gql<{ exposure: ExposureData[] }>(EXPOSURE, { id, maxHops, asOf: view.asOf, first: EXPOSURE_SHOWN }),
  );
  if (!data) return;
  if (!data.exposure.length) {
    result.replaceChildren(
      h('p', {}, `No active listing within ${maxHops} hop${maxHops === 1 ? '' : 's'} of ${nodeName(id)}.`),
    );
    return;
  }
  const cut = data.exposure.length === EXPOSURE_SHOWN;
  result.replaceChildren(
    ...(cut ? [h('p', {}, `The nearest ${EXPOSURE_SHOWN} listings; there may be more.`)] : []),
    h(
      'ul',
      {},
      ...data.exposure.map((item) => {
        const button = h(
          'button',
          { type: 'button' },
          `${item.entity.name} on ${item.list.name} (${item.listing.status}${item.listing.since ? ` since ${item.listing.since}` : ''}), ${item.hops} hop${item.hops === 1 ? '' : 's'} away`,
        );
        button.addEventListener('click', () => {
          byId('path-result').replaceChildren(h('p', {}, `Shown: ${pathLabel(item.path)}`), hopList(item.path));
          showPath(item.path);
        });
        return h('li', {}, button);
      }),
    ),
  );
}

// ---- lists, summary, export ------------------------------------------------------------------

const nodeList = byId('node-list');
const edgeList = byId('edge-list');
rovingList(nodeList);
rovingList(edgeList);

function selectFromList(cyId: string, additive: boolean): void {
  const element = cy.getElementById(cyId);
  if (element.empty()) return;
  if (!additive) cy.elements(':selected').unselect();
  element.select();
  cy.animate({ center: { eles: element } }, { duration: 150 });
  openDetails(cyId);
}

function listButton(cyId: string, label: string): HTMLButtonElement {
  const button = h('button', { type: 'button', 'data-element': cyId, 'aria-pressed': 'false' }, label);
  button.addEventListener('click', (event) => selectFromList(cyId, event.shiftKey || event.ctrlKey || event.metaKey));
  return button;
}

function renderLists(): void {
  const nodes = [...model.nodes.values()].sort((a, b) => a.name.localeCompare(b.name));
  fillRovingList(
    nodeList,
    nodes.map((node) =>
      listButton(
        nodeKey(node.id),
        `${node.name} — ${KINDS[node.kind]?.label ?? node.kind}, ${plural(node.degree, 'relationship')}`,
      ),
    ),
  );
  const edges = [...model.edges.values()].sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
  fillRovingList(
    edgeList,
    edges.map((edge) =>
      listButton(
        edgeKey(edge.id),
        `${nodeName(edge.from.id)} ${edge.symmetric ? '—' : '→'} ${edge.type} ${edge.symmetric ? '—' : '→'} ${nodeName(edge.to.id)} (${edge.status.toLowerCase()}${edge.since ? `, since ${edge.since}` : ''}${edge.until ? `, until ${edge.until}` : ''})`,
      ),
    ),
  );
  byId('nodes-title').textContent = `Entities drawn (${nodes.length})`;
  byId('edges-title').textContent = `Relationships drawn (${edges.length})`;
  syncListSelection();
}

function syncListSelection(): void {
  const selected = new Set(cy.elements(':selected').map((element) => element.id()));
  for (const button of document.querySelectorAll<HTMLButtonElement>('.element-list button')) {
    button.setAttribute('aria-pressed', String(selected.has(button.dataset.element ?? '')));
  }
}

function plural(count: number, word: string): string {
  const many = word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`;
  return `${count.toLocaleString('en')} ${count === 1 ? word : many}`;
}

function renderSummary(): void {
  const summary = byId('summary');
  const [focus, ...others] = view.expanded;
  if (!focus) {
    summary.textContent = 'Nothing drawn yet. Search for an entity to draw its neighbourhood.';
    return;
  }
  const byKind = new Map<string, number>();
  for (const node of model.nodes.values()) byKind.set(node.kind, (byKind.get(node.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([kind, count]) => plural(count, KINDS[kind]?.label.toLowerCase() ?? kind)).join(', ');
  const more = model.placeholders.length
    ? ` ${plural(model.placeholders.length, 'node')} ha${model.placeholders.length === 1 ? 's' : 've'} more neighbours than drawn.`
    : '';
  summary.textContent =
    `${plural(model.nodes.size, 'entity')} and ${plural(model.edges.size, 'relationship')} around ${nodeName(focus.id)}` +
    (others.length ? `, expanded: ${others.map((expansion) => nodeName(expansion.id)).join(', ')}` : '') +
    ` (${kinds || 'none'}). Filters: ${view.types.length ? view.types.join(', ') : 'all types'}, ` +
    `${view.statuses.length ? view.statuses.join(', ').toLowerCase() : 'every status'}, ${view.asOf ? `as of ${view.asOf}` : 'any date'}.` +
    (view.hidden.length ? ` ${plural(view.hidden.length, 'node')} hidden.` : '') +
    more +
    (shownPath ? ` Highlighted path: ${pathLabel(shownPath)}.` : '');
}

function updateExportLinks(): void {
  const focus = view.expanded[0];
  for (const format of ['graphml', 'cytoscape'] as const) {
    const link = byId<HTMLAnchorElement>(`export-${format}`);
    if (!focus) {
      link.removeAttribute('href');
      link.setAttribute('aria-disabled', 'true');
      continue;
    }
    const params = new URLSearchParams({
      id: focus.id,
      depth: view.expanded.length > 1 ? '2' : '1',
      limit: String(Math.min(MAX_LIMIT, Math.max(focus.limit, model.nodes.size))),
    });
    if (view.types.length) params.set('types', view.types.join(','));
    if (view.statuses.length) params.set('status', view.statuses.join(','));
    if (view.asOf) params.set('asOf', view.asOf);
    link.href = `/export/${format}?${params.toString()}`;
    link.removeAttribute('aria-disabled');
  }
}

function exportPng(): void {
  const blob = cy.png({ output: 'blob', bg: '#ffffff', full: true, maxWidth: 4000, maxHeight: 4000 });
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: `entity-graph-${view.expanded[0]?.id ?? 'view'}.png` });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function updateButtons(): void {
  const selectedNodes = selectedEntityIds().length;
  byId<HTMLButtonElement>('undo').disabled = !history.canUndo;
  byId<HTMLButtonElement>('redo').disabled = !history.canRedo;
  byId<HTMLButtonElement>('show-hidden').disabled = view.hidden.length === 0;
  byId('show-hidden').textContent = `Show hidden (${view.hidden.length})`;
  byId<HTMLButtonElement>('export-png').disabled = model.nodes.size === 0;
  for (const id of ['expand', 'hide', 'pin', 'exposure-button'])
    byId<HTMLButtonElement>(id).disabled = selectedNodes === 0;
  byId<HTMLButtonElement>('path-button').disabled = selectedNodes !== 2;
}

// ---- filters and legend ---------------------------------------------------------------------

function checkboxGroup(
  container: HTMLElement,
  values: string[],
  labels: (value: string) => string,
  onChange: () => void,
): void {
  for (const value of values) {
    const box = h('input', { type: 'checkbox', value, checked: true });
    box.addEventListener('change', onChange);
    container.append(h('label', {}, box, ` ${labels(value)}`));
  }
}

/** Every box checked means no filter: the URL stays short and new types are included. */
function checkedValues(container: HTMLElement): string[] {
  const boxes = [...container.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
  const checked = boxes.filter((box) => box.checked).map((box) => box.value);
  return checked.length === boxes.length ? [] : checked;
}

function onFiltersChanged(): void {
  const statuses = checkedValues(byId('status-filter'));
  const types = checkedValues(byId('type-filter'));
  view = { ...view, statuses, types };
  void redraw();
}

function syncFilterBoxes(container: HTMLElement, chosen: string[]): void {
  for (const box of container.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
    box.checked = chosen.length === 0 || chosen.includes(box.value);
  }
}

const asOfSlider = byId<HTMLInputElement>('asof');
let asOfTimer: number | undefined;

function asOfText(year: number): string {
  return year >= ANY_YEAR ? 'any date' : `as of ${year}`;
}

function syncSlider(): void {
  const year = view.asOf ? Number(view.asOf.slice(0, 4)) : ANY_YEAR;
  asOfSlider.value = String(year);
  byId('asof-value').textContent = view.asOf ? `as of ${view.asOf}` : 'any date';
  asOfSlider.setAttribute('aria-valuetext', view.asOf ? `as of ${view.asOf}` : 'any date');
}

asOfSlider.min = String(FIRST_YEAR);
asOfSlider.max = String(ANY_YEAR);
asOfSlider.addEventListener('input', () => {
  const year = Number(asOfSlider.value);
  byId('asof-value').textContent = asOfText(year);
  asOfSlider.setAttribute('aria-valuetext', asOfText(year));
  if (asOfTimer !== undefined) {
    window.clearTimeout(asOfTimer);
    pending -= 1;
  }
  // The slider redraws as it moves, but only once it pauses, so a drag is not a burst of requests.
  pending += 1;
  asOfTimer = window.setTimeout(() => {
    asOfTimer = undefined;
    pending -= 1;
    view = { ...view, asOf: year >= ANY_YEAR ? undefined : String(year) };
    void redraw();
  }, 250);
});

function renderLegend(): void {
  byId('legend').replaceChildren(
    ...Object.keys(KINDS).map((kind) => h('li', {}, kindSwatch(kind), KINDS[kind].label)),
    ...STATUS_LEGEND.map(([what, how]) => h('li', {}, `${what}: ${how}`)),
  );
}

// ---- events ---------------------------------------------------------------------------------

function openDetails(cyId: string): void {
  const element = cy.getElementById(cyId);
  if (element.empty() || element.hasClass('more')) return;
  if (element.group() === 'edges') void showEdge(element.data('relationshipId') as string);
  else void showNode(element.data('entityId') as string);
}

// Cytoscape fires dbltap for two quick taps on different targets; only the same node twice expands.
const taps: (string | undefined)[] = [undefined, undefined];
cy.on('tap', (event) => {
  taps.shift();
  taps.push(event.target === cy ? undefined : (event.target as NodeSingular | EdgeSingular).id());
});
cy.on('tap', 'node, edge', (event) => openDetails((event.target as NodeSingular | EdgeSingular).id()));
cy.on('dbltap', 'node', (event) => {
  const node = event.target as NodeSingular;
  if (taps[0] !== node.id()) return;
  if (node.hasClass('more')) void expand(node.data('owner') as string, true);
  else void expand(node.data('entityId') as string);
});
cy.on('select unselect', () => {
  syncListSelection();
  updateButtons();
});

const lockLayout = byId<HTMLInputElement>('lock-layout');

function runShortcut(key: string): boolean {
  const selected = selectedEntityIds();
  const actions: Record<string, () => void> = {
    '/': () => searchInput.focus(),
    e: () => selected[0] !== undefined && void expand(selected[0]),
    h: () => hide(selected),
    p: togglePin,
    l: () => {
      lockLayout.checked = !lockLayout.checked;
    },
    u: () => restore(history.undo(structure())),
    r: () => restore(history.redo(structure())),
    x: () => void findPath(),
    f: () => graph.fit(),
    Escape: () => cy.elements(':selected').unselect(),
  };
  const action = actions[key];
  if (!action) return false;
  action();
  return true;
}

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (target.closest('input[type="search"], input[type="text"], select, textarea, dialog')) return;
  if (runShortcut(event.key)) event.preventDefault();
});

const clicks: Record<string, () => void> = {
  undo: () => runShortcut('u'),
  redo: () => runShortcut('r'),
  expand: () => runShortcut('e'),
  hide: () => runShortcut('h'),
  pin: () => runShortcut('p'),
  fit: () => runShortcut('f'),
  'show-hidden': () => void change({ hidden: [] }),
  'path-button': () => void findPath(),
  'exposure-button': () => void showExposure(),
  'export-png': exportPng,
};
for (const [id, action] of Object.entries(clicks)) byId(id).addEventListener('click', action);
byId('layout-name').addEventListener('change', () => graph.layout(layoutName(), false, layoutRoot(), false));
lockLayout.addEventListener('change', () => {
  if (!lockLayout.checked) graph.layout(layoutName(), false, layoutRoot(), false);
});
window.addEventListener('explorer:settled', updateButtons);

// ---- the test hook and start ------------------------------------------------------------------

window.__explorer = {
  get idle() {
    return pending === 0 && !graph.settling;
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
      selected: cy.elements(':selected').map((element) => element.id()),
    };
  },
  position(kind, id) {
    return graph.pagePosition(kind === 'node' ? nodeKey(id) : edgeKey(id));
  },
};

async function start(): Promise<void> {
  renderLegend();
  checkboxGroup(byId('status-filter'), STATUSES, (status) => status.toLowerCase(), onFiltersChanged);
  syncFilterBoxes(byId('status-filter'), view.statuses);
  syncSlider();
  updateButtons();
  renderSummary();
  const stats = await busy('Loading relationship types', () =>
    gql<{ graphStats: { byType: { type: string; count: number }[] } }>(STATS),
  );
  relationshipTypes = (stats?.graphStats.byType ?? []).map((row) => row.type).sort();
  checkboxGroup(byId('type-filter'), relationshipTypes, (type) => type, onFiltersChanged);
  syncFilterBoxes(byId('type-filter'), view.types);
  await redraw();
}

void start();
