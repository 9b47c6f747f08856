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
    const placeCount = async (): Promise<number> => {
      const stats = await graphql<{ graphStats: { byKind: { kind: string; count: number }[] } }>(
        service,
        '{ graphStats { entityCount relationshipCount byKind { kind count } byType { type count } } }',
      );
      expect(stats.body.errors).toBeUndefined();
      return stats.body.data!.graphStats.byKind.find((row) => row.kind === 'PLACE')!.count;
    };
    // Other test files add and remove places meanwhile: a few tries find a quiet moment.
    const deltas: number[] = [];
    for (let attempt = 0; attempt < 5 && deltas.at(-1) !== 1; attempt += 1) {
      const id = `stats-probe-${Date.now()}-${attempt}`;
      const before = await placeCount();
      await service.runner.write((tx) =>
        tx.run("CREATE (:Entity:Place {id: $id, kind: 'PLACE', name: 'Probe'})", { id }),
      );
      try {
        deltas.push((await placeCount()) - before);
      } finally {
        await service.runner.write((tx) => tx.run('MATCH (e:Entity {id: $id}) DELETE e', { id }));
      }
    }
    expect(deltas.at(-1)).toBe(1);
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
