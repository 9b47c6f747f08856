import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { REPO_ROOT } from '../../src/paths';
import type { Service } from '../../src/http/service';
import { loadSeedFile } from '../../src/store/seed';
import { uniquePrefix } from '../support/neo4j';
import { eventually } from '../support/processes';
import { graphql, startTestService } from '../support/service';
import { collect, liveClient, type LiveClient } from '../support/ws';

const EDITOR = { authorization: 'Bearer k' };

interface ChangeEvent {
  seq: number;
  op: string;
  target: string;
  id: string;
  relationshipType: string | null;
  entityIds: string[];
  state: Record<string, unknown>;
}

const CHANGE_FIELDS = 'seq op target id relationshipType entityIds state';

interface ExposureEvent {
  seq: number;
  snapshot: boolean;
  entered: { entity: { id: string }; list: { id: string }; path: { nodes: { id: string }[] } }[];
  left: { entity: { id: string } }[];
}

const EXPOSURE_CHANGED = `subscription($id: ID!, $after: SafeInt) {
  exposureChanged(id: $id, maxHops: 2, after: $after) {
    seq snapshot
    entered { entity { id } list { id } path { nodes { id } } }
    left { entity { id } }
  }
}`;

/** `entity-graph seed --file` in a process of its own: the CLI importer. */
function seedCommand(file: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      ['src/cli/main.ts', 'seed', '--file', file],
      { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 120000 },
      (error, _stdout, stderr) => resolve({ code: error ? 1 : 0, stderr }),
    );
  });
}

