import type { RelationshipType } from '../model/vocabulary';
import type { Model, Selection } from './graph-model';
import type { PathData } from './queries';
import { DEFAULT_CAP, parseView, UndoHistory, type Structure, type ViewState } from './view-state';

/** What the state tells its listeners about. */
export type StateEvent =
  /** The view changed (expansions, hidden nodes, filters, date, topic or path): the drawing is out of date. */
  | 'view'
  /** A new focus was chosen from the search: what was found for the old one no longer applies. */
  | 'focus'
  /** The drawing was rebuilt from the view: `drawn` and `selection` are new. */
  | 'drawn'
  | 'selection'
  | 'pins'
  /** The topic chosen changed: the search narrows to it (a 'view' follows, for the marks and the URL). */
  | 'topic';

const NOTHING_SELECTED: Selection = { elements: [], nodes: [], entities: [] };

/**
 * The explorer's state, in one place: the view the URL holds (focus, expansions, hidden nodes,
 * filters, date, topic) with undo and redo of its structure, the path shown, what is drawn, what
 * is selected and pinned. Components change it through these methods and listen with `on`; it
 * touches neither the page nor the network.
 */
export class ExplorerState {
  private current: ViewState;
  private readonly history = new UndoHistory();
  private readonly listeners = new Map<StateEvent, (() => void)[]>();
  private path: PathData | undefined;
  private model: Model = { nodes: new Map(), edges: new Map(), placeholders: [] };
  private types: readonly RelationshipType[] = [];
  private readonly pins = new Set<string>();
  private selected: Selection = NOTHING_SELECTED;

  constructor(search: string) {
    this.current = parseView(search);
  }

  on(event: StateEvent, listener: () => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }

  private emit(event: StateEvent): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }

  // ---- the view and its history -------------------------------------------------------------

  get view(): Readonly<ViewState> {
    return this.current;
  }

  /** Whether a filter or a date narrows what is drawn. */
  get filtered(): boolean {
    return this.current.types.length > 0 || this.current.statuses.length > 0 || this.current.asOf !== undefined;
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  private structure(): Structure {
    return { expanded: [...this.current.expanded], hidden: [...this.current.hidden] };
  }

  /** An undoable change of what is expanded or hidden. */
  change(next: Partial<Structure>): void {
    this.history.record(this.structure());
    this.current = { ...this.current, ...next };
    this.emit('view');
  }

  undo(): void {
    this.restore(this.history.undo(this.structure()));
  }

  redo(): void {
    this.restore(this.history.redo(this.structure()));
  }

  private restore(target: Structure | undefined): void {
    if (!target) return;
    this.current = { ...this.current, ...target };
    this.emit('view');
  }

  /** Starts over from one entity: its neighbourhood alone, nothing hidden, no path. */
  focusOn(id: string): void {
    this.path = undefined;
    this.emit('focus');
    this.change({ expanded: [{ id, limit: DEFAULT_CAP + 1 }], hidden: [] });
  }

  /** Filters are not undone: they stay as the boxes show them. Empty: every type, every status. */
  setFilters(types: string[], statuses: string[]): void {
    this.current = { ...this.current, types, statuses };
    this.emit('view');
  }

  setAsOf(asOf: string | undefined): void {
    this.current = { ...this.current, asOf };
    this.emit('view');
  }

  /**
   * Not undone either. The topic narrows no neighbourhood: the redraw that follows fetches nothing
   * new, it marks the drawn entities that have the topic and writes the URL.
   */
  setTopic(topic: string | undefined): void {
    if (topic === this.current.topic) return;
    this.current = { ...this.current, topic };
    this.emit('topic');
    this.emit('view');
  }

  // ---- the path, the drawing, the selection and the pins ---------------------------------------

  /** The path highlighted (drawn with what is expanded), if any. */
  get shownPath(): PathData | undefined {
    return this.path;
  }

  showPath(path: PathData): void {
    this.path = path;
    this.emit('view');
  }

  /** What is drawn now: the neighbourhoods of the view, minus what is hidden, plus the path. */
  get drawn(): Model {
    return this.model;
  }

  /** Called by the drawing once it shows `model`, with what is still selected in it. */
  setDrawn(model: Model, selection: Selection): void {
    this.model = model;
    this.selected = selection;
    this.emit('drawn');
  }

  /** An entity's name, from the drawing or the path; its id when neither has it. */
  nameOf(id: string): string {
    return this.model.nodes.get(id)?.name ?? this.path?.nodes.find((node) => node.id === id)?.name ?? id;
  }

  get selection(): Selection {
    return this.selected;
  }

  setSelection(selection: Selection): void {
    const same =
      selection.elements.length === this.selected.elements.length &&
      selection.elements.every((id, index) => id === this.selected.elements[index]);
    this.selected = selection;
    if (!same) this.emit('selection');
  }

  get pinned(): ReadonlySet<string> {
    return this.pins;
  }

  /** Pins what is not pinned among `nodes`, unpins the rest. */
  togglePins(nodes: readonly string[]): void {
    for (const id of nodes) {
      if (this.pins.has(id)) this.pins.delete(id);
      else this.pins.add(id);
    }
    this.emit('pins');
  }

  /** A node that leaves the drawing loses its pin: it comes back free. */
  keepPins(isDrawn: (id: string) => boolean): void {
    for (const id of this.pins) if (!isDrawn(id)) this.pins.delete(id);
  }

  // ---- the graph's vocabulary ----------------------------------------------------------------

  /** The relationship types the graph holds (from graphStats), sorted. */
  get relationshipTypes(): readonly RelationshipType[] {
    return this.types;
  }

  setRelationshipTypes(types: readonly RelationshipType[]): void {
    this.types = [...types].sort();
  }
}
