import { Neo4jError } from 'neo4j-driver';
import type { Service } from '../../src/http/service';
import { InvalidInputError } from '../../src/model/errors';
import { connectTestDb, uniquePrefix } from '../support/neo4j';
import { graphql, startTestService, type GraphQLResponse } from '../support/service';

const EDITOR = { authorization: 'Bearer k' };
const UPSERT_RELATIONSHIP = `mutation($input: RelationshipInput!) { upsertRelationship(input: $input) { id type } }`;

/** Every error code in the responses, one entry per error. */
const codesOf = (responses: readonly GraphQLResponse[]): string[] =>
  responses.flatMap((response) => (response.body.errors ?? []).map((error) => String(error.extensions?.code)));

const succeeded = (responses: readonly GraphQLResponse[]): GraphQLResponse[] =>
  responses.filter((response) => response.body.errors === undefined && response.body.data);

describe('concurrent writers and readers through HTTP', () => {
  let service: Service;
  const p = uniquePrefix('concurrency');
  const article = `${p}-article`;
  const company = (name: string): string => `${p}-${name}`;

  const relationshipInput = (id: string, type: string, from: string, to: string) => ({
    id,
    type,
    from,
    to,
    status: 'ACTIVE',
    evidence: [{ article, quote: 'They are said to be linked.' }],
  });

  beforeAll(async () => {
    service = await startTestService({ env: { API_KEYS: 'k:editor' } });
    const setup = await graphql(
      service,
      `
        mutation ($input: IngestInput!) {
          ingest(input: $input) {
            entitiesCreated
          }
        }
      `,
      {
        input: {
          article: { id: article, kind: 'ARTICLE', name: 'Rivals', title: 'Rivals', publishedAt: '2024-01-01' },
          entities: ['canon', 'newco', 'left', 'right', 'doomed', 'keeper'].map((name) => ({
            id: company(name),
            kind: 'COMPANY',
            name,
          })),
        },
      },
      EDITOR,
    );
    expect(setup.body.errors).toBeUndefined();
  });
  afterAll(async () => {
    await service.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p DETACH DELETE e', { p }));
    await service.close();
  });

  it('leaves exactly one node after 100 identical upsertEntity calls at once', async () => {
    const id = company('twin');
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        graphql(
          service,
          `mutation { upsertEntity(input: { id: "${id}", kind: COMPANY, name: "Twin" }) { id } }`,
          {},
          EDITOR,
        ),
      ),
    );
    expect(codesOf(responses)).toEqual([]);
    const [row] = await service.runner.read<{ nodes: number }>('MATCH (e:Entity {id: $id}) RETURN count(e) AS nodes', {
      id,
    });
    expect(row.nodes).toBe(1);
  });

  it('stores a symmetric fact stated 60 times at once, under distinct ids and both ways round, once', async () => {
    const [canon, newco] = [company('canon'), company('newco')];
    const responses = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        graphql(
          service,
          UPSERT_RELATIONSHIP,
          {
            input: relationshipInput(
              `${p}-rivals-${index}`,
              'COMPETES_WITH',
              index % 2 === 0 ? canon : newco,
              index % 2 === 0 ? newco : canon,
            ),
          },
          EDITOR,
        ),
      ),
    );
    const [row] = await service.runner.read<{ edges: number }>(
      'MATCH (:Entity {id: $canon})-[r:COMPETES_WITH]-(:Entity {id: $newco}) RETURN count(DISTINCT r) AS edges',
      { canon, newco },
    );
    expect(row.edges).toBe(1);
    expect(succeeded(responses)).toHaveLength(1);
    expect(codesOf(responses)).toEqual(Array(59).fill('CONFLICT'));
  });

  it('keeps one relationship id under one type when three types claim it at once', async () => {
    const [left, right] = [company('left'), company('right')];
    const id = `${p}-contested`;
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        graphql(
          service,
          UPSERT_RELATIONSHIP,
          { input: relationshipInput(id, ['COMPETES_WITH', 'PARTNER_OF', 'SUPPLIES'][index % 3], left, right) },
          EDITOR,
        ),
      ),
    );
    const stored = await service.runner.read<{ type: string }>('MATCH ()-[r {id: $id}]->() RETURN type(r) AS type', {
      id,
    });
    expect(stored).toHaveLength(1);
    const winners = succeeded(responses) as GraphQLResponse<{ upsertRelationship: { type: string } }>[];
    expect(winners.length).toBeGreaterThanOrEqual(1);
    for (const winner of winners) expect(winner.body.data?.upsertRelationship.type).toBe(stored[0].type);
    expect(codesOf(responses)).toEqual(Array(12 - winners.length).fill('CONFLICT'));
  });

  it('lets deletes race upserts of the same relationship and its endpoint without an internal error', async () => {
    const [doomed, keeper] = [company('doomed'), company('keeper')];
    const id = `${p}-raced`;
    const upsert = () =>
      graphql(service, UPSERT_RELATIONSHIP, { input: relationshipInput(id, 'SUPPLIES', keeper, doomed) }, EDITOR);
    const responses = await Promise.all([
      ...Array.from({ length: 10 }, upsert),
      ...Array.from({ length: 5 }, () => graphql(service, `mutation { deleteRelationship(id: "${id}") }`, {}, EDITOR)),
      ...Array.from({ length: 10 }, upsert),
      graphql(service, `mutation { deleteEntities(ids: ["${doomed}"]) { entitiesDeleted } }`, {}, EDITOR),
      ...Array.from({ length: 10 }, upsert),
    ]);
    // Once the endpoint is gone, later upserts are refused as input (unknown entity) or as a clash.
    for (const code of codesOf(responses)) expect(['BAD_USER_INPUT', 'CONFLICT']).toContain(code);
    const [row] = await service.runner.read<{ doomed: number; edges: number }>(
      `RETURN COUNT { MATCH (e:Entity {id: $doomed}) } AS doomed, COUNT { MATCH ()-[r {id: $id}]->() } AS edges`,
      { doomed, id },
    );
    expect(row.edges).toBeLessThanOrEqual(row.doomed);
  });

  it('answers 300 concurrent reads, all with data', async () => {
    const responses = await Promise.all(
      Array.from({ length: 300 }, () =>
        graphql<{ entity: { id: string; degree: number } }>(
          service,
          `{ entity(id: "${company('canon')}") { id degree } }`,
        ),
      ),
    );
    expect(codesOf(responses)).toEqual([]);
    for (const response of responses) expect(response.body.data?.entity).toEqual({ id: company('canon'), degree: 1 });
  });

  it('refuses a request beyond a full queue with SERVICE_UNAVAILABLE and Retry-After, never an internal error', async () => {
    const busy = await startTestService({
      env: {
        API_KEYS: 'k:editor',
        NEO4J_MAX_CONCURRENCY: '1',
        NEO4J_QUEUE_LIMIT: '2',
        NEO4J_QUEUE_TIMEOUT_MS: '60000',
        // The change feed's tailer shares the gate: polling once a minute, it stays out of the count.
        CHANGE_POLL_MS: '60000',
      },
    });
    // Deterministic, whatever the load: our open transaction holds the new id's index entry, so
    // an upsert of that id keeps the one session until we roll back; two reads then fill the queue.
    const db = await connectTestDb();
    const holder = db.driver.session();
    const held = await holder.beginTransaction();
    const blockedId = company('queue-holder');
    const until = async (what: string, check: () => boolean): Promise<void> => {
      for (let tries = 0; !check(); tries += 1) {
        if (tries > 1200) throw new Error(`timed out waiting until ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      // Start-up work shares the gate too (the tailer's first poll, planning the entity page ahead):
      // a second without a session in use means it is over.
      let idleSince = Date.now();
      await until('start-up work is over', () => {
        if (busy.runner.gate.active > 0) idleSince = Date.now();
        return Date.now() - idleSince > 1000;
      });
      await held.run("CREATE (:Entity:Company {id: $id, kind: 'COMPANY', name: 'Held'})", { id: blockedId });
      const upsert = graphql(
        busy,
        `mutation { upsertEntity(input: { id: "${blockedId}", kind: COMPANY, name: "Held" }) { id } }`,
        {},
        EDITOR,
      );
      await until('the upsert holds the only session', () => busy.runner.gate.active === 1);
      const read = () => graphql(busy, `{ entity(id: "${company('canon')}") { id name } }`);
      const queued = [read(), read()];
      await until('two reads wait', () => busy.runner.gate.queued === 2);
      const refused = await read();
      expect(refused.body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/busy.*retry/i),
        extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: expect.any(Number) },
      });
      // A deliberate 503 that tells clients and proxies when to come back, never a 500.
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe(String(refused.body.errors?.[0]?.extensions?.retryAfterSeconds));
      await held.rollback();
      const done = await Promise.all([upsert, ...queued]);
      expect(codesOf(done)).toEqual([]);
      expect(succeeded(done)).toHaveLength(3);
    } finally {
      await holder.close();
      await db.runner.write((tx) => tx.run('MATCH (e:Entity {id: $id}) DETACH DELETE e', { id: blockedId }));
      await db.close();
      await busy.close();
    }
  });
});

describe('write retries', () => {
  it('re-runs the work after a transient error (a deadlock), but never after our own errors', async () => {
    const db = await connectTestDb();
    try {
      let attempts = 0;
      const answer = await db.runner.write(async (tx) => {
        attempts += 1;
        await tx.run('RETURN 1');
        if (attempts === 1) throw new Neo4jError('deadlock', 'Neo.TransientError.Transaction.DeadlockDetected', '', '');
        return 'done';
      });
      expect([answer, attempts]).toEqual(['done', 2]);

      let refusals = 0;
      const refused = db.runner.write(async () => {
        refusals += 1;
        throw new InvalidInputError('bad document');
      });
      await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
      expect(refusals).toBe(1);
    } finally {
      await db.close();
    }
  });
});