describe('subscriptions over graphql-ws, fed by the change feed', () => {
  let service: Service;
  const p = uniquePrefix('live');
  const id = (name: string): string => `${p}-${name}`;
  const article = id('article');
  const clients: LiveClient[] = [];
  /** null: no key at all. */
  const open = (authorization: string | null = 'Bearer r'): LiveClient => {
    const live = liveClient(service.url, authorization ?? undefined);
    clients.push(live);
    return live;
  };

  const mutate = async (query: string, variables: Record<string, unknown> = {}): Promise<void> => {
    const response = await graphql(service, query, variables, EDITOR);
    expect(response.body.errors).toBeUndefined();
  };
  const upsertCompany = (name: string, description = 'A company.') =>
    mutate(`mutation($input: EntityInput!) { upsertEntity(input: $input) { id } }`, {
      input: { id: id(name), kind: 'COMPANY', name, description },
    });
  const latestSeq = async (): Promise<number> => {
    const response = await graphql<{ changes: { latestSeq: number } }>(service, '{ changes(first: 0) { latestSeq } }');
    return (response.body.data as { changes: { latestSeq: number } }).changes.latestSeq;
  };

  beforeAll(async () => {
    service = await startTestService({ env: { API_KEYS: 'k:editor,r:reader', CHANGE_POLL_MS: '100' } });
    await loadSeedFile(service.runner);
    await mutate(`mutation($input: IngestInput!) { ingest(input: $input) { entitiesCreated } }`, {
      input: { article: { id: article, kind: 'ARTICLE', name: 'Live', title: 'Live', publishedAt: '2024-01-01' } },
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((live) => live.dispose()));
    await service.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p DETACH DELETE e', { p }));
    await service.close();
  });

  it('delivers a mutation to a subscriber, and the feed query shows it', async () => {
    const after = await latestSeq();
    const received = collect<ChangeEvent>(
      open(),
      'entityChanged',
      `subscription($ids: [ID!], $after: SafeInt) { entityChanged(ids: $ids, after: $after) { ${CHANGE_FIELDS} } }`,
      { ids: [id('acme')], after },
    );
    await upsertCompany('acme');
    const [event] = await received.until('the CREATED event', (events) => events.length >= 1);
    expect(event).toMatchObject({ op: 'CREATED', target: 'ENTITY', id: id('acme'), entityIds: [id('acme')] });
    expect(event.state).toMatchObject({ id: id('acme'), kind: 'COMPANY', name: 'acme' });
    expect(event.seq).toBeGreaterThan(after);

    // The same upsert again changes nothing, so it records nothing.
    await upsertCompany('acme');
    const feed = await graphql<{ changes: { edges: { cursor: string; node: ChangeEvent }[]; totalCount: number } }>(
      service,
      `
        query ($after: String) {
          changes(after: $after, first: 10) {
            totalCount
            edges {
              cursor
              node {
                seq
                op
                id
              }
            }
          }
        }
      `,
      { after: String(after) },
    );
    const edges = feed.body.data?.changes.edges ?? [];
    expect(edges.filter((edge) => edge.node.id === id('acme')).map((edge) => edge.node.op)).toEqual(['CREATED']);
    expect(edges[0].cursor).toBe(String(edges[0].node.seq));
  });

  it('replays what a client missed when it reconnects with after, then goes on live', async () => {
    const first = open();
    const seen = collect<ChangeEvent>(
      first,
      'relationshipChanged',
      `subscription($entity: ID, $after: SafeInt) { relationshipChanged(entity: $entity, after: $after) { ${CHANGE_FIELDS} } }`,
      { entity: id('beta'), after: await latestSeq() },
    );
    await upsertCompany('beta');
    await upsertCompany('gamma');
    const relationship = (rid: string, status: string) => ({
      input: {
        id: id(rid),
        type: 'PARTNER_OF',
        from: id('beta'),
        to: id('gamma'),
        status,
        evidence: [{ article, quote: 'They work together.' }],
      },
    });
    const upsert = `mutation($input: RelationshipInput!) { upsertRelationship(input: $input) { id } }`;
    await mutate(upsert, relationship('beta-gamma', 'ACTIVE'));
    const [created] = await seen.until('the first relationship event', (events) => events.length >= 1);
    expect(created).toMatchObject({
      op: 'CREATED',
      relationshipType: 'PARTNER_OF',
      entityIds: [id('beta'), id('gamma')],
    });
    seen.stop();
    await first.dispose();

    // Missed while disconnected: an update and a delete.
    await mutate(upsert, relationship('beta-gamma', 'ENDED'));
    await mutate(`mutation($id: ID!) { deleteRelationship(id: $id) }`, { id: id('beta-gamma') });

    const again = collect<ChangeEvent>(
      open(),
      'relationshipChanged',
      `subscription($entity: ID, $after: SafeInt) { relationshipChanged(entity: $entity, types: [PARTNER_OF], after: $after) { ${CHANGE_FIELDS} } }`,
      { entity: id('beta'), after: created.seq },
    );
    await again.until('the two missed events', (events) => events.length >= 2);
    await mutate(upsert, relationship('beta-gamma-2', 'ACTIVE'));
    const events = await again.until('the live event after the replay', (received) => received.length >= 3);
    expect(events.map((event) => [event.op, event.id])).toEqual([
      ['UPDATED', id('beta-gamma')],
      ['DELETED', id('beta-gamma')],
      ['CREATED', id('beta-gamma-2')],
    ]);
    expect(events[0].state).toMatchObject({ status: 'ENDED' });
    expect(events.map((event) => event.seq)).toEqual([...events.map((event) => event.seq)].sort((a, b) => a - b));
  });

  it('fires exposureChanged with the path when an ingest makes a competitor of a listed company exposed', async () => {
    // A listed company and list of this file's own: other files page the seed's Hikvision meanwhile.
    await mutate(`mutation($input: IngestInput!) { ingest(input: $input) { relationshipsCreated } }`, {
      input: {
        article: {
          id: id('list-article'),
          kind: 'ARTICLE',
          name: 'Listing',
          title: 'Listing',
          publishedAt: '2024-01-15',
        },
        entities: [
          { id: id('listed'), kind: 'COMPANY', name: 'Listed' },
          { id: id('list'), kind: 'SANCTIONS_LIST', name: 'Live List' },
        ],
        relationships: [
          {
            id: id('listed-on'),
            type: 'LISTED_ON',
            from: id('listed'),
            to: id('list'),
            status: 'ACTIVE',
            evidence: [{ quote: 'Listed is on the list.' }],
          },
        ],
      },
    });
    await upsertCompany('rival');
    const live = open();
    const alerts = collect<ExposureEvent>(live, 'exposureChanged', EXPOSURE_CHANGED, { id: id('rival') });
    // A snapshot subscription on the same connection tells us the watch is registered.
    const snapshot = collect<ExposureEvent>(live, 'exposureChanged', EXPOSURE_CHANGED, {
      id: id('rival'),
      after: await latestSeq(),
    });
    const [first] = await snapshot.until('the snapshot', (events) => events.length >= 1);
    expect(first).toMatchObject({ snapshot: true, entered: [], left: [] });

    await mutate(`mutation($input: IngestInput!) { ingest(input: $input) { relationshipsCreated } }`, {
      input: {
        article: { id: id('rival-article'), kind: 'ARTICLE', name: 'Rival', title: 'Rival', publishedAt: '2024-02-01' },
        relationships: [
          {
            id: id('rival-competes-listed'),
            type: 'COMPETES_WITH',
            from: id('rival'),
            to: id('listed'),
            status: 'ACTIVE',
            evidence: [{ quote: 'Rival competes with Listed.' }],
          },
        ],
      },
    });
    const [alert] = await alerts.until('the exposure alert', (events) => events.length >= 1);
    expect(alert.snapshot).toBe(false);
    const listing = alert.entered.find((item) => item.entity.id === id('listed') && item.list.id === id('list'));
    expect(listing?.path.nodes.map((node) => node.id)).toEqual([id('rival'), id('listed')]);
    expect(alert.left).toEqual([]);

    // Ending the rivalry takes the listing out again.
    await mutate(`mutation($id: ID!) { deleteRelationship(id: $id) }`, { id: id('rival-competes-listed') });
    const events = await alerts.until('the exposure leaving', (received) => received.length >= 2);
    expect(events[1].left.map((item) => item.entity.id)).toContain(id('listed'));
  });

  it("delivers the import CLI's writes to subscribers", async () => {
    const received = collect<ChangeEvent>(
      open(),
      'entityChanged',
      `subscription($ids: [ID!], $after: SafeInt) { entityChanged(ids: $ids, after: $after) { ${CHANGE_FIELDS} } }`,
      { ids: [id('imported')], after: await latestSeq() },
    );
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'entity-graph-live-')), 'doc.json');
    writeFileSync(
      file,
      JSON.stringify({ entities: [{ id: id('imported'), kind: 'COMPANY', name: 'Imported' }], relationships: [] }),
    );
    const run = await seedCommand(file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [event] = await received.until('the imported entity', (events) => events.length >= 1);
    expect(event).toMatchObject({ op: 'CREATED', id: id('imported') });
  }, 150000);

  it('closes with 4401 without a key or with an unknown one, and runs the same limits as queries', async () => {
    for (const authorization of [null, 'Bearer nope']) {
      const live = open(authorization);
      const received = collect<ChangeEvent>(live, 'entityChanged', `subscription { entityChanged { id } }`);
      await eventually('the close', () => live.closeCodes.length > 0, 20000);
      expect(live.closeCodes).toEqual([4401]);
      expect(received.events).toEqual([]);
    }
    const live = open();
    const tooDeep = collect(
      live,
      'exposureChanged',
      `subscription { exposureChanged(id: "hikvision") { entered { path { nodes { relationships(first: 500) { edges { node { from { relationships(first: 500) { totalCount } } } } } } } } } }`,
    );
    await eventually('the refusal', () => tooDeep.errors.length > 0, 20000);
    expect(JSON.stringify(tooDeep.errors)).toContain('QUERY_TOO_COMPLEX');
  });

  it('refuses a subscription over plain HTTP', async () => {
    const response = await graphql(service, 'subscription { entityChanged { id } }', {}, EDITOR);
    expect(response.body.errors?.length).toBeGreaterThan(0);
  });
});

