import { ENTITY_KINDS } from '../../model/vocabulary';
import { byId, h } from '../dom';
import { KINDS, kindSwatch, STATUS_LEGEND, TOPIC_MARK, topicSwatch } from '../style';

/** The legend: every kind's shape and colour, the topic's mark, then how edges show their status. */
export function renderLegend(): void {
  byId('legend').replaceChildren(
    ...ENTITY_KINDS.map((kind) => h('li', {}, kindSwatch(kind), KINDS[kind].label)),
    h('li', {}, topicSwatch(), `With the topic chosen (Filters): ${TOPIC_MARK}`),
    ...STATUS_LEGEND.map(([what, how]) => h('li', {}, `${what}: ${how}`)),
  );
}
