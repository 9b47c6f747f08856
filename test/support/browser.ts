import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The Chromium the global setup found or unpacked (test/support/provision.ts); playwright never downloads one. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath)
    throw new Error('CHROMIUM_PATH is unset: run the browser tests through jest, whose global setup provides it');
  return chromium.launch({
    executablePath,
    // Without the background-networking flags Chromium keeps calling Google, which this network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Everything a page reported that a healthy page never does: console errors, page errors, failed or refused requests. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  page.on('response', (response) => {
    if (response.status() < 400) return;
    const entry = problems.push(`HTTP ${response.status()}: ${response.url()}`) - 1;
    // The body says why (its error code), which the status alone does not.
    void response.text().then(
      (body) => (problems[entry] += ` ${body.slice(0, 300)}`),
      () => undefined,
    );
  });
  return problems;
}

/**
 * A fresh explorer page in its own context, its first layout settled (the page's test hook says
 * so). The context joins `contexts` for closing; the page's problems join `problems` unless `watched` is false.
 */
export async function openExplorer(
  browser: Browser,
  url: string,
  options: { contexts: BrowserContext[]; problems: string[][]; watched: boolean; timeoutMs: number },
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  options.contexts.push(context);
  const page = await context.newPage();
  if (options.watched) options.problems.push(watchProblems(page));
  await page.goto(`${url}/`);
  await page.waitForFunction(
    () => {
      const hook = (globalThis as { __explorer?: { idle: boolean; settled: number } }).__explorer;
      return hook !== undefined && hook.settled > 0 && hook.idle;
    },
    null,
    { timeout: options.timeoutMs },
  );
  return page;
}
