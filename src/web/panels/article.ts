import { ENTITY_KINDS, RELATIONSHIP_STATUSES, type EntityKind, type RelationshipStatus } from '../../model/vocabulary';
import type { Activity } from '../activity';
import { ApiError, describeError, gql } from '../api';
import { authorization, storeApiKey, storedApiKey } from '../api-key';
import { ArticleReview, isPartialDate, type Decision, type RowRef } from '../article-review';
import { markedText, type TextMark } from '../article-text';
import { byId, h } from '../dom';
import {
  EXTRACT,
  INGEST,
  type ArticleMetadataInput,
  type ExtractionData,
  type IngestResultData,
  type ProposedEntityData,
  type ProposedRelationshipData,
} from '../queries';
import type { ExplorerState } from '../state';
import { kindLabel } from '../style';
import { plural } from '../text';

/** Kinds a new name may be given: sources (articles, datasets) are not what an article names. */
const NAME_KINDS = ENTITY_KINDS.filter((kind) => kind !== 'ARTICLE' && kind !== 'DATASET');

const DECISION_WORDS: Readonly<Record<Decision, string>> = {
  pending: 'Pending',
  accepted: 'Accepted',
  rejected: 'Rejected',
};

/** Fields where a key is typing: the review's keys leave them alone. */
const FIELD = 'input, select, textarea';

/** The service's words for a failure, with its code, so nothing it said is lost. */
function failure(error: unknown): string {
  const said = describeError(error);
  if (!(error instanceof ApiError)) return said;
  const detail = said.includes(error.message) ? '' : `: ${error.message}`;
  const hint =
    error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN'
      ? ' Give an editor API key in the field above Submit.'
      : '';
  return `${said} (${error.code}${detail})${hint}`;
}

/** `a, b , c` → ['a', 'b', 'c'], blanks left out. */
const commaList = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

function select<T extends string>(values: readonly T[], chosen: T, label: (value: T) => string): HTMLSelectElement {
  return h('select', {}, ...values.map((value) => h('option', { value, selected: value === chosen }, label(value))));
}

/** One row of the review on the page, and how it shows its decision. */
interface RowView {
  ref: RowRef;
  element: HTMLLIElement;
  /** Reads the review again into the row (decision, blocked, names). */
  update(): void;
}

/**
 * The New article panel: an article's metadata and text, `extract`'s proposals over the text
 * with each name marked, a decision (and edits) per proposed entity and relationship, then one
 * `ingest` of what was accepted, and the article's neighbourhood drawn.
 */
export class ArticlePanel {
  private readonly panel = byId('article-panel');
  private readonly toggle = byId<HTMLButtonElement>('article-toggle');
  private readonly title = byId<HTMLInputElement>('article-title');
  private readonly publisher = byId<HTMLInputElement>('article-publisher');
  private readonly authors = byId<HTMLInputElement>('article-authors');
  private readonly published = byId<HTMLInputElement>('article-published');
  private readonly url = byId<HTMLInputElement>('article-url');
  private readonly text = byId<HTMLTextAreaElement>('article-text');
  private readonly progress = byId('article-progress');
  private readonly error = byId('article-error');
  private readonly reviewArea = byId('article-review');
  private readonly write = byId<HTMLFormElement>('article-write');
  private readonly key = byId<HTMLInputElement>('article-key');
  private readonly acceptRest = byId<HTMLButtonElement>('article-accept-rest');
  private readonly submit = byId<HTMLButtonElement>('article-submit');
  private readonly plan = byId('article-plan');
  private readonly writeError = byId('article-write-error');
  private readonly result = byId('article-result');
  private review: ArticleReview | undefined;
  /** The form as it was proposed from: the draft holds it, so a change means proposing again. */
  private proposedFrom = '';
  private rows: RowView[] = [];
  private written = false;
  private generation = 0;

