import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort, isRunning, killIfRunning, recordedNeo4jPid, TEST_JVM_ARGS, watchdogsOf } from '../support/processes';
import { startServiceProcess, type ServiceProcess } from '../support/service';

const SHUTDOWN_TIMEOUT_MS = 5000;

// `entity-graph serve` with its own local Neo4j, as `npm start` runs it, so SIGTERM reaches a real process.
describe('graceful shutdown under load', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-shutdown-'));
  let service: ServiceProcess | undefined;
  afterAll(() => {
    killIfRunning(service?.pid);
    const neo4jPid = recordedNeo4jPid(home);
    killIfRunning(neo4jPid);
    if (neo4jPid !== undefined) for (const pid of watchdogsOf(neo4jPid)) killIfRunning(pid);
    rmSync(home, { recursive: true, force: true });
  });

  it('lets requests in flight complete on SIGTERM, exits 0 within its bound, and stops Neo4j', async () => {
    service = await startServiceProcess(
      {
        NEO4J_URI: '', // unset: the service starts its own Neo4j and loads the seed into it
        NEO4J_LOCAL_HOME: home,
        NEO4J_LOCAL_PORT: String(await freePort()),
        NEO4J_LOCAL_HEAP: '512m',
        NEO4J_LOCAL_JVM_ARGS: TEST_JVM_ARGS.join(' '),
        SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      },
      { startTimeoutMs: 240000 },
    );
    const neo4jPid = recordedNeo4jPid(home) as number;
    expect(isRunning(neo4jPid)).toBe(true);

    // Keep-alive connections opened before SIGTERM, so the requests below are already accepted.
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    const query = (body: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${service!.url}/graphql`, {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json' },
        });
        req.on('response', (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const warm = JSON.stringify({ query: '{ graphStats { entityCount } }' });
    await Promise.all(Array.from({ length: 20 }, () => query(warm)));

    const heavy = JSON.stringify({
      query: `{ paths(from: "canon", to: "huawei", maxDepth: 6, limit: 50) { length nodes { id } }
                exposure(id: "canon", maxHops: 4) { hops entity { id } } }`,
    });
    const inFlight = Array.from({ length: 20 }, () => query(heavy));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const signalled = Date.now();
    process.kill(service.pid, 'SIGTERM');

    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ data: { paths: expect.any(Array) } });
    }
    expect(await service.exited).toBe(0);
    // Draining is bounded by SHUTDOWN_TIMEOUT_MS; stopping Neo4j cleanly takes a few seconds more.
    expect(Date.now() - signalled).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 30000);
    expect(isRunning(neo4jPid)).toBe(false);
    agent.destroy();
  }, 300000);
});
