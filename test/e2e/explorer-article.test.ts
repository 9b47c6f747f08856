import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { REPO_ROOT } from '../../src/paths';
import type { Service } from '../../src/http/service';
import { importGraphDocument } from '../../src/store/import.store';
import { launchChromium, openExplorer } from '../support/browser';
import { uniquePrefix } from '../support/neo4j';
import { graphql, startTestService } from '../support/service';

/*
 * The explorer's New article panel in headless Chromium against the real service: an article
 * written here (two invented companies, one competing with the other, and a stored watch list
 * the first "was added to") is proposed, reviewed from the keyboard and the mouse, and submitted;
 * GraphQL then shows what was accepted, with its quotes, and nothing that was rejected.
 */

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'explorer');
/** A shared 2-core machine runs other suites too: waits are generous, and nothing asserts a duration. */
const WAIT_MS = 90000;
jest.setTimeout(3 * WAIT_MS);
jest.retryTimes(1, { logErrorsBeforeRetry: true });

const EDITOR_KEY = 'explorer-article-editor-key';

interface Snapshot {
  nodes: string[];
  edges: string[];
}

/** The page's test hook (src/web/test-hook.ts), as the callbacks run in the browser see it. */
type Hooked = { __explorer: { idle: boolean; settled: number; snapshot(): Snapshot } };

/** A made-up word ("Tafudin"): names no other test, nor an earlier attempt of this one, has stored. */
function inventedWord(): string {
  const pick = (letters: string): string => letters[Math.floor(Math.random() * letters.length)];
  let word = '';
  for (let syllable = 0; syllable < 3; syllable += 1) word += pick('bdfgklmnprstvz') + pick('aeiou');
  word += pick('nrsx');
  return word[0].toUpperCase() + word.slice(1);
}

/** The relationship a review row stands for, and the one `relationship(id:)` answers with. */
interface StoredRelationship {
  type: string;
  status: string;
  since: string | null;
  from: { id: string };
  to: { id: string };
  evidence: { quote: string | null; article: { id: string } | null }[];
}

const RELATIONSHIP = `query($id: ID!) {
  relationship(id: $id) { type status since from { id } to { id } evidence { quote article { id } } }
}`;

