import type { Service } from '../../src/http/service';
import { graphql, startTestService } from '../support/service';

describe('the HTTP service', () => {
  let service: Service;
  beforeAll(async () => (service = await startTestService()));
  afterAll(() => service.close());

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('answers graphStats from Neo4j through http → api → store', async () => {
    const id = `stats-probe-${Date.now()}`;
    const before = await graphql<{ graphStats: { entityCount: number; byKind: { kind: string; count: number }[] } }>(
      service,
      '{ graphStats { entityCount relationshipCount byKind { kind count } byType { type count } } }',
    );
    expect(before.body.errors).toBeUndefined();
    const placesBefore = before.body.data!.graphStats.byKind.find((row) => row.kind === 'PLACE')!.count;
    await service.runner.write((tx) =>
      tx.run("CREATE (:Entity:Place {id: $id, kind: 'PLACE', name: 'Probe'})", { id }),
    );
    try {
      const after = await graphql<{ graphStats: { byKind: { kind: string; count: number }[] } }>(
        service,
        '{ graphStats { byKind { kind count } } }',
      );
      expect(after.body.data!.graphStats.byKind.find((row) => row.kind === 'PLACE')!.count).toBe(placesBefore + 1);
    } finally {
      await service.runner.write((tx) => tx.run('MATCH (e:Entity {id: $id}) DELETE e', { id }));
    }
  });

  it('answers unknown paths with 404 and bad JSON with 400, never a stack', async () => {
    expect((await fetch(`${service.url}/nope`)).status).toBe(404);
    const bad = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toMatch(/at .*\.ts:\d+/);
  });

  it('keeps CSRF prevention on: a simple GET without a preflight header is refused', async () => {
    const response = await fetch(
      `${service.url}/graphql?query=${encodeURIComponent('{ graphStats { entityCount } }')}`,
    );
    expect(response.status).toBe(400);
  });
});
