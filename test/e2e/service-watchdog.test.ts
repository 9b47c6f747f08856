import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  eventually,
  freePort,
  isRunning,
  killIfRunning,
  recordedNeo4jPid,
  TEST_JVM_ARGS,
  watchdogsOf,
} from '../support/processes';
import { startServiceProcess, type ServiceProcess } from '../support/service';

// `entity-graph serve` as its own process, so it can be SIGKILLed like a crashed or OOM-killed service.
describe('when the service process is SIGKILLed', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-watchdog-'));
  let service: ServiceProcess | undefined;

  afterAll(() => {
    killIfRunning(service?.pid);
    const neo4jPid = recordedNeo4jPid(home);
    killIfRunning(neo4jPid);
    if (neo4jPid !== undefined) for (const pid of watchdogsOf(neo4jPid)) killIfRunning(pid);
    rmSync(home, { recursive: true, force: true });
  });

  it('its local Neo4j goes too, within seconds', async () => {
    service = await startServiceProcess(
      {
        NEO4J_URI: '', // unset: the service starts its own Neo4j
        NEO4J_LOCAL_HOME: home,
        NEO4J_LOCAL_PORT: String(await freePort()),
        NEO4J_LOCAL_HEAP: '512m',
        NEO4J_LOCAL_JVM_ARGS: TEST_JVM_ARGS.join(' '),
      },
      { startTimeoutMs: 240000 },
    );
    const neo4jPid = recordedNeo4jPid(home) as number;
    expect(isRunning(neo4jPid)).toBe(true);
    expect(watchdogsOf(neo4jPid)).toHaveLength(1);

    process.kill(service.pid, 'SIGKILL');

    await eventually('Neo4j is gone', () => !isRunning(neo4jPid), 15000);
    await eventually('the watchdog is gone', () => watchdogsOf(neo4jPid).length === 0, 15000);
  }, 300000);
});
