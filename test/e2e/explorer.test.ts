import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Fastify from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../src/paths';
import { explorerRoutes } from '../../src/http/explorer';
import type { Service } from '../../src/http/service';
import { importNdjson } from '../../src/ingest/ndjson-import';
import { cypherInt } from '../../src/store/cypher-runner';
import { loadSeedFile } from '../../src/store/seed';
import { launchChromium, watchProblems } from '../support/browser';
import { uniquePrefix } from '../support/neo4j';
import { graphql, startTestService } from '../support/service';

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'explorer');
const ARTICLE = 'techcentral-2022-05-05-hikvision-sanctions';
const LISTING = 'hikvision-listed-on-us-entity-list';
/** A shared 2-core machine runs other suites too: waits are generous, and nothing asserts a duration. */
const WAIT_MS = 90000;
jest.setTimeout(3 * WAIT_MS);

interface Snapshot {
  nodes: string[];
  edges: string[];
  placeholders: string[];
  highlighted: { nodes: string[]; edges: string[] };
  marked: string[];
  selected: string[];
}

// The hook's shape as the page declares it (src/web/test-hook.ts); in the browser, globalThis is window.
declare global {
  var __explorer: {
    idle: boolean;
    settled: number;
    snapshot(): Snapshot;
    position(kind: 'node' | 'edge', id: string): { x: number; y: number } | undefined;
  };
}

// Browser tests on a shared 2-core machine: one retry, with the first failure logged. Twice in CI-like
// runs under load a page action did not settle within 90 s; the cause is not found yet (see the
// session notes), and andSettle now reports what the page said.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

