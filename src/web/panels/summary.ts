import type { EntityKind } from '../../model/vocabulary';
import { byId } from '../dom';
import type { ExplorerState } from '../state';
import { kindLabel, TOPIC_MARK } from '../style';
import { pathLabel, plural, topicLabel } from '../text';

/** The drawing in one paragraph (read out as it changes): what is drawn around whom, with which filters and topic. */
export function mountSummary(state: ExplorerState): void {
  const summary = byId('summary');
  const render = (): void => {
    const { view, drawn, shownPath } = state;
    const [focus, ...others] = view.expanded;
    if (!focus) {
      // A path alone (one drawn from the Screen panel on an empty view).
      summary.textContent = shownPath
        ? `${plural(drawn.nodes.size, 'entity')} and ${plural(drawn.edges.size, 'relationship')} drawn. ` +
          `Highlighted path: ${pathLabel(shownPath)}.`
        : 'Nothing drawn yet. Search for an entity to draw its neighbourhood.';
      return;
    }
    const byKind = new Map<EntityKind, number>();
    for (const node of drawn.nodes.values()) byKind.set(node.kind, (byKind.get(node.kind) ?? 0) + 1);
    const kinds = [...byKind].map(([kind, count]) => plural(count, kindLabel(kind).toLowerCase())).join(', ');
    const chosen = view.topic;
    const marked = chosen ? [...drawn.nodes.values()].filter((node) => node.topics.includes(chosen)).length : 0;
    const topic = chosen
      ? ` Topic “${topicLabel(chosen)}”: ${plural(marked, 'entity')} drawn ha${marked === 1 ? 's' : 've'} it (${TOPIC_MARK}).`
      : '';
    const placeholders = drawn.placeholders.length;
    const more = placeholders
      ? ` ${plural(placeholders, 'node')} ha${placeholders === 1 ? 's' : 've'} more neighbours than drawn.`
      : '';
    summary.textContent =
      `${plural(drawn.nodes.size, 'entity')} and ${plural(drawn.edges.size, 'relationship')} around ${state.nameOf(focus.id)}` +
      (others.length ? `, expanded: ${others.map((expansion) => state.nameOf(expansion.id)).join(', ')}` : '') +
      ` (${kinds || 'none'}). Filters: ${view.types.length ? view.types.join(', ') : 'all types'}, ` +
      `${view.statuses.length ? view.statuses.join(', ').toLowerCase() : 'every status'}, ${view.asOf ? `as of ${view.asOf}` : 'any date'}.` +
      topic +
      (view.hidden.length ? ` ${plural(view.hidden.length, 'node')} hidden.` : '') +
      more +
      (shownPath ? ` Highlighted path: ${pathLabel(shownPath)}.` : '');
  };
  state.on('drawn', render);
  render();
}