  constructor(
    private readonly state: ExplorerState,
    private readonly activity: Activity,
  ) {
    this.toggle.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
    byId<HTMLFormElement>('article-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.propose();
    });
    this.text.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      void this.propose();
    });
    this.key.value = storedApiKey();
    this.key.addEventListener('change', () => storeApiKey(this.key.value.trim()));
    this.write.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.ingest();
    });
    this.acceptRest.addEventListener('click', () => this.acceptPending());
    this.reviewArea.addEventListener('keydown', (event) => this.onKey(event));
    this.reviewArea.addEventListener('focusin', (event) => this.highlight(event.target as HTMLElement));
  }

  /** Shows the panel with the cursor in the title (the `a` key). */
  open(): void {
    this.panel.hidden = false;
    this.toggle.setAttribute('aria-expanded', 'true');
    this.title.focus();
  }

  close(): void {
    this.panel.hidden = true;
    this.toggle.setAttribute('aria-expanded', 'false');
  }

  private metadata(): ArticleMetadataInput {
    const value = (input: HTMLInputElement): string | undefined => input.value.trim() || undefined;
    const authors = commaList(this.authors.value);
    return {
      title: this.title.value.trim(),
      publisher: value(this.publisher),
      authors: authors.length ? authors : undefined,
      publishedAt: value(this.published),
      url: value(this.url),
    };
  }

  private formState(): string {
    return JSON.stringify([this.metadata(), this.text.value]);
  }

  /** Sends the form to `extract` and shows its proposals for review; nothing is written. */
  async propose(): Promise<void> {
    const generation = ++this.generation;
    const article = this.metadata();
    const text = this.text.value;
    this.error.textContent = '';
    if (!article.title) {
      this.error.textContent = 'An article needs a title: it names the article in the graph (and makes its id).';
      this.title.focus();
      return;
    }
    if (article.publishedAt && !isPartialDate(article.publishedAt)) {
      this.error.textContent = 'The published date is a date as 2024, 2024-03 or 2024-03-15.';
      this.published.focus();
      return;
    }
    if (!text.trim()) {
      this.error.textContent = 'Paste the article’s text first.';
      this.text.focus();
      return;
    }
    this.progress.textContent = 'Reading the text…';
    this.activity.hold();
    try {
      const data = await gql<{ extract: ExtractionData }>(EXTRACT, { article, text });
      if (generation !== this.generation) return;
      this.review = new ArticleReview(data.extract, article.title);
      this.proposedFrom = JSON.stringify([article, text]);
      this.written = false;
      this.show(this.review, text);
      const { entities, relationships, mentions } = data.extract;
      const stored = entities.filter((entity) => entity.entity).length;
      this.progress.textContent =
        `${plural(mentions.length, 'mention')} of ${plural(entities.length, 'entity')} ` +
        `(${stored} stored, ${entities.length - stored} new), ${plural(relationships.length, 'relationship')} proposed.`;
    } catch (error) {
      if (generation !== this.generation) return;
      this.progress.textContent = '';
      this.error.textContent = `Nothing was proposed: ${failure(error)}`;
    } finally {
      this.activity.release();
    }
  }

  /** The text with its names marked, then a row per proposed entity and relationship. */
  private show(review: ArticleReview, text: string): void {
    const { extraction } = review;
    const proposed = new Map(extraction.entities.map((entity) => [entity.id, entity]));
    const marks: TextMark[] = extraction.mentions.map((mention) => {
      const entity = proposed.get(mention.proposed.id);
      const stored = Boolean(entity?.entity);
      return {
        offset: mention.offset,
        length: mention.length,
        entityId: mention.proposed.id,
        stored,
        title: entity
          ? `${stored ? 'Stored' : 'New'}: ${entity.name} (${kindLabel(entity.kind)}${stored ? `, ${entity.id}` : ''})`
          : mention.text,
      };
    });
    const entityRows = extraction.entities.map((entity) => this.entityRow(review, entity));
    const relationshipRows = extraction.relationships.map((relationship) => this.relationshipRow(review, relationship));
    this.rows = [...entityRows, ...relationshipRows];
    this.rows.forEach((row, index) => (row.element.tabIndex = index === 0 ? 0 : -1));
    this.reviewArea.replaceChildren(
      h('h3', {}, 'The text'),
      h(
        'p',
        { class: 'hint' },
        'Names marked: ',
        h('mark', { class: 'mention mention-stored' }, 'a stored entity'),
        ' (solid underline), ',
        h('mark', { class: 'mention mention-new' }, 'a new name'),
        ' (dashed underline). A row in focus outlines its names.',
      ),
      h('div', { class: 'article-text-view', id: 'article-text-view' }, ...markedText(text, marks)),
      h(
        'p',
        { class: 'hint', id: 'article-review-keys' },
        'Every proposal starts pending. In the lists: j / k (or the arrows) move, y accepts, n rejects (each moves on), ' +
          'e edits the row, Escape leaves a field, Shift+Y accepts every pending proposal. Rejecting an entity rejects its ' +
          'relationships; a new entity is written only when an accepted relationship uses it.',
      ),
      h('h3', {}, `Entities (${entityRows.length})`),
      h(
        'ul',
        { class: 'review-list', id: 'article-entities', 'aria-describedby': 'article-review-keys' },
        ...entityRows.map((row) => row.element),
      ),
      h('h3', {}, `Relationships (${relationshipRows.length})`),
      h(
        'ul',
        { class: 'review-list', id: 'article-relationships', 'aria-describedby': 'article-review-keys' },
        ...relationshipRows.map((row) => row.element),
      ),
    );
    this.write.hidden = false;
    this.writeError.textContent = '';
    this.result.replaceChildren();
    this.refresh();
  }

  /** Accept and Reject, pressed as `decision` (what counts for the row) says. */
  private decisionButtons(ref: RowRef, decision: () => Decision): { element: HTMLElement; update(): void } {
    const accept = h('button', { type: 'button', class: 'review-accept', 'aria-pressed': 'false' }, 'Accept');
    const reject = h('button', { type: 'button', class: 'review-reject', 'aria-pressed': 'false' }, 'Reject');
    accept.addEventListener('click', () => this.decide(ref, 'accepted'));
    reject.addEventListener('click', () => this.decide(ref, 'rejected'));
    return {
      element: h('span', { class: 'review-buttons' }, accept, reject),
      update: () => {
        const now = decision();
        accept.setAttribute('aria-pressed', String(now === 'accepted'));
        reject.setAttribute('aria-pressed', String(now === 'rejected'));
      },
    };
  }

  private entityRow(review: ArticleReview, entity: ProposedEntityData): RowView {
    const ref: RowRef = { kind: 'entity', id: entity.id };
    const badge = h('span', { class: 'decision' });
    const buttons = this.decisionButtons(ref, () => review.decision(ref));
    const named =
      entity.mentions > 0 ? `named ${entity.mentions === 1 ? 'once' : `${entity.mentions} times`}` : 'from the byline';
    const fields: HTMLElement[] = [];
    let heading: HTMLElement;
    if (entity.entity) {
      heading = h(
        'span',
        {},
        h('strong', {}, entity.entity.name),
        ` — ${kindLabel(entity.entity.kind)}, stored as `,
        h('code', { class: 'entity-id' }, entity.entity.id),
        `, ${named}`,
      );
    } else {
      const edit = review.entityEdit(entity.id);
      const name = h('input', { type: 'text', class: 'entity-name', value: edit?.name ?? entity.name });
      const kind = select(NAME_KINDS, edit?.kind ?? entity.kind, kindLabel);
      kind.classList.add('entity-kind');
      name.addEventListener('input', () => {
        review.editEntity(entity.id, { name: name.value });
        this.refresh();
      });
      kind.addEventListener('change', () => {
        review.editEntity(entity.id, { kind: kind.value as EntityKind });
        this.refresh();
      });
      heading = h(
        'span',
        {},
        h('strong', {}, 'New'),
        ` as `,
        h('code', { class: 'entity-id' }, entity.id),
        `, ${named}${entity.aliases.length ? `, also as ${entity.aliases.join(', ')}` : ''}`,
      );
      fields.push(
        h('label', {}, 'Name ', name),
        h('label', {}, `Kind${entity.kindGuessed ? ' (a guess: check it)' : ''} `, kind),
      );
    }
    const element = h(
      'li',
      { class: 'review-row', 'data-row': `entity:${entity.id}` },
      h('div', { class: 'review-head' }, badge, ' ', heading),
      fields.length ? h('div', { class: 'review-fields' }, ...fields) : undefined,
      buttons.element,
    );
    return {
      ref,
      element,
      update: () => {
        const decision = review.decision(ref);
        element.dataset.decision = decision;
        badge.className = `decision decision-${decision}`;
        badge.textContent = DECISION_WORDS[decision];
        buttons.update();
        for (const control of element.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>(
          'input, select, button',
        ))
          control.disabled = this.written;
      },
    };
  }

  private relationshipRow(review: ArticleReview, relationship: ProposedRelationshipData): RowView {
    const ref: RowRef = { kind: 'relationship', id: relationship.id };
    const badge = h('span', { class: 'decision' });
    const from = h('strong', { class: 'relationship-from' });
    const to = h('strong', { class: 'relationship-to' });
    const blocked = h('p', { class: 'hint review-blocked', hidden: true });
    const buttons = this.decisionButtons(ref, () => review.effective(relationship));
    const edit = review.relationshipEdit(relationship.id);
    const status = select<RelationshipStatus>(
      RELATIONSHIP_STATUSES,
      edit?.status ?? relationship.status,
      (value) => value,
    );
    status.classList.add('relationship-status');
    const since = h('input', {
      type: 'text',
      class: 'relationship-since',
      size: '10',
      placeholder: 'YYYY-MM-DD',
      value: edit?.since ?? '',
    });
    status.addEventListener('change', () => {
      review.editRelationship(relationship.id, { status: status.value as RelationshipStatus });
      this.refresh();
    });
    since.addEventListener('input', () => {
      review.editRelationship(relationship.id, { since: since.value });
      this.refresh();
    });
    const said = [relationship.quote, ...relationship.alsoSaid];
    const source =
      relationship.offset === null
        ? 'from the byline'
        : relationship.cue
          ? `the cue “${relationship.cue}”`
          : 'named in the text';
    const element = h(
      'li',
      { class: 'review-row', 'data-row': `relationship:${relationship.id}`, 'data-type': relationship.type },
      h(
        'div',
        { class: 'review-head' },
        badge,
        ' ',
        from,
        ` — ${relationship.type} → `,
        to,
        h('span', { class: 'hint' }, ` (${source})`),
      ),
      h(
        'div',
        { class: 'review-fields' },
        h('label', {}, 'Status ', status),
        h('label', {}, 'Since ', since),
        relationship.until ? h('span', {}, `until ${relationship.until}`) : undefined,
      ),
      ...said.map((quote) => h('blockquote', { class: 'relationship-quote' }, `“${quote}”`)),
      blocked,
      buttons.element,
    );
    return {
      ref,
      element,
      update: () => {
        const by = review.rejectedBy(relationship);
        const decision = review.effective(relationship);
        element.dataset.decision = decision;
        badge.className = `decision decision-${decision}`;
        badge.textContent = DECISION_WORDS[decision];
        from.textContent = review.nameOf(relationship.from);
        to.textContent = review.nameOf(relationship.to);
        blocked.hidden = !by;
        blocked.textContent = by ? `Rejected with ${review.nameOf(by)}: accept it to decide this one.` : '';
        buttons.update();
        for (const control of element.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>(
          'input, select, button',
        ))
          control.disabled = this.written || by !== undefined;
      },
    };
  }

  /** Reads the review into every row, the marks, and what Submit would write. */
  private refresh(): void {
    const review = this.review;
    if (!review) return;
    for (const row of this.rows) row.update();
    for (const mark of this.reviewArea.querySelectorAll<HTMLElement>('mark[data-entity]')) {
      const decision = review.decision({ kind: 'entity', id: mark.dataset.entity ?? '' });
      mark.classList.toggle('mention-rejected', decision === 'rejected');
    }
    const problems = review.problems();
    this.acceptRest.disabled = this.written || review.pending === 0;
    this.submit.disabled = this.written || problems.length > 0;
    if (this.written) {
      this.plan.textContent = 'Written. Propose again to review another text.';
      return;
    }
    if (problems.length) {
      this.plan.textContent =
        problems.slice(0, 3).join(' ') + (problems.length > 3 ? ` And ${problems.length - 3} more.` : '');
      return;
    }
    const plan = review.plan();
    const { entities, relationships } = plan.input;
    this.plan.textContent =
      `Submit writes the article, ${plural(entities.length, 'new entity')} and ${plural(relationships.length, 'relationship')} ` +
      `in one transaction; ${plural(plan.rejectedRelationships, 'relationship')} and ${plural(plan.leftOutEntities, 'new entity')} left out.`;
  }

  private decide(ref: RowRef, decision: Decision): void {
    if (!this.review || this.written) return;
    this.review.decide(ref, decision);
    this.refresh();
  }

  private acceptPending(): void {
    if (!this.review || this.written) return;
    this.review.acceptPending();
    this.refresh();
  }

  /** Moves the focus to row `index` (kept in range), the only row Tab stops at. */
  private focusRow(index: number): void {
    const target = this.rows[Math.max(0, Math.min(this.rows.length - 1, index))];
    if (!target) return;
    for (const row of this.rows) row.element.tabIndex = row === target ? 0 : -1;
    target.element.focus();
  }

  /** y and n: the row decided, the next one in focus, so a review is a run of keys. */
  private decideAndMove(index: number, decision: Decision): void {
    this.decide(this.rows[index].ref, decision);
    this.focusRow(index + 1);
  }

  /** The review's keys; a field keeps its keys but Escape, which goes back to the row. */
  private onKey(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    const element = target.closest<HTMLElement>('.review-row');
    const index = this.rows.findIndex((row) => row.element === element);
    if (target.closest(FIELD)) {
      if (event.key !== 'Escape' || index < 0) return;
      this.focusRow(index);
    } else {
      const row = this.rows[index];
      const actions: Record<string, (() => void) | undefined> = {
        j: () => this.focusRow(index + 1),
        ArrowDown: () => this.focusRow(index + 1),
        k: () => this.focusRow(index < 0 ? 0 : index - 1),
        ArrowUp: () => this.focusRow(index < 0 ? 0 : index - 1),
        y: row && (() => this.decideAndMove(index, 'accepted')),
        n: row && (() => this.decideAndMove(index, 'rejected')),
        e:
          row && (() => row.element.querySelector<HTMLElement>('input:not(:disabled), select:not(:disabled)')?.focus()),
        Y: () => this.acceptPending(),
      };
      const action = actions[event.key];
      if (!action) return;
      action();
    }
    // The page's own keys (e expands, h hides, …) do not act on the graph from here.
    event.preventDefault();
    event.stopPropagation();
  }

  /** Outlines the names of the row in focus in the text. */
  private highlight(target: HTMLElement): void {
    const element = target.closest<HTMLElement>('.review-row');
    const row = this.rows.find((candidate) => candidate.element === element);
    const relationship =
      row?.ref.kind === 'relationship'
        ? this.review?.relationships.find((candidate) => candidate.id === row.ref.id)
        : undefined;
    const ids = new Set(
      relationship ? [relationship.from.id, relationship.to.id] : row ? [row.ref.id] : ([] as string[]),
    );
    for (const mark of this.reviewArea.querySelectorAll<HTMLElement>('mark[data-entity]'))
      mark.classList.toggle('mention-active', ids.has(mark.dataset.entity ?? ''));
  }

  /** Writes what was accepted in one `ingest`, then draws the article's neighbourhood. */
  async ingest(): Promise<void> {
    const review = this.review;
    if (!review || this.written) return;
    this.writeError.textContent = '';
    const problems = review.problems();
    if (problems.length) {
      this.writeError.textContent = `Nothing was written. ${problems.join(' ')}`;
      return;
    }
    if (this.formState() !== this.proposedFrom) {
      this.writeError.textContent =
        'Nothing was written: the form changed since Propose, and the proposals are for what it held then. Propose again.';
      return;
    }
    const key = this.key.value.trim();
    storeApiKey(key);
    const plan = review.plan();
    this.submit.disabled = true;
    this.activity.hold();
    try {
      const data = await gql<{ ingest: IngestResultData }>(INGEST, { input: plan.input }, authorization(key));
      this.written = true;
      this.showWritten(review, data.ingest, plan.input.relationships);
      this.result.scrollIntoView({ block: 'nearest' });
      this.state.focusOn(data.ingest.article.id);
    } catch (error) {
      this.writeError.textContent = `Nothing was written: ${failure(error)}`;
    } finally {
      this.activity.release();
      this.refresh();
    }
  }

  private showWritten(
    review: ArticleReview,
    result: IngestResultData,
    relationships: readonly { id: string; type: string; from: string; to: string }[],
  ): void {
    const names = new Map<string, string>();
    for (const relationship of review.relationships)
      for (const end of [relationship.from, relationship.to]) names.set(end.id, review.nameOf(end));
    const counts = (created: number, updated: number, unchanged: number, word: string): string =>
      `${plural(created + updated + unchanged, word)} (${created} created, ${updated} updated, ${unchanged} unchanged)`;
    this.result.replaceChildren(
      h(
        'p',
        {},
        `Written in one transaction: the article “${result.article.name}” (${result.article.id}), ` +
          `${counts(result.entitiesCreated, result.entitiesUpdated, result.entitiesUnchanged, 'entity')}, ` +
          `${counts(result.relationshipsCreated, result.relationshipsUpdated, result.relationshipsUnchanged, 'relationship')}. ` +
          'The graph now shows its neighbourhood.',
      ),
      h(
        'ul',
        { class: 'article-written' },
        ...relationships.map((relationship) =>
          h(
            'li',
            { 'data-relationship': relationship.id },
            `${names.get(relationship.from) ?? relationship.from} — ${relationship.type} → ${names.get(relationship.to) ?? relationship.to}`,
          ),
        ),
      ),
    );
  }
}
