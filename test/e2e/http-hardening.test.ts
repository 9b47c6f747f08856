import { Writable } from 'node:stream';
import pino from 'pino';
import type { Service } from '../../src/http/service';
import { graphql, startTestService } from '../support/service';

const STATS = '{ graphStats { entityCount } }';

function post(service: Service, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('HTTP hardening: CORS, security headers, request ids, body limit', () => {
  let service: Service;
  const logLines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    service = await startTestService({
      env: {
        CORS_ORIGINS: 'https://viz.example.org',
        BODY_LIMIT_BYTES: '4096',
        API_KEYS: 'secret-editor-key:editor',
      },
      logger: pino({ level: 'info' }, sink),
    });
  });
  afterAll(() => service.close());

  it('answers a CORS preflight from an allowed origin, and not for others', async () => {
    const preflight = (origin: string) =>
      fetch(`${service.url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      });
    const allowed = await preflight('https://viz.example.org');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://viz.example.org');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);

    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();

    const response = await post(service, { query: STATS }, { origin: 'https://viz.example.org' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://viz.example.org');
  });

  it('sends security headers', async () => {
    const response = await fetch(`${service.url}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });

  it('tags every response and every log line of a request with its request id, and never logs keys', async () => {
    const response = await post(
      service,
      { query: '{ entity(id: "no-such-entity-anywhere") { id } }' },
      { 'x-request-id': 'trace-me-42', authorization: 'Bearer secret-editor-key' },
    );
    expect(response.headers.get('x-request-id')).toBe('trace-me-42');
    const generated = await fetch(`${service.url}/healthz`);
    expect(generated.headers.get('x-request-id')).toMatch(/\S+/);

    const lines = logLines.map((line) => JSON.parse(line) as { reqId?: string; req?: unknown; res?: unknown });
    const ofRequest = lines.filter((line) => line.reqId === 'trace-me-42');
    expect(ofRequest.length).toBeGreaterThanOrEqual(2);
    expect(lines.filter((line) => (line.req || line.res) && !line.reqId)).toEqual([]);
    expect(logLines.join('\n')).not.toContain('secret-editor-key');
  });

  it('refuses a body over BODY_LIMIT_BYTES with 413 and a code', async () => {
    const response = await post(service, { query: STATS, variables: { pad: 'x'.repeat(5000) } });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
  });

  it('answers unknown routes and wrong media types with coded errors', async () => {
    const missing = await fetch(`${service.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND' });
    const form = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'query=x',
    });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ errors: [{ extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] });
  });
});

describe('rate limits', () => {
  let service: Service;
  beforeAll(
    async () =>
      (service = await startTestService({
        env: { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000', API_KEYS: 'rl-a:reader,rl-b:reader' },
      })),
  );
  afterAll(() => service.close());

  it('limits per API key, else per client, with 429, Retry-After and a code; probes are exempt', async () => {
    const statuses = async (headers: Record<string, string>, count: number) => {
      const result: number[] = [];
      for (let i = 0; i < count; i += 1) result.push((await post(service, { query: STATS }, headers)).status);
      return result;
    };
    expect(await statuses({ authorization: 'Bearer rl-a' }, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await post(service, { query: STATS }, { authorization: 'Bearer rl-a' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });

    // Another key has its own bucket; so does the anonymous client (by IP).
    expect(await statuses({ authorization: 'Bearer rl-b' }, 5)).toEqual([200, 200, 200, 200, 200]);
    expect((await statuses({}, 6)).slice(-1)).toEqual([429]);
    // An unknown key does not get a fresh bucket: it counts against the client's IP.
    expect((await post(service, { query: STATS }, { authorization: 'Bearer made-up' })).status).toBe(429);
    for (let i = 0; i < 10; i += 1) expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });
});

describe('secure defaults', () => {
  const MUTATION = 'mutation { deleteEntity(id: "secure-default-probe") }';

  it('is read-only without API_KEYS: mutations answer UNAUTHENTICATED saying how to set a key', async () => {
    const service = await startTestService();
    try {
      const read = await graphql(service, STATS);
      expect(read.body.errors).toBeUndefined();
      const write = await graphql(service, MUTATION);
      expect(write.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(write.body.errors?.[0]?.message).toMatch(/API_KEYS=<key>:editor/);
    } finally {
      await service.close();
    }
  });

  it('opens writes only on the explicit ALLOW_ANONYMOUS_WRITES opt-in', async () => {
    const service = await startTestService({ env: { ALLOW_ANONYMOUS_WRITES: 'true' } });
    try {
      const write = await graphql<{ deleteEntity: boolean }>(service, MUTATION);
      expect(write.body).toEqual({ data: { deleteEntity: false } });
    } finally {
      await service.close();
    }
  });

  it('can turn off introspection and field suggestions', async () => {
    const open = await startTestService();
    const closed = await startTestService({ env: { GRAPHQL_INTROSPECTION: 'false' } });
    try {
      const introspection = '{ __schema { queryType { name } } }';
      expect((await graphql(open, introspection)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const refused = await graphql(closed, introspection);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

      const typo = '{ graphStats { entityCont } }';
      expect((await graphql(open, typo)).body.errors?.[0]?.message).toMatch(/Did you mean/);
      const hidden = await graphql(closed, typo);
      expect(hidden.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
      expect(hidden.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await open.close();
      await closed.close();
    }
  });
});
