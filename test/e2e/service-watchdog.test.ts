import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, isRunning, recordedNeo4jPid, removeLocalNeo4j, watchdogsOf } from '../support/processes';
import { startServiceProcessWithLocalNeo4j, type ServiceProcess } from '../support/service';

// `entity-graph serve` as its own process, so it can be SIGKILLed like a crashed or OOM-killed service.
describe('when the service process is SIGKILLed', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-watchdog-'));
  let service: ServiceProcess | undefined;

  afterAll(() => removeLocalNeo4j(home, service?.pid));

  it('its local Neo4j goes too, within seconds', async () => {
    service = await startServiceProcessWithLocalNeo4j(home);
    const neo4jPid = recordedNeo4jPid(home) as number;
    expect(isRunning(neo4jPid)).toBe(true);
    expect(watchdogsOf(neo4jPid)).toHaveLength(1);

    process.kill(service.pid, 'SIGKILL');

    await eventually('Neo4j is gone', () => !isRunning(neo4jPid), 15000);
    await eventually('the watchdog is gone', () => watchdogsOf(neo4jPid).length === 0, 15000);
  }, 300000);
});
