import { FTM_TOPIC_LIST, RELATIONSHIP_STATUSES } from '../../model/vocabulary';
import { Debounce, type Activity } from '../activity';
import { gql } from '../api';
import { byId, h } from '../dom';
import { STATS, type StatsData } from '../queries';
import type { ExplorerState } from '../state';

const FIRST_YEAR = 1990;
/** The slider's last stop, past this year: any date. */
const ANY_YEAR = new Date().getFullYear() + 1;
/** The slider redraws as it moves, but only once it pauses, so a drag is not a burst of requests. */
const SLIDER_PAUSE_MS = 250;

function checkboxGroup(container: HTMLElement, values: readonly string[], label: (value: string) => string): void {
  for (const value of values) {
    container.append(h('label', {}, h('input', { type: 'checkbox', value, checked: true }), ` ${label(value)}`));
  }
}

/** Every box checked means no filter: the URL stays short and new types are included. */
function checkedValues(container: HTMLElement): string[] {
  const boxes = [...container.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
  const checked = boxes.filter((box) => box.checked).map((box) => box.value);
  return checked.length === boxes.length ? [] : checked;
}

function syncBoxes(container: HTMLElement, chosen: readonly string[]): void {
  for (const box of container.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
    box.checked = chosen.length === 0 || chosen.includes(box.value);
  }
}

const asOfText = (asOf: string | undefined): string => (asOf ? `as of ${asOf}` : 'any date');

/**
 * The Filters section: relationship statuses (the model's, in its order), the relationship types
 * the graph holds, the as-of slider and the FtM topic (the model's topics, in its order), which
 * narrows the search and marks the drawn entities that have it. Filters are not undone; the URL keeps them.
 */
export class FiltersPanel {
  private readonly statuses = byId('status-filter');
  private readonly types = byId('type-filter');
  private readonly slider = byId<HTMLInputElement>('asof');
  private readonly sliderText = byId('asof-value');
  private readonly topic = byId<HTMLSelectElement>('topic');
  private readonly sliding: Debounce;

  constructor(
    private readonly state: ExplorerState,
    private readonly activity: Activity,
  ) {
    this.sliding = new Debounce(activity, SLIDER_PAUSE_MS);
    for (const container of [this.statuses, this.types]) container.addEventListener('change', () => this.onBoxes());
    checkboxGroup(this.statuses, RELATIONSHIP_STATUSES, (status) => status.toLowerCase());
    syncBoxes(this.statuses, state.view.statuses);
    this.slider.min = String(FIRST_YEAR);
    this.slider.max = String(ANY_YEAR);
    this.slider.addEventListener('input', () => this.onSlider());
    const { asOf } = state.view;
    this.slider.value = String(asOf ? Number(asOf.slice(0, 4)) : ANY_YEAR);
    this.showDate(asOf);
    this.topic.append(...FTM_TOPIC_LIST.map(({ code, label }) => h('option', { value: code }, label)));
    this.topic.value = state.view.topic ?? '';
    this.topic.addEventListener('change', () => this.state.setTopic(this.topic.value || undefined));
  }

  /** Asks the graph which relationship types it holds, for the type boxes and the details' counts. */
  async loadTypes(): Promise<void> {
    const stats = await this.activity.busy('Loading relationship types', () => gql<StatsData>(STATS));
    this.state.setRelationshipTypes((stats?.graphStats.byType ?? []).map((row) => row.type));
    checkboxGroup(this.types, this.state.relationshipTypes, (type) => type);
    syncBoxes(this.types, this.state.view.types);
  }

  private onBoxes(): void {
    this.state.setFilters(checkedValues(this.types), checkedValues(this.statuses));
  }

  private onSlider(): void {
    const year = Number(this.slider.value);
    const asOf = year >= ANY_YEAR ? undefined : String(year);
    this.showDate(asOf);
    this.sliding.schedule(() => this.state.setAsOf(asOf));
  }

  private showDate(asOf: string | undefined): void {
    this.sliderText.textContent = asOfText(asOf);
    this.slider.setAttribute('aria-valuetext', asOfText(asOf));
  }
}
