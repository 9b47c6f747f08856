import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { loadConfig } from '../../src/config';
import { LocalNeo4j } from '../../src/db/local-neo4j';
import type { CypherRunner } from '../../src/store/cypher-runner';
import { openGraph } from '../../src/store/open-graph';

export interface TestDb {
  driver: Driver;
  runner: CypherRunner;
  close(): Promise<void>;
}

/** A migrated connection to the run's Neo4j (see global-setup.ts). */
export async function connectTestDb(): Promise<TestDb> {
  const config = loadConfig();
  if (!config.neo4j.uri) throw new Error('NEO4J_URI is unset: jest globalSetup did not start Neo4j');
  const { driver, runner, close } = await openGraph(config, { log: () => undefined, timeoutMs: 30000 });
  return { driver, runner, close };
}

/** Ids unique to one test file, so files can share the database and run in parallel. */
export function uniquePrefix(name: string): string {
  return `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** Waits until a transaction running a statement that contains `marker` is blocked on a lock. */
export async function waitUntilBlocked(db: TestDb, marker: string): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    const blocked = await db.runner.read(
      `SHOW TRANSACTIONS YIELD currentQuery, status WHERE currentQuery CONTAINS $marker AND status STARTS WITH 'Blocked' RETURN status`,
      { marker },
    );
    if (blocked.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no transaction running "${marker}" became blocked`);
}

/**
 * A small Neo4j of the test file's own, for what the shared one must not suffer (stopped, its
 * schema emptied). Not started; `remove` stops it and deletes its home.
 */
export function privateNeo4j(name: string): { neo4j: LocalNeo4j; remove(): Promise<void> } {
  const home = mkdtempSync(path.join(os.tmpdir(), `entity-graph-${name}-`));
  const neo4j = new LocalNeo4j({
    home,
    port: 17000 + Math.floor(Math.random() * 4000),
    heap: '512m',
    pageCache: '32m',
    log: () => undefined,
  });
  return {
    neo4j,
    remove: async () => {
      await neo4j.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
