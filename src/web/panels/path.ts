import type { Activity } from '../activity';
import { gql } from '../api';
import { byId, h } from '../dom';
import { EXPOSURE, EXPOSURE_SHOWN, PATHS, type ExposureData, type PathData } from '../queries';
import type { ExplorerState } from '../state';
import { hops, pathLabel } from '../text';
import { evidenceItem } from './evidence';

/** A path hop by hop, each hop with its evidence. */
export function hopList(path: PathData): HTMLOListElement {
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

/** Why two entities are connected (the Path section), and which sanctions lists are near one (Exposure). */
export class PathPanel {
  private readonly result = byId('path-result');
  private readonly exposureResult = byId('exposure-result');
  private readonly pathButton = byId<HTMLButtonElement>('path-button');
  private readonly exposureButton = byId<HTMLButtonElement>('exposure-button');

  constructor(
    private readonly state: ExplorerState,
    private readonly activity: Activity,
  ) {
    this.pathButton.addEventListener('click', () => void this.findPath());
    this.exposureButton.addEventListener('click', () => void this.showExposure());
    // A new focus starts over: the path found for the old one goes.
    state.on('focus', () => this.result.replaceChildren());
    for (const event of ['drawn', 'selection'] as const) state.on(event, () => this.updateButtons());
    window.addEventListener('explorer:settled', () => this.updateButtons());
    this.updateButtons();
  }

  /** Highlights `path` in the drawing (its entities and relationships drawn too) and lists its hops with their evidence. */
  show(path: PathData): void {
    this.result.replaceChildren(h('p', {}, `Shown: ${pathLabel(path)}`), hopList(path));
    this.state.showPath(path);
  }

  private updateButtons(): void {
    const selected = this.state.selection.entities.length;
    this.exposureButton.disabled = selected === 0;
    this.pathButton.disabled = selected !== 2;
  }

  /** The shortest path between the two selected entities, highlighted, with the alternatives to choose from. */
  async findPath(): Promise<void> {
    const selected = this.state.selection.entities;
    const [from, to] = selected;
    if (from === undefined || to === undefined || selected.length !== 2) {
      this.result.replaceChildren(h('p', {}, 'Select exactly two nodes first (click one, Shift+click the other).'));
      return;
    }
    const { asOf, statuses } = this.state.view;
    const data = await this.activity.busy('Finding paths', () =>
      gql<{ shortestPath: PathData | null; paths: PathData[] }>(PATHS, {
        from,
        to,
        asOf,
        status: statuses.length ? statuses : undefined,
      }),
    );
    if (!data) return;
    if (!data.shortestPath) {
      const [fromName, toName] = [this.state.nameOf(from), this.state.nameOf(to)];
      this.result.replaceChildren(h('p', {}, `No path between ${fromName} and ${toName} within 6 hops.`));
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
      this.result.replaceChildren(
        h('p', {}, `Shown: ${pathLabel(path)}`),
        hopList(path),
        alternatives.length ? h('h3', {}, 'Other paths') : '',
        h('ul', {}, ...alternativeButtons),
      );
      this.state.showPath(path);
    };
    renderPath(shortest);
  }

  /** The sanctions lists within the chosen hops of the selected entity, each with the path that justifies it. */
  async showExposure(): Promise<void> {
    const [id] = this.state.selection.entities;
    const result = this.exposureResult;
    if (id === undefined) {
      result.replaceChildren(h('p', {}, 'Select a node first.'));
      return;
    }
    const maxHops = Number(byId<HTMLSelectElement>('exposure-hops').value);
    const data = await this.activity.busy('Finding sanctions lists nearby', () =>
      gql<{ exposure: ExposureData[] }>(EXPOSURE, { id, maxHops, asOf: this.state.view.asOf, first: EXPOSURE_SHOWN }),
    );
    if (!data) return;
    if (!data.exposure.length) {
      result.replaceChildren(h('p', {}, `No active listing within ${hops(maxHops)} of ${this.state.nameOf(id)}.`));
      return;
    }
    const cut = data.exposure.length === EXPOSURE_SHOWN;
    result.replaceChildren(
      ...(cut ? [h('p', {}, `The nearest ${EXPOSURE_SHOWN} listings; there may be more.`)] : []),
      h(
        'ul',
        {},
        ...data.exposure.map((item) => {
          const { listing } = item;
          const button = h(
            'button',
            { type: 'button' },
            `${item.entity.name} on ${item.list.name} (${listing.status}${listing.since ? ` since ${listing.since}` : ''}), ${hops(item.hops)} away`,
          );
          button.addEventListener('click', () => this.show(item.path));
          return h('li', {}, button);
        }),
      ),
    );
  }
}
