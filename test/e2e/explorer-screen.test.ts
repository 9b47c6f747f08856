import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../src/paths';
import type { Service } from '../../src/http/service';
import { importGraphDocument } from '../../src/store/import.store';
import { launchChromium, openExplorer } from '../support/browser';
import { uniquePrefix } from '../support/neo4j';
import { startTestService } from '../support/service';

/*
 * The explorer's Screen panel in headless Chromium against the real service: a listed company and
 * a supplier of it (names unusual enough that no other test file's data compete), screened from
 * the box, a row opened on its scores and exposure, the exposure drawn in the graph.
 */

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'explorer');
/** A shared 2-core machine runs other suites too: waits are generous, and nothing asserts a duration. */
const WAIT_MS = 90000;
jest.setTimeout(3 * WAIT_MS);
jest.retryTimes(1, { logErrorsBeforeRetry: true });

interface Snapshot {
  nodes: string[];
  edges: string[];
  highlighted: { nodes: string[]; edges: string[] };
}

/** The page's test hook (src/web/test-hook.ts), as the callbacks run in the browser see it. */
type Hooked = { __explorer: { idle: boolean; settled: number; snapshot(): Snapshot } };

describe('the explorer’s Screen panel (headless Chromium against the real service)', () => {
  let service: Service;
  let browser: Browser;
  const problems: string[][] = [];
  const contexts: BrowserContext[] = [];
  const prefix = uniquePrefix('explorer-screen');
  const id = (name: string): string => `${prefix}-${name}`;
  const LISTED = 'Zephyrquill Borathane Industries';
  const SUPPLIER = 'Kestrivon Malvora Logistics';
  const LIST = `${prefix} watch list`;
  const ARTICLE_TITLE = 'Zephyrquill put on a watch list';
  const LISTING_QUOTE = 'Zephyrquill Borathane was added to the list in 2021.';
  const SUPPLY_QUOTE = 'Kestrivon Malvora ships parts to Zephyrquill.';

  beforeAll(async () => {
    service = await startTestService();
    const article = {
      id: id('article'),
      kind: 'ARTICLE',
      name: ARTICLE_TITLE,
      title: ARTICLE_TITLE,
      publishedAt: '2024-02-01',
      url: 'https://example.org/zephyrquill',
    };
    await importGraphDocument(service.runner, {
      entities: [
        article,
        { id: id('list'), kind: 'SANCTIONS_LIST', name: LIST },
        { id: id('listed'), kind: 'COMPANY', name: LISTED, country: 'CN' },
        { id: id('supplier'), kind: 'COMPANY', name: SUPPLIER },
      ],
      relationships: [
        {
          id: id('listing'),
          type: 'LISTED_ON',
          from: id('listed'),
          to: id('list'),
          status: 'ACTIVE',
          since: '2021',
          evidence: [{ article: article.id, quote: LISTING_QUOTE }],
        },
        {
          id: id('supplies'),
          type: 'SUPPLIES',
          from: id('supplier'),
          to: id('listed'),
          status: 'ACTIVE',
          evidence: [{ article: article.id, quote: SUPPLY_QUOTE }],
        },
      ],
    });
    browser = await launchChromium();
  }, 300000);

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.runner.write((tx) =>
      tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $prefix DETACH DELETE e', { prefix }),
    );
    await service?.close();
  });

  /** A fresh page (watched for problems unless `watched` is false), its first layout settled. */
  async function open(watched = true): Promise<Page> {
    return openExplorer(browser, service.url, { contexts, problems, watched, timeoutMs: WAIT_MS });
  }

  const idle = (page: Page): Promise<unknown> =>
    page.waitForFunction(() => (globalThis as unknown as Hooked).__explorer.idle, null, { timeout: WAIT_MS });

  /** Screens what the box holds and waits until the panel says it is done, or why not. */
  async function screen(page: Page, text: string): Promise<void> {
    await page.locator('#screen-input').fill(text);
    await page.locator('#screen-button').click();
    await page.waitForFunction(
      () => {
        // This file is compiled without the DOM's types; the page has a document.
        const { document } = globalThis as unknown as {
          document: { getElementById(id: string): { textContent: string | null } | null };
        };
        const said = (id: string): string => document.getElementById(id)?.textContent ?? '';
        const done = /^Screened \d+ of \d+[:.]/.test(said('screen-progress')) || said('screen-error') !== '';
        return done && (globalThis as unknown as Hooked).__explorer.idle;
      },
      null,
      { timeout: WAIT_MS },
    );
  }

  const snapshot = (page: Page): Promise<Snapshot> =>
    page.evaluate(() => (globalThis as unknown as Hooked).__explorer.snapshot());

  it('screens two pasted names: LISTED and EXPOSED; the supplier’s exposure draws its path with the evidence', async () => {
    const page = await open();
    // The `s` key opens the panel with the cursor in the box.
    await page.locator('body').press('s');
    await expect(page.locator('#screen-panel').isVisible()).resolves.toBe(true);
    await expect(
      page.locator('#screen-input').evaluate((box) => box === box.ownerDocument.activeElement),
    ).resolves.toBe(true);
    await expect(page.locator('#screen-toggle').getAttribute('aria-expanded')).resolves.toBe('true');
    const hostile = '<img src=x onerror="globalThis.__screenXss=1">';
    await screen(page, `${LISTED.toUpperCase()} CO., LTD.\n\n${SUPPLIER} LLC\n${hostile}\n`);
    await expect(page.locator('#screen-error').textContent()).resolves.toBe('');
    await expect(page.locator('#screen-progress').textContent()).resolves.toMatch(/^Screened 3 of 3: /);

    const rows = page.locator('.screen-row');
    await expect(rows.count()).resolves.toBe(3);
    await expect(rows.locator('.verdict').allTextContents()).resolves.toEqual(['LISTED', 'EXPOSED', 'CLEAR']);
    await expect(rows.nth(0).textContent()).resolves.toContain(`${LIST}, listed itself`);
    await expect(rows.nth(1).textContent()).resolves.toContain(`${SUPPLIER} (`);
    await expect(rows.nth(1).textContent()).resolves.toContain(`${LIST}, 1 hop`);
    // A name is text, never markup.
    await expect(rows.nth(2).locator('th').textContent()).resolves.toContain(hostile);
    await expect(page.locator('#screen-results img').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (globalThis as { __screenXss?: number }).__screenXss)).resolves.toBeUndefined();

    // The supplier's row opens (a click) on the match's features and its exposure.
    const supplierRow = rows.nth(1);
    await supplierRow.click();
    const details = page.locator('#screen-details-1');
    await details.locator('.screen-match').waitFor({ timeout: WAIT_MS });
    await idle(page);
    await expect(supplierRow.getByRole('button').getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(details.locator('.features th[scope="row"]').allTextContents()).resolves.toContain('name match');
    await expect(details.locator('h3').textContent()).resolves.toMatch(new RegExp(`^${SUPPLIER} — Company, score`));
    const exposure = details.getByRole('button', { name: new RegExp(`^${LISTED} on ${LIST} \\(ACTIVE since 2021\\)`) });
    await expect(exposure.textContent()).resolves.toMatch(/1 hop away$/);

    // One click draws the path to the list, highlighted, and shows each edge's evidence.
    const before = await page.evaluate(() => (globalThis as unknown as Hooked).__explorer.settled);
    await exposure.click();
    await page.waitForFunction(
      (count) => {
        const hook = (globalThis as unknown as Hooked).__explorer;
        return hook.idle && hook.settled > count;
      },
      before,
      { timeout: WAIT_MS },
    );
    const drawn = await snapshot(page);
    expect(drawn.highlighted.nodes).toEqual([id('list'), id('listed'), id('supplier')].sort());
    expect(drawn.highlighted.edges).toEqual([id('listing'), id('supplies')].sort());
    expect(drawn.nodes).toEqual(expect.arrayContaining(drawn.highlighted.nodes));
    await expect(exposure.getAttribute('aria-pressed')).resolves.toBe('true');
    const evidence = details.locator('.screen-path');
    await expect(evidence.locator('.hops > li').count()).resolves.toBe(2);
    await expect(evidence.locator('blockquote').allTextContents()).resolves.toEqual([
      `“${SUPPLY_QUOTE}”`,
      `“${LISTING_QUOTE}”`,
    ]);
    await expect(evidence.getByRole('link', { name: ARTICLE_TITLE }).first().getAttribute('href')).resolves.toBe(
      'https://example.org/zephyrquill',
    );
    // The Path section says the same, as it does for the Exposure section's paths.
    await expect(page.locator('#path-result').textContent()).resolves.toContain(
      `Shown: 2 hops: ${SUPPLIER} → ${LISTED} → ${LIST}`,
    );
    await expect(page.locator('#summary').textContent()).resolves.toContain('Highlighted path: 2 hops');

    // From the keyboard: Enter on a row's name opens it too.
    const listedButton = rows.nth(0).getByRole('button');
    await listedButton.focus();
    await page.keyboard.press('Enter');
    await page.locator('#screen-details-0 .screen-match').waitFor({ timeout: WAIT_MS });
    await idle(page);
    await expect(listedButton.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(
      page
        .locator('#screen-details-0')
        .getByRole('button', { name: /listed itself$/ })
        .count(),
    ).resolves.toBe(1);

    await page.screenshot({ path: path.join(SCREENSHOTS, 'screen.png') });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });

  it('sends more than 100 names 100 at a time, saying how far it got', async () => {
    const page = await open();
    await page.locator('#screen-toggle').click();
    const sent: { queries: number; progress: string | null }[] = [];
    await page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { query: string; variables: { queries?: unknown[] } };
      if (body.query.startsWith('query Screen(')) {
        sent.push({
          queries: body.variables.queries?.length ?? 0,
          progress: await page.locator('#screen-progress').textContent(),
        });
      }
      await route.continue();
    });
    // Names nobody has: what matters here is how they are sent.
    const names = Array.from({ length: 150 }, (_, index) => `Qorvathiel Nyxbramble ${index.toString(36)}x`);
    await screen(page, names.join('\n'));
    await expect(page.locator('#screen-error').textContent()).resolves.toBe('');
    expect(sent).toEqual([
      { queries: 100, progress: 'Screened 0 of 150…' },
      { queries: 50, progress: 'Screened 100 of 150…' },
    ]);
    await expect(page.locator('#screen-progress').textContent()).resolves.toMatch(/^Screened 150 of 150: /);
    await expect(page.locator('.screen-row').count()).resolves.toBe(150);
    await expect(page.locator('.screen-row').last().locator('th').textContent()).resolves.toContain(names[149]);
  });

  it('reads a CSV with a header row, and says in the panel what it or the service refuses', async () => {
    // Not watched: the service refuses a request here on purpose.
    const page = await open(false);
    await page.locator('body').press('s');
    // Quoted fields, a key column, a kind by its label, a column it does not know.
    await screen(
      page,
      `key,Name,kind,country,notes\nS-1,"${SUPPLIER}, LLC",company,,"a ""quoted"" note"\nL-1,${LISTED},Company,CN,\n`,
    );
    await expect(page.locator('#screen-error').textContent()).resolves.toBe('');
    const rows = page.locator('.screen-row');
    await expect(rows.locator('.verdict').allTextContents()).resolves.toEqual(['EXPOSED', 'LISTED']);
    await expect(rows.nth(0).locator('th').textContent()).resolves.toBe(`${SUPPLIER}, LLC key S-1`);
    await expect(page.locator('#screen-results').textContent()).resolves.toContain('Columns left out: notes.');

    // A kind the model lacks: nothing is sent, the line is named.
    await screen(page, `name,kind\n${LISTED},widget\n`);
    await expect(page.locator('#screen-error').textContent()).resolves.toMatch(
      /^Nothing was screened\. Line 2: the kind “widget” is none of: company, /,
    );
    await expect(rows.count()).resolves.toBe(0);

    // The service's refusal (a threshold above 1), in the panel, in words.
    await page.locator('#screen-threshold').fill('5');
    await screen(page, LISTED);
    await expect(page.locator('#screen-error').textContent()).resolves.toMatch(
      /^Screening stopped: The service refused the request: .*threshold/,
    );
    await expect(page.locator('#message').textContent()).resolves.toBe('');
  });

  it('logged no console error, page error or failed request on the watched pages', () => {
    expect(problems.flat()).toEqual([]);
  });
});
