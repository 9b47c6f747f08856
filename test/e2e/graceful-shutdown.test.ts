import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadSeedFile } from '../../src/store/seed';
import { connectTestDb } from '../support/neo4j';

const ROOT = path.resolve(__dirname, '../..');
const SHUTDOWN_TIMEOUT_MS = 5000;

/** The real CLI (`entity-graph serve`) as its own process, so SIGTERM reaches a real process. */
function startServeProcess(env: Record<string, string>): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/main.ts', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const served = /serving (http:\/\/\S+)\/graphql/.exec(line);
      if (served) resolve(served[1]);
    });
  });
  return { child, url };
}

describe('graceful shutdown under load', () => {
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    const db = await connectTestDb();
    await loadSeedFile(db.runner);
    await db.close();
  });
  afterAll(() => child?.kill('SIGKILL'));

  it('lets requests in flight complete on SIGTERM, then exits 0 within its bound', async () => {
    const serve = startServeProcess({ SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) });
    child = serve.child;
    const url = await serve.url;
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      serve.child.once('exit', (code) => resolve({ code, at: Date.now() })),
    );
    // Keep-alive connections opened before SIGTERM, so the requests below are already accepted.
    const agent = new Agent({ keepAlive: true, maxSockets: 20 });
    const query = (body: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${url}/graphql`, {
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
    serve.child.kill('SIGTERM');

    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ data: { paths: expect.any(Array) } });
    }
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 5000);
    agent.destroy();
  }, 120000);
});