describe('the explorer page (headless Chromium against the real service on the seed graph)', () => {
  let service: Service;
  let browser: Browser;
  /** What each watched page reported; the last test asserts they are all empty. */
  const problems: string[][] = [];
  const contexts: BrowserContext[] = [];
  const prefix = uniquePrefix('explorer');
  const hub = `${prefix}-hub`;
  const SPOKES = 999;
  // FtM entities with topics (the seed has none), imported as FtM NDJSON: a sanctioned company, owned by a shell.
  const sanctioned = `${prefix}-ftm-optics`;
  const shell = `${prefix}-ftm-trading`;
  const SANCTIONED_LEI = '549300QUILLFEATHER42';
  const FTM_LINES = [
    {
      id: sanctioned,
      schema: 'Company',
      properties: {
        name: ['Quillfeather Optics'],
        country: ['cn'],
        leiCode: [SANCTIONED_LEI],
        topics: ['sanction', 'export.control'],
      },
    },
    {
      id: shell,
      schema: 'Company',
      properties: { name: ['Quillfeather Trading'], country: ['hk'], topics: ['corp.shell'] },
    },
    { id: `${prefix}-ftm-owns`, schema: 'Ownership', properties: { owner: [shell], asset: [sanctioned] } },
  ];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    service = await startTestService();
    await loadSeedFile(service.runner);
    // A hub of its own for the scale test: 999 spokes, so its full neighbourhood is 1,000 nodes.
    await service.runner.write((tx) =>
      tx.run(
        `CREATE (hub:Entity:Company {id: $hub, kind: 'COMPANY', name: 'Explorer Hub', nameKey: 'explorer hub',
                                     aliases: [], aliasText: ''})
         WITH hub UNWIND range(1, $spokes) AS i
         CREATE (hub)-[:SUPPLIES {id: $hub + '-supplies-' + i, status: 'ACTIVE', evidenceArticles: [],
                                  evidenceQuotes: []}]->(:Entity:Company {id: $hub + '-spoke-' + i, kind: 'COMPANY',
                                  name: 'Spoke ' + i, nameKey: 'spoke ' + i, aliases: [], aliasText: ''})`,
        { hub, spokes: cypherInt(SPOKES) },
      ),
    );
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'explorer-ftm-'));
    try {
      const file = path.join(tmp, 'topics.ndjson');
      writeFileSync(file, FTM_LINES.map((line) => JSON.stringify(line)).join('\n'));
      await importNdjson(service.runner, file, {
        format: 'ftm',
        batchSize: 10,
        strict: true,
        defaultDataset: `${prefix}_ftm`,
        today: '2025-01-01',
        onFlaw: () => undefined,
      });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    browser = await launchChromium();
  }, 300000);

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    // The hub, the FtM entities and their dataset (named after the prefix).
    await service?.runner.write((tx) =>
      tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $prefix OR e.name STARTS WITH $prefix DETACH DELETE e', {
        prefix,
      }),
    );
    await service?.close();
  });

  /** A fresh page, watched for problems, with its view settled. */
  async function open(query = ''): Promise<Page> {
    // A context per page: axe-core needs one it created the page in, and pages share no state.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    problems.push(watchProblems(page));
    await page.goto(`${service.url}/${query}`);
    await page.waitForFunction(() => globalThis.__explorer?.settled > 0 && globalThis.__explorer.idle, null, {
      timeout: WAIT_MS,
    });
    return page;
  }

  /** Runs `action`, then waits until a layout settled after it and no request is in flight. */
  async function andSettle(page: Page, action: () => Promise<unknown>): Promise<void> {
    const before = await page.evaluate(() => globalThis.__explorer.settled);
    await action();
    // A page that answers with an error in words draws nothing new: fail with its words, at once.
    await page.waitForFunction(
      (count) => {
        // This file is compiled without the DOM's types; the page has a document.
        const { document } = globalThis as unknown as {
          document: { getElementById(id: string): { textContent: string | null } | null };
        };
        const said = Boolean(document.getElementById('message')?.textContent);
        return globalThis.__explorer.idle && (globalThis.__explorer.settled > count || said);
      },
      before,
      { timeout: WAIT_MS },
    );
    if ((await page.evaluate(() => globalThis.__explorer.settled)) === before) {
      throw new Error(`the page said: ${await page.locator('#message').textContent()}`);
    }
  }

  const snapshot = (page: Page): Promise<Snapshot> => page.evaluate(() => globalThis.__explorer.snapshot());

  async function positionOf(page: Page, kind: 'node' | 'edge', id: string): Promise<{ x: number; y: number }> {
    const point = await page.evaluate(([k, i]) => globalThis.__explorer.position(k as 'node' | 'edge', i), [kind, id]);
    if (!point) throw new Error(`${kind} ${id} is not drawn`);
    return point;
  }

  async function neighbourhood(id: string, limit = 51): Promise<{ nodes: string[]; edges: string[] }> {
    const response = await graphql<{ neighborhood: { nodes: { id: string }[]; edges: { id: string }[] } }>(
      service,
      'query($id: ID!, $limit: Int) { neighborhood(id: $id, limit: $limit) { nodes { id } edges { id } } }',
      { id, limit },
    );
    const { nodes, edges } = response.body.data!.neighborhood;
    return { nodes: nodes.map((node) => node.id).sort(), edges: edges.map((edge) => edge.id).sort() };
  }

  const union = (...lists: string[][]): string[] => [...new Set(lists.flat())].sort();

  it('searches "hikv" from the keyboard and draws the neighbourhood of the chosen hit', async () => {
    const page = await open();
    await page.locator('#search').pressSequentially('hikv', { delay: 50 });
    const option = page.getByRole('option', { name: /^Hikvision \(Company/ });
    await option.waitFor({ timeout: WAIT_MS });
    const index = await page
      .getByRole('option')
      .evaluateAll((options) => options.findIndex((element) => /^Hikvision \(Company/.test(element.textContent ?? '')));
    for (let step = 0; step < index; step += 1) await page.keyboard.press('ArrowDown');
    await andSettle(page, () => page.keyboard.press('Enter'));
    const drawn = await snapshot(page);
    const expected = await neighbourhood('hikvision');
    expect(drawn.nodes).toEqual(expected.nodes);
    expect(drawn.edges).toEqual(expected.edges);
    expect(new URL(page.url()).searchParams.get('focus')).toBe('hikvision');
    expect(await page.locator('#summary').textContent()).toMatch(
      new RegExp(`^${expected.nodes.length} entities and ${expected.edges.length} relationships around Hikvision`),
    );
    expect(await page.locator('#node-list button').count()).toBe(expected.nodes.length);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'search-hikvision.png') });
  });

  it('expands Canon on double-click: its neighbours join the drawing, each once', async () => {
    // The article is hidden first: in the seed it is Canon's only neighbour that Hikvision's view lacks.
    const page = await open(`?focus=hikvision&hide=${ARTICLE}`);
    const before = await snapshot(page);
    expect(before.nodes).not.toContain(ARTICLE);
    const canon = await positionOf(page, 'node', 'canon');
    await andSettle(page, () => page.mouse.dblclick(canon.x, canon.y));
    const after = await snapshot(page);
    const added = after.nodes.filter((id) => !before.nodes.includes(id));
    expect(added).toContain(ARTICLE);
    expect(after.edges.length).toBeGreaterThan(before.edges.length);
    expect(new Set(after.nodes).size).toBe(after.nodes.length);
    expect(new Set(after.edges).size).toBe(after.edges.length);
    const [hikvision, canonAround] = [await neighbourhood('hikvision'), await neighbourhood('canon')];
    expect(after.nodes).toEqual(union(hikvision.nodes, canonAround.nodes));
    expect(new URL(page.url()).searchParams.get('expand')).toBe('canon');
    expect(new URL(page.url()).searchParams.get('hide')).toBeNull();

    // Undo takes the expansion back; redo brings it again.
    await andSettle(page, () => page.keyboard.press('u'));
    expect((await snapshot(page)).nodes).toEqual(before.nodes);
    await andSettle(page, () => page.keyboard.press('r'));
    expect((await snapshot(page)).nodes).toEqual(after.nodes);
  });

  it('shows the Entity List edge’s quote and article title when the edge is clicked', async () => {
    // Listings only, so that no other edge crosses the one clicked.
    const page = await open('?focus=hikvision&types=LISTED_ON');
    const edge = await positionOf(page, 'edge', LISTING);
    await page.mouse.click(edge.x, edge.y);
    const details = page.locator('#details');
    await details.locator('blockquote').first().waitFor({ timeout: WAIT_MS });
    const expected = await graphql<{
      relationship: { evidence: { quote: string; article: { title: string } }[] };
    }>(service, `{ relationship(id: "${LISTING}") { evidence { quote article { title } } } }`);
    const [evidence] = expected.body.data!.relationship.evidence;
    await expect(details.textContent()).resolves.toContain(evidence.quote);
    await expect(details.textContent()).resolves.toContain(evidence.article.title);
    await expect(details.textContent()).resolves.toMatch(/Status\s*ACTIVE/);
    await expect(details.textContent()).resolves.toMatch(/Since\s*2019/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'edge-evidence.png') });
  });

  it('highlights exactly the shortest path from Canon to Huawei and lists its hops with evidence', async () => {
    const page = await open('?focus=hikvision&expand=us-entity-list');
    const canon = await positionOf(page, 'node', 'canon');
    const huawei = await positionOf(page, 'node', 'huawei');
    await page.mouse.click(canon.x, canon.y);
    await page.keyboard.down('Shift');
    await page.mouse.click(huawei.x, huawei.y);
    await page.keyboard.up('Shift');
    await andSettle(page, () => page.getByRole('button', { name: 'Path between the two selected nodes' }).click());
    const expected = await graphql<{ shortestPath: { nodes: { id: string }[]; edges: { id: string }[] } }>(
      service,
      '{ shortestPath(from: "canon", to: "huawei") { nodes { id } edges { id } } }',
    );
    const shortest = expected.body.data!.shortestPath;
    // Two quick clicks on different nodes are a selection, not a double-click that expands.
    expect(new URL(page.url()).searchParams.get('expand')).toBe('us-entity-list');
    const { highlighted } = await snapshot(page);
    expect(highlighted.nodes).toEqual(shortest.nodes.map((node) => node.id).sort());
    expect(highlighted.edges).toEqual(shortest.edges.map((edge) => edge.id).sort());
    await expect(page.locator('#path-result .hops > li').count()).resolves.toBe(shortest.edges.length);
    await expect(page.locator('#path-result blockquote').count()).resolves.toBeGreaterThanOrEqual(
      shortest.edges.length,
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'path-canon-huawei.png') });
  });

  it('drops the Entity List edge when the as-of slider moves to 2018', async () => {
    const page = await open('?focus=hikvision');
    expect((await snapshot(page)).edges).toContain(LISTING);
    await andSettle(page, () => page.locator('#asof').fill('2018'));
    const drawn = await snapshot(page);
    expect(drawn.edges).not.toContain(LISTING);
    expect(drawn.edges).toEqual(
      (
        await graphql<{ neighborhood: { edges: { id: string }[] } }>(
          service,
          '{ neighborhood(id: "hikvision", limit: 51, asOf: "2018") { edges { id } } }',
        )
      ).body
        .data!.neighborhood.edges.map((edge) => edge.id)
        .sort(),
    );
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2018');
    await expect(page.locator('#asof-value').textContent()).resolves.toBe('as of 2018');
  });

  it('restores the same view from its URL after a reload', async () => {
    const page = await open('?focus=hikvision&expand=canon,us-entity-list&status=ACTIVE,PROPOSED');
    const before = await snapshot(page);
    expect(before.nodes).toContain('huawei');
    await page.reload();
    await page.waitForFunction(() => globalThis.__explorer?.settled > 0 && globalThis.__explorer.idle, null, {
      timeout: WAIT_MS,
    });
    const after = await snapshot(page);
    expect(after.nodes).toEqual(before.nodes);
    expect(after.edges).toEqual(before.edges);
  });

  it('narrows the search to the topic chosen, marks the drawn entities with it, and keeps it over a reload', async () => {
    const page = await open(`?focus=${shell}`);
    expect((await snapshot(page)).nodes).toEqual(expect.arrayContaining([sanctioned, shell]));
    expect((await snapshot(page)).marked).toEqual([]);
    const topic = page.getByLabel('Topic');
    await expect(topic.inputValue()).resolves.toBe('');

    await andSettle(page, () => topic.selectOption({ label: 'Sanctioned' }));
    expect((await snapshot(page)).marked).toEqual([sanctioned]);
    expect(new URL(page.url()).searchParams.get('topic')).toBe('sanction');
    await expect(page.locator('#summary').textContent()).resolves.toContain(
      'Topic “Sanctioned”: 1 entity drawn has it (red double outline).',
    );
    await expect(
      page.locator('#node-list button', { hasText: 'topic: Sanctioned' }).allTextContents(),
    ).resolves.toEqual([expect.stringMatching(/^Quillfeather Optics — Company/)]);

    /** The search box's hits for `text`, as the page lists them, once it has said how many it found. */
    const searchHits = async (text: string): Promise<string[]> => {
      await page.locator('#search').fill('');
      await page.locator('#search').pressSequentially(text, { delay: 30 });
      await page.locator('#search-help').filter({ hasText: 'found' }).waitFor({ timeout: WAIT_MS });
      return page.locator('#search-results [role="option"]').allTextContents();
    };
    const expectedHits = async (topics: string[] | null): Promise<string[]> => {
      const response = await graphql<{ search: { entity: { name: string; kind: string } }[] }>(
        service,
        'query ($topics: [String!]) { search(query: "Quillfeather", topics: $topics, first: 8) { entity { name kind } } }',
        { topics },
      );
      return response.body.data!.search.map(({ entity }) => entity.name);
    };
    const names = (hits: string[]): string[] => hits.map((hit) => hit.replace(/ \(.*\)$/, ''));
    // Without the topic the search finds both companies; with it, only the sanctioned one.
    expect(await expectedHits(null)).toEqual(expect.arrayContaining(['Quillfeather Optics', 'Quillfeather Trading']));
    const hits = await searchHits('Quillfeather');
    expect(names(hits)).toEqual(await expectedHits(['sanction']));
    expect(names(hits)).toContain('Quillfeather Optics');
    expect(names(hits)).not.toContain('Quillfeather Trading');
    await expect(page.locator('#search-help').textContent()).resolves.toContain('with the topic “Sanctioned”');

    // Choosing the hit draws its neighbourhood, the topic still marked.
    const index = hits.findIndex((hit) => hit.startsWith('Quillfeather Optics ('));
    for (let step = 0; step < index; step += 1) await page.keyboard.press('ArrowDown');
    await andSettle(page, () => page.keyboard.press('Enter'));
    expect(new URL(page.url()).searchParams.get('focus')).toBe(sanctioned);
    expect((await snapshot(page)).nodes).toContain(shell);
    expect((await snapshot(page)).marked).toEqual([sanctioned]);

    await page.reload();
    await page.waitForFunction(() => globalThis.__explorer?.settled > 0 && globalThis.__explorer.idle, null, {
      timeout: WAIT_MS,
    });
    await expect(topic.inputValue()).resolves.toBe('sanction');
    expect(new URL(page.url()).searchParams.get('topic')).toBe('sanction');
    expect((await snapshot(page)).marked).toEqual([sanctioned]);
    expect(names(await searchHits('Quillfeather'))).not.toContain('Quillfeather Trading');

    // Any topic again: the marks go, the URL drops it, the search finds both.
    await andSettle(page, () => topic.selectOption(''));
    expect((await snapshot(page)).marked).toEqual([]);
    expect(new URL(page.url()).searchParams.get('topic')).toBeNull();
    await page.locator('#search-help').filter({ hasNotText: 'with the topic' }).waitFor({ timeout: WAIT_MS });
    expect(names(await page.locator('#search-results [role="option"]').allTextContents())).toEqual(
      expect.arrayContaining(['Quillfeather Optics', 'Quillfeather Trading']),
    );
    await page.locator('#search').press('Escape');

    // The details of the sanctioned company: its FtM schema, its topics by label, its identifiers.
    await andSettle(page, () => topic.selectOption('sanction'));
    await page.locator('#node-list button', { hasText: /^Quillfeather Optics/ }).click();
    const details = page.locator('#details');
    await details.getByRole('heading', { name: 'Identifiers' }).waitFor({ timeout: WAIT_MS });
    await expect(details.textContent()).resolves.toMatch(/FtM schema\s*Company/);
    await expect(details.textContent()).resolves.toMatch(/Topics\s*Sanctioned, Export controlled/);
    await expect(details.locator('.identifiers li').allTextContents()).resolves.toEqual([`LEI: ${SANCTIONED_LEI}`]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'topic-sanction.png') });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });

  it('downloads a PNG of the view', async () => {
    const page = await open('?focus=hikvision');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: WAIT_MS }),
      page.getByRole('button', { name: 'PNG image' }).click(),
    ]);
    const file = await download.path();
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(download.suggestedFilename()).toBe('entity-graph-hikvision.png');
  });

  it('guards a hub with "+N more", asks before drawing 1,000 nodes, and stays usable with them', async () => {
    const page = await open(`?focus=${hub}`);
    const capped = await snapshot(page);
    expect(capped.nodes).toHaveLength(51);
    expect(capped.placeholders).toEqual([hub]);
    // From the keyboard: select the hub in the list, press e; the guard asks before drawing more than the cap.
    await page.locator('#node-list button', { hasText: /^Explorer Hub/ }).click();
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain(`Explorer Hub has ${SPOKES} relationships`);
    await andSettle(page, () => dialog.getByRole('button', { name: `Draw up to ${SPOKES}` }).click());
    const full = await snapshot(page);
    expect(full.nodes).toHaveLength(SPOKES + 1);
    expect(full.edges).toHaveLength(SPOKES);
    expect(full.placeholders).toEqual([]);
    // Still responsive: the keyboard list walks and selects among 1,000 entries.
    const list = page.locator('#node-list button');
    await expect(list.count()).resolves.toBe(SPOKES + 1);
    await list.first().focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => globalThis.__explorer.snapshot().selected.length === 1 && globalThis.__explorer.idle,
      null,
      {
        timeout: WAIT_MS,
      },
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'hub-1000.png') });
  });

  it('says in words when nothing is found, when the service does not answer and when a limit is hit', async () => {
    // Not watched: this page fails requests on purpose.
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${service.url}/?focus=hikvision`);
    await page.waitForFunction(() => globalThis.__explorer?.settled > 0 && globalThis.__explorer.idle, null, {
      timeout: WAIT_MS,
    });
    await page.locator('#search').pressSequentially('zzqxv', { delay: 30 });
    await expect(page.locator('#search-help').filter({ hasText: 'Nothing found' }).textContent()).resolves.toContain(
      'Nothing found for “zzqxv”',
    );
    await page.route('**/graphql', (route) => route.abort('connectionrefused'));
    await page.locator('#asof').fill('2015');
    await page.getByRole('alert').filter({ hasText: 'does not answer' }).waitFor({ timeout: WAIT_MS });
    expect((await snapshot(page)).nodes.length).toBeGreaterThan(0);

    // A service with a tiny cost limit refuses the neighbourhood: the page names the limit.
    const strict = await startTestService({ env: { MAX_QUERY_COST: '500' } });
    try {
      await page.unroute('**/graphql');
      await page.goto(`${strict.url}/?focus=hikvision`);
      const alert = page.getByRole('alert').filter({ hasText: 'needs more than the service allows' });
      await expect(alert.textContent()).resolves.toMatch(/estimated cost is \d+, over the limit of 500/);
    } finally {
      await strict.close();
    }
  });

  it('has no WCAG 2 A/AA violations (axe-core), with a graph and an edge’s evidence shown', async () => {
    const page = await open('?focus=hikvision&expand=us-entity-list');
    await page.locator('#edge-list button', { hasText: /^Hikvision → LISTED_ON → Entity List/ }).click();
    await page.locator('#details blockquote').first().waitFor({ timeout: WAIT_MS });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'explorer.png') });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    // Focus is visible: what the keyboard reaches draws an outline.
    await page.locator('#search').focus();
    await page.keyboard.press('Tab');
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).not.toBe('none');
  });

  it('logged no console error, page error or failed request on any page above', () => {
    expect(problems.flat()).toEqual([]);
  });
});

describe('GET / before the explorer is built', () => {
  it('answers 404 saying how to build it, instead of an empty page', async () => {
    const app = Fastify();
    explorerRoutes(path.join(REPO_ROOT, 'test-results', 'no-explorer-bundle-here'))(app);
    // Over a real socket: fastify's inject needs an ESM-only cookie parser that jest cannot load.
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const response = await fetch(`${url}/`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ code: 'NOT_FOUND', error: expect.stringContaining('npm run build') });
    } finally {
      await app.close();
    }
  });
});