describe('the explorer’s New article panel (headless Chromium against the real service)', () => {
  let service: Service;
  let browser: Browser;
  const problems: string[][] = [];
  const contexts: BrowserContext[] = [];
  const prefix = uniquePrefix('explorer-article');
  const LIST_ID = `${prefix}-list`;
  const LIST = `${inventedWord()} Export Watch List`;
  /** Ids the tests wrote (articles, new entities): removed after. */
  const written = new Set<string>();

  beforeAll(async () => {
    service = await startTestService({ env: { API_KEYS: `${EDITOR_KEY}:editor` } });
    // The list is stored already: the review links the article's name for it, and says so.
    await importGraphDocument(service.runner, {
      entities: [{ id: LIST_ID, kind: 'SANCTIONS_LIST', name: LIST }],
      relationships: [],
    });
    browser = await launchChromium();
  }, 300000);

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.runner.write((tx) =>
      tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $prefix OR e.id IN $ids DETACH DELETE e', {
        prefix,
        ids: [...written],
      }),
    );
    await service?.close();
  });

  /** A fresh page (watched for problems unless `watched` is false), its first layout settled. */
  async function open(watched = true): Promise<Page> {
    return openExplorer(browser, service.url, { contexts, problems, watched, timeoutMs: WAIT_MS });
  }

  /** Waits until the panel says what it proposed, or why it did not. */
  async function propose(page: Page): Promise<void> {
    await page.locator('#article-propose').click();
    await page.waitForFunction(
      () => {
        // This file is compiled without the DOM's types; the page has a document.
        const { document } = globalThis as unknown as {
          document: { getElementById(id: string): { textContent: string | null } | null };
        };
        const said = (id: string): string => document.getElementById(id)?.textContent ?? '';
        const done = / proposed\.$/.test(said('article-progress')) || said('article-error') !== '';
        return done && (globalThis as unknown as Hooked).__explorer.idle;
      },
      null,
      { timeout: WAIT_MS },
    );
  }

  const snapshot = (page: Page): Promise<Snapshot> =>
    page.evaluate(() => (globalThis as unknown as Hooked).__explorer.snapshot());

  /** The id a review row stands for (its `data-row`, "entity:<id>" or "relationship:<id>"). */
  async function rowId(row: Locator): Promise<string> {
    const ref = (await row.getAttribute('data-row')) ?? '';
    return ref.slice(ref.indexOf(':') + 1);
  }

  const focusedRow = (page: Page): Promise<string | null> =>
    page.evaluate(() => {
      const { document } = globalThis as unknown as {
        document: { activeElement: { getAttribute(name: string): string | null } | null };
      };
      return document.activeElement?.getAttribute('data-row') ?? null;
    });

  async function stored(id: string): Promise<StoredRelationship | null> {
    const answer = await graphql<{ relationship: StoredRelationship | null }>(service, RELATIONSHIP, { id });
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data?.relationship ?? null;
  }

  it('turns a pasted article into reviewed edges: marks its names, takes decisions and edits, writes one ingest', async () => {
    const SUPPLIER = `${inventedWord()} ${inventedWord()} Systems`;
    const RIVAL = `${inventedWord()} ${inventedWord()} Dynamics`;
    const RIVAL_RENAMED = `${RIVAL} NV`;
    const PUBLISHER = `${inventedWord()} Courier`;
    const AUTHOR = `${inventedWord()} ${inventedWord()}`;
    const TITLE = `${SUPPLIER} on a watch list`;
    // The first sentence starts at the emoji, and so does its quote (verbatim).
    const COMPETES = `📡 ${SUPPLIER} competes with ${RIVAL} in drone radar.`;
    const LISTED = `Since 2021 ${SUPPLIER} has been on the ${LIST}: it was added to the list after a review.`;
    const hostile = '<img src=x onerror="globalThis.__articleXss=1">';
    // The emoji is two UTF-16 code units: every offset after it counts them as the page does.
    const TEXT = `${COMPETES}\n${LISTED}\nReaders wrote ${hostile} in the comments.`;
    const URL = 'https://example.org/news/a-watch-list';

    const page = await open();
    // The `a` key opens the panel with the cursor in the title.
    await page.locator('body').press('a');
    await expect(page.locator('#article-panel').isVisible()).resolves.toBe(true);
    await expect(page.locator('#article-toggle').getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(
      page.locator('#article-title').evaluate((field) => field === field.ownerDocument.activeElement),
    ).resolves.toBe(true);
    await page.locator('#article-title').fill(TITLE);
    await page.locator('#article-publisher').fill(PUBLISHER);
    await page.locator('#article-authors').fill(`${AUTHOR}, `);
    await page.locator('#article-published').fill('2024-05-06');
    // Typed key by key: a URL field is typing, so no letter of it is taken for a shortcut (e, p, f, …).
    await page.locator('#article-url').pressSequentially(URL);
    await expect(page.locator('#article-url').inputValue()).resolves.toBe(URL);
    await page.locator('#article-text').fill(TEXT);
    await propose(page);
    await expect(page.locator('#article-error').textContent()).resolves.toBe('');
    await expect(page.locator('#article-progress').textContent()).resolves.toMatch(
      /^4 mentions of 5 entities \(1 stored, 4 new\), \d+ relationships proposed\.$/,
    );

    // The text as pasted, each mention a <mark>: the list marked stored, the companies new; markup stays text.
    const view = page.locator('#article-text-view');
    await expect(view.textContent()).resolves.toBe(TEXT);
    await expect(view.locator('mark').allTextContents()).resolves.toEqual([SUPPLIER, RIVAL, SUPPLIER, LIST]);
    await expect(view.locator('mark.mention-stored').allTextContents()).resolves.toEqual([LIST]);
    await expect(view.locator('mark.mention-new').count()).resolves.toBe(3);
    await expect(page.locator('#article-panel img').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (globalThis as { __articleXss?: number }).__articleXss)).resolves.toBeUndefined();

    // Entities: the stored list shows its id; a new name is editable, its kind a guess.
    const rows = page.locator('#article-panel .review-row');
    const listRow = page.locator(`.review-row[data-row="entity:${LIST_ID}"]`);
    await expect(listRow.locator('.entity-id').textContent()).resolves.toBe(LIST_ID);
    await expect(listRow.locator('input').count()).resolves.toBe(0);
    const newRow = (name: string): Locator =>
      page.locator('#article-entities .review-row', { has: page.locator(`input.entity-name[value="${name}"]`) });
    const supplierId = await rowId(newRow(SUPPLIER));
    const rivalId = await rowId(newRow(RIVAL));
    const publisherId = await rowId(newRow(PUBLISHER));
    const authorId = await rowId(newRow(AUTHOR));
    for (const id of [supplierId, rivalId, publisherId, authorId]) written.add(id);
    await expect(newRow(SUPPLIER).locator('select.entity-kind').inputValue()).resolves.toBe('COMPANY');
    await expect(newRow(SUPPLIER).textContent()).resolves.toContain('a guess: check it');
    await expect(newRow(AUTHOR).locator('select.entity-kind').inputValue()).resolves.toBe('PERSON');
    // Every proposal starts pending, and Submit waits for a decision on each.
    const total = await rows.count();
    await expect(page.locator('.review-row[data-decision="pending"]').count()).resolves.toBe(total);
    await expect(rows.locator('.decision').allTextContents()).resolves.toEqual(Array(total).fill('Pending'));
    await expect(page.locator('#article-submit').isDisabled()).resolves.toBe(true);

    // The rival renamed: its relationships say the new name at once.
    await newRow(RIVAL).locator('input.entity-name').fill(RIVAL_RENAMED);
    const competesRow = page.locator('.review-row[data-type="COMPETES_WITH"]');
    const listedRow = page.locator('.review-row[data-type="LISTED_ON"]');
    const publishedRow = page.locator('.review-row[data-type="PUBLISHED_BY"]');
    await expect(competesRow.locator('.review-head').textContent()).resolves.toContain(RIVAL_RENAMED);
    await expect(competesRow.locator('blockquote').allTextContents()).resolves.toEqual([`“${COMPETES}”`]);
    const mentionsRivalRow = page.locator('.review-row[data-type="MENTIONS"]', { hasText: RIVAL_RENAMED });
    const authoredRow = page.locator('.review-row[data-type="AUTHORED_BY"]');
    const competesId = await rowId(competesRow);
    const listedId = await rowId(listedRow);
    const publishedId = await rowId(publishedRow);
    const mentionsRivalId = await rowId(mentionsRivalRow);
    const authoredId = await rowId(authoredRow);

    // The listing: its quote shown, its date as the sentence gives it, edited to the month.
    await expect(listedRow.locator('blockquote').allTextContents()).resolves.toEqual([`“${LISTED}”`]);
    await expect(listedRow.locator('.relationship-since').inputValue()).resolves.toBe('2021');
    await expect(listedRow.locator('.relationship-status').inputValue()).resolves.toBe('ACTIVE');
    await listedRow.locator('.relationship-since').fill('2021-03');

    // From the keyboard: n rejects the competition and moves on, k comes back, y accepts the listing.
    const competesRef = `relationship:${competesId}`;
    await competesRow.focus();
    // A row in focus outlines its names in the text.
    await expect(view.locator('mark.mention-active').allTextContents()).resolves.toEqual([SUPPLIER, RIVAL, SUPPLIER]);
    await page.keyboard.press('n');
    await expect(competesRow.getAttribute('data-decision')).resolves.toBe('rejected');
    await expect(competesRow.locator('.decision').textContent()).resolves.toBe('Rejected');
    await expect(competesRow.locator('.review-reject').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(focusedRow(page)).resolves.not.toBe(competesRef);
    await page.keyboard.press('k');
    await expect(focusedRow(page)).resolves.toBe(competesRef);
    await listedRow.focus();
    await page.keyboard.press('y');
    await expect(listedRow.getAttribute('data-decision')).resolves.toBe('accepted');

    // Rejecting an entity (a click) rejects its relationships: the publisher goes, and its byline link.
    await newRow(PUBLISHER).locator('.review-reject').click();
    await expect(publishedRow.getAttribute('data-decision')).resolves.toBe('rejected');
    await expect(publishedRow.locator('.review-blocked').textContent()).resolves.toContain(PUBLISHER);
    await expect(publishedRow.locator('.review-accept').isDisabled()).resolves.toBe(true);

    // Shift+Y accepts every proposal still pending; then Submit can send.
    await listedRow.focus();
    await page.keyboard.press('Shift+Y');
    await expect(page.locator('.review-row[data-decision="pending"]').count()).resolves.toBe(0);
    await expect(competesRow.getAttribute('data-decision')).resolves.toBe('rejected');
    await expect(publishedRow.getAttribute('data-decision')).resolves.toBe('rejected');
    await expect(publishedRow.locator('.review-reject').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.locator('#article-submit').isDisabled()).resolves.toBe(false);
    await expect(page.locator('#article-plan').textContent()).resolves.toMatch(
      /^Submit writes the article, 3 new entities and 5 relationships in one transaction; 2 relationships and 1 new entity left out\.$/,
    );

    // Without a key the service refuses; the panel says so with the code, and nothing is written.
    await page.locator('#article-key').fill('');
    await page.locator('#article-submit').click();
    await page.locator('#article-write-error:not(:empty)').waitFor({ timeout: WAIT_MS });
    await expect(page.locator('#article-write-error').textContent()).resolves.toMatch(
      /^Nothing was written: The service refused to write: .*\(UNAUTHENTICATED\)/,
    );
    await expect(page.locator('#message').textContent()).resolves.toBe('');
    const articleId = (
      await graphql<{ extract: { articleId: string } }>(
        service,
        'query($a: ArticleInput!) { extract(article: $a, text: "x") { articleId } }',
        { a: { title: TITLE } },
      )
    ).body.data?.extract.articleId;
    expect(articleId).toBeDefined();
    written.add(articleId as string);
    const before = await graphql<{ entity: { id: string } | null }>(
      service,
      'query($id: ID!) { entity(id: $id) { id } }',
      {
        id: articleId,
      },
    );
    expect(before.body.data?.entity).toBeNull();

    // With the editor key: one ingest, what was written listed, the article's neighbourhood drawn.
    await page.locator('#article-key').fill(EDITOR_KEY);
    const settled = await page.evaluate(() => (globalThis as unknown as Hooked).__explorer.settled);
    await page.locator('#article-submit').click();
    await page.waitForFunction(
      (count) => {
        const hook = (globalThis as unknown as Hooked).__explorer;
        return hook.idle && hook.settled > count;
      },
      settled,
      { timeout: WAIT_MS },
    );
    await expect(page.locator('#article-write-error').textContent()).resolves.toBe('');
    await expect(page.locator('#article-result p').textContent()).resolves.toBe(
      `Written in one transaction: the article “${TITLE}” (${articleId}), 4 entities (4 created, 0 updated, 0 unchanged), ` +
        '5 relationships (5 created, 0 updated, 0 unchanged). The graph now shows its neighbourhood.',
    );
    const writtenList = page.locator('#article-result .article-written li');
    const writtenIds = await writtenList.evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-relationship') ?? ''),
    );
    const acceptedIds = await page
      .locator('#article-relationships .review-row[data-decision="accepted"]')
      .evaluateAll((items) => items.map((item) => (item.getAttribute('data-row') ?? '').replace(/^relationship:/, '')));
    expect(writtenIds.sort()).toEqual(acceptedIds.sort());
    expect(writtenIds).toHaveLength(5);
    expect(writtenIds).toEqual(expect.arrayContaining([listedId, mentionsRivalId, authoredId]));
    await expect(page.locator(`#article-result li[data-relationship="${competesId}"]`).count()).resolves.toBe(0);
    await expect(page.locator('#article-submit').isDisabled()).resolves.toBe(true);
    const drawn = await snapshot(page);
    expect(drawn.nodes).toEqual(expect.arrayContaining([articleId, supplierId, rivalId, LIST_ID, authorId]));
    expect(drawn.nodes).not.toContain(publisherId);

    // In the graph: the accepted with their quotes and edits, the rejected not at all.
    const listing = await stored(listedId);
    expect(listing).toEqual({
      type: 'LISTED_ON',
      status: 'ACTIVE',
      since: '2021-03',
      from: { id: supplierId },
      to: { id: LIST_ID },
      evidence: [{ quote: LISTED, article: { id: articleId } }],
    });
    const mentionsRival = await stored(mentionsRivalId);
    expect(mentionsRival?.evidence).toEqual([{ quote: COMPETES, article: { id: articleId } }]);
    const authored = await stored(authoredId);
    expect(authored?.evidence).toEqual([{ quote: AUTHOR, article: { id: articleId } }]);
    await expect(stored(competesId)).resolves.toBeNull();
    await expect(stored(publishedId)).resolves.toBeNull();
    const entities = await graphql<{
      rival: { name: string; kind: string } | null;
      publisher: { id: string } | null;
      article: { title: string; url: string; publishedAt: string } | null;
    }>(
      service,
      `
        query ($rival: ID!, $publisher: ID!, $article: ID!) {
          rival: entity(id: $rival) {
            name
            kind
          }
          publisher: entity(id: $publisher) {
            id
          }
          article: entity(id: $article) {
            ... on Article {
              title
              url
              publishedAt
            }
          }
        }
      `,
      { rival: rivalId, publisher: publisherId, article: articleId },
    );
    expect(entities.body.errors).toBeUndefined();
    expect(entities.body.data).toEqual({
      rival: { name: RIVAL_RENAMED, kind: 'COMPANY' },
      publisher: null,
      article: { title: TITLE, url: URL, publishedAt: '2024-05-06' },
    });

    await page.screenshot({ path: path.join(SCREENSHOTS, 'article.png') });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });

  it('says in the panel what it or the service refuses', async () => {
    // Not watched: the service refuses a request here on purpose.
    const page = await open(false);
    await page.locator('#article-toggle').click();
    await page.locator('#article-text').fill(`${inventedWord()} ${inventedWord()} Systems competes with nobody.`);
    // No title: nothing is sent.
    await page.locator('#article-propose').click();
    await expect(page.locator('#article-error').textContent()).resolves.toMatch(/^An article needs a title/);
    // A date that is none: the panel says so, nothing is sent.
    await page.locator('#article-title').fill(`${prefix} refused`);
    await page.locator('#article-published').fill('2024-13');
    await page.locator('#article-propose').click();
    await expect(page.locator('#article-error').textContent()).resolves.toMatch(/^The published date is a date as /);
    // A text longer than the service reads: its refusal, with its code.
    await page.locator('#article-published').fill('2024-05');
    await page.locator('#article-text').fill(`${'Lorem ipsum. '.repeat(7700)}`);
    await propose(page);
    await expect(page.locator('#article-error').textContent()).resolves.toMatch(
      /^Nothing was proposed: The service refused the request: .*text.*\(BAD_USER_INPUT\)$/,
    );
    await expect(page.locator('#article-review').textContent()).resolves.toBe('');
    await expect(page.locator('#message').textContent()).resolves.toBe('');
  });

  it('logged no console error, page error or failed request on the watched pages', () => {
    expect(problems.flat()).toEqual([]);
  });
});
