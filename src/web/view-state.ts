/** What the URL holds: the view is rebuilt from it alone, so a link or a reload shows the same graph. */

import { FTM_TOPICS } from '../model/vocabulary';

/** Neighbours drawn per expansion before the page asks (the supernode guard). */
export const DEFAULT_CAP = 50;
/** `neighborhood`'s own maximum of nodes, the entity included. */
export const MAX_LIMIT = 1000;

export interface Expansion {
  id: string;
  /** Most nodes drawn for it, itself included. */
  limit: number;
}

export interface ViewState {
  /** The first one is the focus (the search hit); the rest were expanded from it. */
  expanded: Expansion[];
  hidden: string[];
  /** Empty: every type / every status. */
  types: string[];
  statuses: string[];
  /** A year; undefined: any date. */
  asOf?: string;
  /**
   * An FtM topic (`sanction`, `role.pep`, …): the search finds only entities with it, and drawn
   * entities with it are marked. Undefined: any topic.
   */
  topic?: string;
}

export const emptyView = (): ViewState => ({ expanded: [], hidden: [], types: [], statuses: [] });

const defaultLimit = DEFAULT_CAP + 1;

function formatExpansion({ id, limit }: Expansion): string {
  return limit === defaultLimit ? id : `${id}~${limit}`;
}

function parseExpansion(text: string): Expansion | undefined {
  const cut = text.lastIndexOf('~');
  const id = cut < 0 ? text : text.slice(0, cut);
  const limit = cut < 0 ? defaultLimit : Number(text.slice(cut + 1));
  if (id === '' || !Number.isInteger(limit) || limit < 2 || limit > MAX_LIMIT) return undefined;
  return { id, limit };
}

const list = (value: string | null): string[] => (value ? value.split(',').filter(Boolean) : []);

export function parseView(search: string): ViewState {
  const params = new URLSearchParams(search);
  const expansions = [...list(params.get('focus')).slice(0, 1), ...list(params.get('expand'))]
    .map(parseExpansion)
    .filter((expansion): expansion is Expansion => expansion !== undefined);
  const asOf = params.get('asOf') ?? undefined;
  const topic = params.get('topic') ?? undefined;
  return {
    expanded: expansions.filter((expansion, index) => expansions.findIndex((e) => e.id === expansion.id) === index),
    hidden: list(params.get('hide')),
    types: list(params.get('types')),
    statuses: list(params.get('status')),
    asOf: asOf && /^\d{4}(-\d{2}){0,2}$/.test(asOf) ? asOf : undefined,
    // Only a topic the model knows: the service refuses others, and a stale link should still draw.
    topic: topic && FTM_TOPICS.includes(topic) ? topic : undefined,
  };
}

/** The query string for a view (without "?"); commas stay readable, ids are slugs. */
export function formatView(view: ViewState): string {
  const [focus, ...rest] = view.expanded;
  const parts: [string, string][] = [];
  if (focus) parts.push(['focus', formatExpansion(focus)]);
  if (rest.length) parts.push(['expand', rest.map(formatExpansion).join(',')]);
  if (view.hidden.length) parts.push(['hide', view.hidden.join(',')]);
  if (view.types.length) parts.push(['types', view.types.join(',')]);
  if (view.statuses.length) parts.push(['status', view.statuses.join(',')]);
  if (view.asOf) parts.push(['asOf', view.asOf]);
  if (view.topic) parts.push(['topic', view.topic]);
  return parts.map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/%2C/g, ',')}`).join('&');
}

/** The part of a view that undo and redo cover: what is expanded and what is hidden. */
export type Structure = Pick<ViewState, 'expanded' | 'hidden'>;

export class UndoHistory {
  private past: Structure[] = [];
  private future: Structure[] = [];

  /** Call before changing the structure, with the structure as it was. */
  record(before: Structure): void {
    this.past.push(before);
    this.future = [];
  }

  undo(current: Structure): Structure | undefined {
    const previous = this.past.pop();
    if (previous) this.future.push(current);
    return previous;
  }

  redo(current: Structure): Structure | undefined {
    const next = this.future.pop();
    if (next) this.past.push(current);
    return next;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }
}
