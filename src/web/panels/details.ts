import type { Activity } from '../activity';
import { gql } from '../api';
import { byId, h } from '../dom';
import type { Target } from '../graph-model';
import { entityQuery, MAX_COUNTED_TYPES, RELATIONSHIP, type EntityDetails, type RelationshipDetails } from '../queries';
import type { ExplorerState } from '../state';
import { kindLabel } from '../style';
import { topicLabel } from '../text';
import { evidenceItem } from './evidence';

/** Fields every entity has, shown in their own rows; other string fields follow them. */
const COMMON_FIELDS = new Set([
  'id',
  'kind',
  'name',
  'aliases',
  'description',
  'country',
  'degree',
  'schema',
  'topics',
  'identifiers',
]);

/** `scheme: value`, each once: a passport's number is the person's and the document's. */
function identifierLines(identifiers: readonly { scheme: string; value: string }[]): string[] {
  return [...new Set(identifiers.map(({ scheme, value }) => `${scheme}: ${value}`))];
}

function definitionList(rows: [string, string | undefined | null][]): HTMLDListElement {
  const list = h('dl');
  for (const [term, value] of rows) if (value) list.append(h('dt', {}, term), h('dd', {}, value));
  return list;
}

/**
 * The details of what was clicked: a node's properties (its FtM schema, topics and identifiers
 * among them) and counts by type, an edge's evidence.
 */
export class DetailsPanel {
  private readonly details = byId('details');

  constructor(
    private readonly state: ExplorerState,
    private readonly activity: Activity,
  ) {}

  /** Shows what `target` stands for; a "+N more" has no details. */
  open(target: Target | undefined): void {
    if (target?.kind === 'entity') void this.showNode(target.id);
    else if (target?.kind === 'relationship') void this.showEdge(target.id);
  }

  private async showNode(id: string): Promise<void> {
    const types = this.state.relationshipTypes.slice(0, MAX_COUNTED_TYPES);
    const data = await this.activity.busy('Loading details', () =>
      gql<{ entity: EntityDetails | null; byType: Record<string, { totalCount: number }> | null }>(entityQuery(types), {
        id,
      }),
    );
    if (!data) return;
    if (!data.entity) {
      this.details.replaceChildren(h('p', {}, `No entity with id “${id}” (it may have been deleted).`));
      return;
    }
    const entity = data.entity;
    const extra = Object.entries(entity)
      .filter(([key, value]) => !COMMON_FIELDS.has(key) && typeof value === 'string' && value !== '')
      .map(([key, value]): [string, string] => [key, value as string]);
    const identifiers = identifierLines(entity.identifiers);
    const counts = types
      .map((type) => [type, data.byType?.[type]?.totalCount ?? 0] as const)
      .filter(([, count]) => count > 0);
    this.details.replaceChildren(
      h(
        'div',
        { class: 'details' },
        h('h3', {}, entity.name),
        definitionList([
          ['Kind', kindLabel(entity.kind)],
          ['FtM schema', entity.schema],
          ['Id', entity.id],
          ['Aliases', entity.aliases.join(', ')],
          ['Country', entity.country],
          ['Topics', entity.topics.map(topicLabel).join(', ')],
          ['Description', entity.description],
          ...extra,
          ['Relationships', String(entity.degree)],
        ]),
        identifiers.length ? h('h4', {}, 'Identifiers') : undefined,
        identifiers.length
          ? h('ul', { class: 'identifiers' }, ...identifiers.map((line) => h('li', {}, line)))
          : undefined,
        h('h4', {}, 'Relationships by type'),
        h('ul', {}, ...counts.map(([type, count]) => h('li', {}, `${type}: ${count}`))),
      ),
    );
  }

  private async showEdge(id: string): Promise<void> {
    const data = await this.activity.busy('Loading evidence', () =>
      gql<{ relationship: RelationshipDetails | null }>(RELATIONSHIP, { id }),
    );
    if (!data) return;
    const edge = data.relationship;
    if (!edge) {
      this.details.replaceChildren(h('p', {}, `No relationship with id “${id}” (it may have been deleted).`));
      return;
    }
    this.details.replaceChildren(
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
}
