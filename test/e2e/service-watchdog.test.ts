import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../src/db/local-neo4j';
import {
  eventually,
  freePort,
  isRunning,
  killIfRunning,
  recordedNeo4jPid,
  TEST_JVM_ARGS,
  watchdogsOf,
} from '../support/processes';

// `entity-graph serve` as its own process, so it can be SIGKILLed like a crashed or OOM-killed service.
describe('when the service process is SIGKILLed', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-watchdog-'));
  let service: ChildProcess | undefined;
  let output = '';

  afterAll(() => {
    killIfRunning(service?.pid);
    const neo4jPid = recordedNeo4jPid(home);
    killIfRunning(neo4jPid);
    if (neo4jPid !== undefined) for (const pid of watchdogsOf(neo4jPid)) killIfRunning(pid);
    rmSync(home, { recursive: true, force: true });
  });

  it('its local Neo4j goes too, within seconds', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'info',
      NEO4J_LOCAL_HOME: home,
      NEO4J_LOCAL_PORT: String(await freePort()),
      NEO4J_LOCAL_HEAP: '512m',
      NEO4J_LOCAL_JVM_ARGS: TEST_JVM_ARGS.join(' '),
    };
    delete env.NEO4J_URI; // set by the jest global setup; unset, the service starts its own Neo4j
    // tsx as a loader, not its CLI: the CLI would run the service in a child, and we must kill the service itself.
    service = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], { cwd: REPO_ROOT, env });
    service.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    service.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(
      'the service says it serves',
      () => {
        if (service?.exitCode !== null) throw new Error(`the service exited early:\n${output}`);
        return output.includes('entity-graph serving');
      },
      240000,
    );
    const neo4jPid = recordedNeo4jPid(home) as number;
    expect(isRunning(neo4jPid)).toBe(true);
    expect(watchdogsOf(neo4jPid)).toHaveLength(1);

    service.kill('SIGKILL');

    await eventually('Neo4j is gone', () => !isRunning(neo4jPid), 15000);
    await eventually('the watchdog is gone', () => watchdogsOf(neo4jPid).length === 0, 15000);
  }, 300000);
});
