import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { eventually, isRunning, recordedNeo4jPid, removeLocalNeo4j } from '../support/processes';
import { startServiceProcessWithLocalNeo4j, type ServiceProcess } from '../support/service';

// Generous: the bound cuts connections, and this shared 2-core machine may be slow to answer 20 queries.
const SHUTDOWN_TIMEOUT_MS = 30000;

// `entity-graph serve` with its own local Neo4j, as `npm start` runs it, so SIGTERM reaches a real process.
describe('graceful shutdown under load', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-shutdown-'));
  let service: ServiceProcess | undefined;
  afterAll(() => removeLocalNeo4j(home, service?.pid));

  it('lets requests in flight complete on SIGTERM, exits 0 within its bound, and stops Neo4j', async () => {
    service = await startServiceProcessWithLocalNeo4j(home, {
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
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

    const busy = JSON.stringify({
      query: `{ paths(from: "canon", to: "huawei", limit: 10) { length nodes { id } }
                neighborhood(id: "hikvision", depth: 2) { nodes { id } } }`,
    });
    const received = service.requestsReceived();
    const inFlight = Array.from({ length: 20 }, () => query(busy));
    // In flight means the service has them: a request still in the socket when shutdown closes idle
    // connections meets HTTP keep-alive's inherent race, which clients handle by retrying.
    await eventually('the service received the 20 requests', () => service!.requestsReceived() >= received + 20, 30000);
    const signalled = Date.now();
    process.kill(service.pid, 'SIGTERM');

    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ data: { paths: expect.any(Array) } });
    }
    expect(await service.exited).toBe(0);
    // The drain ends when the last response is sent (kept-alive sockets are closed with it), well
    // before the bound would cut connections; here about 7 s including a clean Neo4j stop.
    expect(Date.now() - signalled).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(isRunning(neo4jPid)).toBe(false);
    agent.destroy();
  }, 300000);
});
