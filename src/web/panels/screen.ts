import type { Activity } from '../activity';
import { ApiError, describeError, gql } from '../api';
import { byId, h } from '../dom';
import {
  SCREEN,
  SCREEN_BATCH,
  SCREEN_DETAILS,
  type PathData,
  type ScreenExposureData,
  type ScreenMatchData,
  type ScreenRow,
  type ScreenVerdict,
} from '../queries';
import { parseScreenInput, type ScreenLine } from '../screen-input';
import type { ExplorerState } from '../state';
import { kindLabel } from '../style';
import { hops, pathLabel } from '../text';
import { hopList, type PathPanel } from './path';

/** What a screening was asked with: a row opened later is screened again with the same. */
interface Settings {
  threshold: number;
  hops: number;
  asOf: string | undefined;
}

const VERDICT_ORDER: readonly ScreenVerdict[] = ['LISTED', 'EXPOSED', 'MATCHED', 'CLEAR'];

const score = (value: number): string => value.toFixed(2);

/** A feature's weight with its sign: what it added to the score, or took away. */
const signed = (value: number): string => (value < 0 ? `−${score(-value)}` : `+${score(value)}`);

/** The verdict in words, its colour a second cue only. */
function badge(verdict: ScreenVerdict): HTMLElement {
  return h('span', { class: `verdict verdict-${verdict.toLowerCase()}` }, verdict);
}

function bestMatch(row: ScreenRow): string {
  const [best] = row.matches;
  if (best) return `${best.entity.name} (${score(best.score)})`;
  return row.bestScore === null ? 'No candidate' : `No match (best ${score(row.bestScore)})`;
}

function nearestExposure(row: ScreenRow, settings: Settings): string {
  const nearest = row.matches.flatMap((match) => match.exposures.slice(0, 1)).sort((a, b) => a.hops - b.hops)[0];
  if (nearest) return `${nearest.list.name}, ${nearest.hops === 0 ? 'listed itself' : hops(nearest.hops)}`;
  return row.matches.length ? `None within ${hops(settings.hops)}` : 'None (no match)';
}

/** The path to a listed entity, then its listing: the list drawn with the evidence for it. */
function pathToList(exposure: ScreenExposureData): PathData {
  const { path, list, listing } = exposure;
  return {
    length: path.length + 1,
    nodes: [...path.nodes.filter((node) => node.id !== list.id), list],
    edges: [...path.edges.filter((edge) => edge.id !== listing.id), listing],
  };
}

/** The service's words for a failed batch, its `queries[i]` said as the line of the box. */
function batchError(error: unknown, batch: readonly ScreenLine[]): string {
  return describeError(error).replace(/queries\[(\d+)\]/g, (text, index: string) => {
    const line = batch[Number(index)]?.line;
    return line === undefined ? text : `the name on line ${line}`;
  });
}

/**
 * The Screen panel: names (or a CSV) screened in batches of SCREEN_BATCH, one row per name with
 * its verdict, best match and nearest listing; a row opens on its match's score features and
 * exposures, and an exposure draws its path to the list in the graph, with the evidence.
 */
export class ScreenPanel {
  private readonly panel = byId('screen-panel');
  private readonly toggle = byId<HTMLButtonElement>('screen-toggle');
  private readonly input = byId<HTMLTextAreaElement>('screen-input');
  private readonly hopsChoice = byId<HTMLSelectElement>('screen-hops');
  private readonly threshold = byId<HTMLInputElement>('screen-threshold');
  private readonly progress = byId('screen-progress');
  private readonly error = byId('screen-error');
  private readonly results = byId('screen-results');
  private generation = 0;

