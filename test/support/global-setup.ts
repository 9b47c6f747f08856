import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalNeo4j } from '../../src/db/local-neo4j';
import { bundleExplorer } from '../../src/web/bundle';
import { freePort, TEST_JVM_ARGS } from './processes';
import { provisionBrowser, provisionPython } from './provision';

declare global {
  var __localNeo4j: { server: LocalNeo4j; home: string } | undefined;
}

/** A real Neo4j for the whole run: NEO4J_URI if given, else a throw-away local one on a free port. */
export default async function globalSetup(): Promise<void> {
  // Tests run from sources without `npm run build`: bundle here, so the service never needs esbuild (a dev dependency).
  await bundleExplorer();
  // Workers inherit these: test/support/python.ts and browser.ts read them.
  process.env.TEST_PYTHON = provisionPython();
  process.env.CHROMIUM_PATH = provisionBrowser();
  if (process.env.NEO4J_URI) return;
  const home = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-test-'));
  const server = new LocalNeo4j({
    home,
    port: await freePort(),
    heap: '1g',
    pageCache: '128m',
    // Small, so the test that hits the limit allocates little: a 512m query would stall this 1g
    // heap in GC for seconds, and every test file running beside it with it.
    transactionMemory: '128m',
    jvmArgs: TEST_JVM_ARGS,
    log: (message) => process.stderr.write(`${message}\n`),
  });
  await server.start();
  globalThis.__localNeo4j = { server, home };
  process.env.NEO4J_URI = server.uri;
}