describe('subscription bounds', () => {
  let service: Service;
  const p = uniquePrefix('live-bounds');

  beforeAll(async () => {
    service = await startTestService({
      env: {
        API_KEYS: 'k:editor,r:reader',
        CHANGE_POLL_MS: '100',
        SUBSCRIPTION_BUFFER: '5',
        MAX_CONNECTIONS_PER_KEY: '2',
        MAX_SUBSCRIPTIONS_PER_CONNECTION: '1',
      },
    });
  });
  afterAll(async () => {
    await service.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p DETACH DELETE e', { p }));
    await service.close();
  });

  it('cuts off a consumer that falls behind its buffer with 1013', async () => {
    const socket = new WebSocket(`${service.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const acknowledged = new Promise<void>((resolve) => socket.on('message', () => resolve()));
    await new Promise<void>((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer r' } }));
    await acknowledged;
    socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: { query: 'subscription { entityChanged { id state } }' },
      }),
    );
    const metric = async (): Promise<string> => (await fetch(`${service.url}/metrics`)).text();
    await eventually(
      'the subscription to be served',
      async () => /subscriptions_active 1\b/.test(await metric()),
      20000,
    );
    // It stops reading; a burst of changes is more than it may have waiting.
    socket.pause();
    const response = await graphql(
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
          article: { id: `${p}-a`, kind: 'ARTICLE', name: 'Burst', title: 'Burst', publishedAt: '2024-01-01' },
          entities: Array.from({ length: 50 }, (_, index) => ({
            id: `${p}-${index}`,
            kind: 'COMPANY',
            name: `C${index}`,
          })),
        },
      },
      EDITOR,
    );
    expect(response.body.errors).toBeUndefined();
    await eventually(
      'the subscription to be dropped',
      async () => /subscriptions_active 0\b/.test(await metric()),
      20000,
    );
    socket.resume();
    expect(await closed).toBe(1013);
  });

  it('limits subscriptions per connection and connections per key', async () => {
    // Only an entity nobody writes: other test files' bursts must not cut these off as slow (buffer 5).
    const QUIET = `subscription { entityChanged(ids: ["${p}-quiet"]) { id } }`;
    const first = liveClient(service.url, 'Bearer r');
    const one = collect(first, 'entityChanged', QUIET);
    const two = collect(first, 'entityChanged', QUIET);
    await eventually('the second to be refused', () => two.errors.length > 0, 20000);
    expect(JSON.stringify(two.errors)).toContain('"limit":"subscriptions"');
    expect(one.errors).toEqual([]);

    const second = liveClient(service.url, 'Bearer r');
    collect(second, 'entityChanged', QUIET);
    const third = liveClient(service.url, 'Bearer r');
    collect(third, 'entityChanged', QUIET);
    await eventually('the third connection to be closed', () => third.closeCodes.length > 0, 20000);
    expect(third.closeCodes).toEqual([4429]);
    await Promise.all([first, second, third].map((live) => live.dispose()));
  });
});