  constructor(
    private readonly state: ExplorerState,
    private readonly activity: Activity,
    private readonly path: PathPanel,
  ) {
    this.toggle.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
    byId<HTMLFormElement>('screen-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run();
    });
    // A new focus drops the path shown: no exposure is pressed any more.
    state.on('focus', () => this.unpress());
    this.input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      void this.run();
    });
  }

  /** Shows the panel and puts the cursor in the box (the `s` key). */
  open(): void {
    this.panel.hidden = false;
    this.toggle.setAttribute('aria-expanded', 'true');
    this.input.focus();
  }

  close(): void {
    this.panel.hidden = true;
    this.toggle.setAttribute('aria-expanded', 'false');
  }

  private unpress(): void {
    for (const button of this.results.querySelectorAll('.screen-exposure'))
      button.setAttribute('aria-pressed', 'false');
    for (const evidence of this.results.querySelectorAll<HTMLElement>('.screen-path')) evidence.hidden = true;
  }

  /** Screens what the box holds, SCREEN_BATCH at a time; each batch's rows show as it comes back. */
  async run(): Promise<void> {
    const generation = ++this.generation;
    const { lines, problems, ignored } = parseScreenInput(this.input.value);
    this.error.textContent = '';
    this.results.replaceChildren();
    this.progress.textContent = '';
    const threshold = this.threshold.valueAsNumber;
    const refusal = problems.length
      ? `Nothing was screened. ${problems.slice(0, 5).join(' ')}${problems.length > 5 ? ` And ${problems.length - 5} more.` : ''}`
      : !lines.length
        ? 'Nothing to screen: write one name per line, or paste a CSV with a name column.'
        : Number.isNaN(threshold)
          ? 'The threshold is a number from 0 to 1.'
          : undefined;
    if (refusal) {
      this.error.textContent = refusal;
      return;
    }
    const settings: Settings = { threshold, hops: Number(this.hopsChoice.value), asOf: this.state.view.asOf };
    const body = h('tbody');
    const verdicts = new Map<ScreenVerdict, number>();
    this.results.append(
      ignored.length ? h('p', { class: 'hint' }, `Columns left out: ${ignored.join(', ')}.`) : '',
      h(
        'p',
        { class: 'hint' },
        `LISTED: the match is on a list itself. EXPOSED: a listing within ${hops(settings.hops)} of the match. ` +
          `MATCHED: a match scoring ${threshold} or more, no listing near it. CLEAR: no match. Open a row for the scores and paths.`,
      ),
      h(
        'table',
        { class: 'screen-table' },
        h('caption', { class: 'visually-hidden' }, 'Screening results'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Name', 'Verdict', 'Best match (score)', 'Nearest listing'].map((title) =>
              h('th', { scope: 'col' }, title),
            ),
          ),
        ),
        body,
      ),
    );
    let size = SCREEN_BATCH;
    let done = 0;
    this.activity.hold();
    try {
      while (done < lines.length) {
        this.progress.textContent = `Screened ${done} of ${lines.length}…`;
        const batch = lines.slice(done, done + size);
        let rows: ScreenRow[];
        try {
          rows = (
            await gql<{ screen: ScreenRow[] }>(SCREEN, {
              queries: batch.map((line) => line.query),
              threshold: settings.threshold,
              hops: settings.hops,
              asOf: settings.asOf,
            })
          ).screen;
        } catch (error) {
          // A service with a lower cost limit than the default: smaller batches, same answers.
          if (error instanceof ApiError && error.code === 'QUERY_TOO_COMPLEX' && size > 1) {
            size = Math.ceil(size / 2);
            continue;
          }
          if (generation !== this.generation) return;
          const where = lines.length > batch.length ? ` (lines ${batch[0].line}–${batch[batch.length - 1].line})` : '';
          this.error.textContent = `Screening stopped${where}: ${batchError(error, batch)}`;
          break;
        }
        if (generation !== this.generation) return;
        rows.forEach((row, index) => {
          body.append(...this.row(batch[index], row, settings, done + index));
          verdicts.set(row.verdict, (verdicts.get(row.verdict) ?? 0) + 1);
        });
        done += batch.length;
      }
      const counts = VERDICT_ORDER.filter((verdict) => verdicts.has(verdict))
        .map((verdict) => `${verdicts.get(verdict)} ${verdict.toLowerCase()}`)
        .join(', ');
      this.progress.textContent = `Screened ${done} of ${lines.length}${counts ? `: ${counts}` : ''}.`;
    } finally {
      this.activity.release();
    }
  }

  /** A result's row, and the row under it that opens on its details (a click on the row, or Enter on its name). */
  private row(line: ScreenLine, row: ScreenRow, settings: Settings, index: number): HTMLTableRowElement[] {
    const detailsId = `screen-details-${index}`;
    const button = h(
      'button',
      { type: 'button', class: 'screen-open', 'aria-expanded': 'false', 'aria-controls': detailsId },
      line.name,
    );
    const cell = h('td', { colspan: '4' });
    const details = h('tr', { id: detailsId, class: 'screen-details', hidden: true }, cell);
    let loaded = false;
    const main = h(
      'tr',
      { class: 'screen-row' },
      h('th', { scope: 'row' }, button, line.key ? h('span', { class: 'hint' }, ` key ${line.key}`) : ''),
      h('td', {}, badge(row.verdict)),
      h('td', {}, bestMatch(row)),
      h('td', {}, nearestExposure(row, settings)),
    );
    main.addEventListener('click', () => {
      const open = details.hidden;
      details.hidden = !open;
      button.setAttribute('aria-expanded', String(open));
      if (open && !loaded) {
        loaded = true;
        void this.fill(cell, line, settings).then((ok) => (loaded = ok));
      }
    });
    return [main, details];
  }

  /** Screens one line again, in full, into its details row; false when it failed (a new click tries again). */
  private async fill(cell: HTMLElement, line: ScreenLine, settings: Settings): Promise<boolean> {
    cell.replaceChildren(h('p', { class: 'hint' }, 'Loading the scores and exposures…'));
    this.activity.hold();
    try {
      const data = await gql<{ screen: { matches: ScreenMatchData[] }[] }>(SCREEN_DETAILS, {
        query: line.query,
        threshold: settings.threshold,
        hops: settings.hops,
        asOf: settings.asOf,
      });
      const matches = data.screen[0]?.matches ?? [];
      cell.replaceChildren(
        ...(matches.length
          ? matches.map((match) => this.match(match, settings))
          : [h('p', {}, `No candidate scores ${settings.threshold} or more.`)]),
      );
      return true;
    } catch (error) {
      cell.replaceChildren(h('p', { role: 'alert', class: 'message' }, describeError(error)));
      return false;
    } finally {
      this.activity.release();
    }
  }

  /** A match: its score and the features that make it, then its exposures, each a button that draws its path. */
  private match(match: ScreenMatchData, settings: Settings): HTMLElement {
    const { entity } = match;
    const features = h(
      'table',
      { class: 'features' },
      h('caption', {}, `Why it scores ${score(match.score)}`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Feature', 'Weight', 'Strength', 'Query', 'Candidate'].map((title) => h('th', { scope: 'col' }, title)),
        ),
      ),
      h(
        'tbody',
        {},
        ...match.features.map((feature) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, feature.name.replace(/_/g, ' ')),
            h('td', {}, signed(feature.weight)),
            h('td', {}, score(feature.value)),
            h('td', {}, feature.query ?? '—'),
            h('td', {}, feature.candidate ?? '—'),
          ),
        ),
      ),
    );
    const exposures = match.exposures.map((exposure) => {
      const { listing } = exposure;
      const evidence = h('div', { class: 'screen-path', hidden: true });
      const button = h(
        'button',
        { type: 'button', class: 'screen-exposure', 'aria-pressed': 'false' },
        `${exposure.entity.name} on ${exposure.list.name} (${listing.status}${listing.since ? ` since ${listing.since}` : ''}), ` +
          (exposure.hops === 0 ? 'listed itself' : `${hops(exposure.hops)} away`),
      );
      button.addEventListener('click', () => {
        const path = pathToList(exposure);
        this.unpress();
        button.setAttribute('aria-pressed', 'true');
        evidence.replaceChildren(h('p', {}, `Drawn in the graph: ${pathLabel(path)}`), hopList(path));
        evidence.hidden = false;
        this.path.show(path);
      });
      return h('li', {}, button, evidence);
    });
    return h(
      'section',
      { class: 'screen-match' },
      h(
        'h3',
        {},
        `${entity.name} — ${kindLabel(entity.kind)}, score ${score(match.score)}${match.match ? '' : ' (below the threshold)'}`,
      ),
      features,
      h('h4', {}, `Listings within ${hops(settings.hops)} (${exposures.length})`),
      exposures.length
        ? h('ul', { class: 'screen-exposures' }, ...exposures)
        : h('p', {}, `No listing within ${hops(settings.hops)}.`),
      match.exposuresTruncated
        ? h('p', { class: 'hint' }, `More listings are within reach; the nearest ${exposures.length} are shown.`)
        : undefined,
    );
  }
}
