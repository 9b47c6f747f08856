import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalNeo4j } from '../src/db/local-neo4j';

/** The settings of the bench's own Neo4j, recorded with its results. */
export const BENCH_NEO4J_SETTINGS = { heap: '2g', pageCache: '1g' } as const;

/**
 * NEO4J_URI if set, else a throw-away local Neo4j (full JIT, as in production) for the run,
 * with `plugins` (a folder of jars, e.g. APOC) when given.
 */
export async function benchNeo4j(
  log: (message: string) => void,
  plugins?: string,
): Promise<{ uri: string; stop(): Promise<void> }> {
  if (process.env.NEO4J_URI) return { uri: process.env.NEO4J_URI, stop: async () => undefined };
  const home = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-bench-'));
  const server = new LocalNeo4j({
    home,
    port: 17600 + Math.floor(Math.random() * 300),
    ...BENCH_NEO4J_SETTINGS,
    plugins,
    log,
  });
  try {
    await server.start();
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  return {
    uri: server.uri,
    async stop() {
      await server.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
