import type { Service } from '../../src/http/service';
import { privateNeo4j } from '../support/neo4j';
import { eventually } from '../support/processes';
import { graphql, startTestService } from '../support/service';

// Its own Neo4j, so stopping it does not disturb the other test files.
describe('when Neo4j goes away', () => {
  const { neo4j, remove } = privateNeo4j('outage');
  let service: Service;

  beforeAll(async () => {
    await neo4j.start();
    service = await startTestService({ neo4jUri: neo4j.uri });
  }, 180000);
  afterAll(async () => {
    await service?.close();
    await remove();
  });

  it('answers 503 and SERVICE_UNAVAILABLE, then recovers by itself once Neo4j is back', async () => {
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
    await neo4j.stop();

    expect((await fetch(`${service.url}/readyz`)).status).toBe(503);
    const down = await graphql(service, '{ graphStats { entityCount } }');
    expect(down.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(down.body)).not.toMatch(/MATCH|stacktrace/);

    await neo4j.start();
    // The driver finds its pool's connections dead and reconnects: readiness follows within seconds.
    await eventually(
      '/readyz answers 200 again',
      async () => (await fetch(`${service.url}/readyz`)).status === 200,
      30000,
    );
    const up = await graphql<{ graphStats: { entityCount: number } }>(service, '{ graphStats { entityCount } }');
    expect(up.body.errors).toBeUndefined();
    expect(up.body.data?.graphStats.entityCount).toBeGreaterThanOrEqual(0);
  }, 240000);
});
