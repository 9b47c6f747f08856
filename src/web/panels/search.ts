import { Debounce, type Activity } from '../activity';
import { gql } from '../api';
import { byId, h } from '../dom';
import { SEARCH, type SearchHit } from '../queries';
import type { ExplorerState } from '../state';
import { kindLabel } from '../style';
import { topicLabel } from '../text';

/** Keystrokes closer together than this are one search. */
const TYPING_PAUSE_MS = 200;

/**
 * The search box, an ARIA combobox: type, arrows to move, Enter (or a click) draws the hit.
 * With a topic chosen in the filters, it finds only entities with that topic.
 */
export class SearchPanel {
  private readonly input = byId<HTMLInputElement>('search');
  private readonly results = byId<HTMLUListElement>('search-results');
  private readonly help = byId('search-help');
  private readonly typing: Debounce;
  private hits: SearchHit[] = [];
  private active = -1;
  private generation = 0;
  /** Whether results (or "nothing found") are shown or on their way: a new topic searches again. */
  private searching = false;

  constructor(
    private readonly state: ExplorerState,
    private readonly activity: Activity,
  ) {
    this.typing = new Debounce(activity, TYPING_PAUSE_MS);
    this.input.addEventListener('input', () => this.onInput());
    this.input.addEventListener('keydown', (event) => this.onKey(event));
    this.results.addEventListener('mousedown', (event) => {
      const option = (event.target as HTMLElement).closest('[role="option"]');
      if (!option) return;
      event.preventDefault();
      this.choose(this.hits[Number(option.id.slice('hit-'.length))]);
    });
    state.on('topic', () => {
      const text = this.input.value.trim();
      if (!this.searching || text.length < 2) return;
      this.typing.cancel();
      void this.run(text);
    });
  }

  /** Back to the box (the `/` key). */
  focus(): void {
    this.input.focus();
  }

  private onInput(): void {
    this.typing.cancel();
    const text = this.input.value.trim();
    if (text.length < 2) {
      this.generation += 1;
      this.close();
      return;
    }
    this.typing.schedule(() => void this.run(text));
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!this.hits.length) return;
      event.preventDefault();
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : this.hits.length - 1)) % this.hits.length;
      this.render();
    } else if (event.key === 'Enter' && this.hits[this.active]) {
      event.preventDefault();
      this.choose(this.hits[this.active]);
    } else if (event.key === 'Escape') {
      this.close();
    }
  }

  private async run(text: string): Promise<void> {
    const generation = ++this.generation;
    this.searching = true;
    const { topic } = this.state.view;
    const found = await this.activity.busy('Searching', () =>
      gql<{ search: SearchHit[] }>(SEARCH, { query: text, topics: topic ? [topic] : null }),
    );
    if (generation !== this.generation || found === undefined) return;
    this.hits = found.search;
    this.active = this.hits.length ? 0 : -1;
    this.render();
    const among = topic ? ` with the topic “${topicLabel(topic)}”` : '';
    this.help.textContent = this.hits.length
      ? `${this.hits.length} found${among}. Arrows to move, Enter to draw.`
      : `Nothing found for “${text}”${among}.`;
  }

  private choose(hit: SearchHit): void {
    this.close();
    this.input.value = hit.entity.name;
    this.state.focusOn(hit.entity.id);
  }

  private close(): void {
    this.searching = false;
    this.hits = [];
    this.active = -1;
    this.render();
  }

  private render(): void {
    this.results.replaceChildren(
      ...this.hits.map(({ entity }, index) =>
        h(
          'li',
          { role: 'option', id: `hit-${index}`, 'aria-selected': String(index === this.active) },
          `${entity.name} (${kindLabel(entity.kind)}${entity.country ? `, ${entity.country}` : ''})`,
        ),
      ),
    );
    const open = this.hits.length > 0;
    this.results.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `hit-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }
}
