import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { pidFile } from '../../src/db/local-neo4j';
import { startService, type Service } from '../../src/http/service';
import { eventually, freePort, isRunning, killIfRunning, recordedNeo4jPid, TEST_JVM_ARGS } from '../support/processes';
import { graphql } from '../support/service';

// The service's own local Neo4j (NEO4J_URI unset), in a throw-away home, not the run's shared one.
describe('the local Neo4j of a service', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-supervision-'));
  const logs: string[] = [];
  let service: Service | undefined;
  const readyz = async (): Promise<number> => (await fetch(`${(service as Service).url}/readyz`)).status;

  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      QUERY_TIMEOUT_MS: '60000',
      NEO4J_LOCAL_HOME: home,
      NEO4J_LOCAL_PORT: String(await freePort()),
      NEO4J_LOCAL_HEAP: '512m',
      NEO4J_LOCAL_JVM_ARGS: TEST_JVM_ARGS.join(' '),
    });
    expect(config.neo4j.uri).toBeUndefined();
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => void logs.push((JSON.parse(line) as { msg: string }).msg) },
    );
    service = await startService(config, { logger });
  }, 240000);

  afterAll(async () => {
    await service?.close();
    killIfRunning(recordedNeo4jPid(home));
    rmSync(home, { recursive: true, force: true });
  });

  it('is restarted when it dies, and the service recovers without a restart of its own', async () => {
    expect(await readyz()).toBe(200);
    const killed = recordedNeo4jPid(home) as number;
    expect(isRunning(killed)).toBe(true);
    process.kill(killed, 'SIGKILL');

    await eventually('the killed Neo4j is gone', () => !isRunning(killed), 30000);
    await eventually('/readyz answers 200 again', async () => (await readyz()) === 200, 240000);
    const restarted = recordedNeo4jPid(home) as number;
    expect(restarted).not.toBe(killed);
    expect(isRunning(restarted)).toBe(true);
    const stats = await graphql<{ graphStats: { entityCount: number } }>(
      service as Service,
      '{ graphStats { entityCount } }',
    );
    expect(stats.body.errors).toBeUndefined();
    expect(stats.body.data?.graphStats.entityCount).toBeGreaterThanOrEqual(0);
    expect(logs).toContainEqual(expect.stringMatching(/exited unexpectedly \(signal SIGKILL\).*restarting in 1\.0 s/));
    expect(logs).toContainEqual(expect.stringMatching(/^neo4j: restart 1: pid \d+/));
  }, 300000);

  it('is not restarted once close() stopped it', async () => {
    const pid = recordedNeo4jPid(home) as number;
    await service?.close();
    service = undefined;
    expect(isRunning(pid)).toBe(false);
    // Longer than any restart delay so far (1 s, then 2 s): a restart would have spawned by now.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(existsSync(pidFile(home))).toBe(false);
    expect(logs.filter((line) => line.startsWith('neo4j: restart '))).toHaveLength(1);
  }, 120000);
});
