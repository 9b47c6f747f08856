import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LocalNeo4j } from '../../src/db/local-neo4j';

declare global {
  var __localNeo4j: { server: LocalNeo4j; home: string } | undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A real Neo4j for the whole run: NEO4J_URI if given, else a throw-away local one on a free port. */
export default async function globalSetup(): Promise<void> {
  if (process.env.NEO4J_URI) return;
  const home = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-test-'));
  const server = new LocalNeo4j({
    home,
    port: await freePort(),
    heap: '1g',
    pageCache: '128m',
    // C1-only JIT: a short-lived test server warms up about twice as fast (measured here).
    jvmArgs: ['-XX:TieredStopAtLevel=1'],
    log: (message) => process.stderr.write(`${message}\n`),
  });
  await server.start();
  globalThis.__localNeo4j = { server, home };
  process.env.NEO4J_URI = server.uri;
}
