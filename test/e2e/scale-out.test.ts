import { startServiceProcess, type ServiceProcess } from '../support/service';
import { uniquePrefix } from '../support/neo4j';
import { killIfRunning } from '../support/processes';
import { collect, liveClient, type LiveClient } from '../support/ws';

/** Two service processes on the run's Neo4j: what one writes, the other's subscribers receive. */
describe('two instances on one Neo4j', () => {
  const p = uniquePrefix('scale-out');
  const env = { API_KEYS: 'k:editor,r:reader', CHANGE_POLL_MS: '200' };
  let a: ServiceProcess;
  let b: ServiceProcess;
  let live: LiveClient | undefined;

  beforeAll(async () => {
    [a, b] = await Promise.all([startServiceProcess(env), startServiceProcess(env)]);
  }, 180000);
  afterAll(async () => {
    await live?.dispose();
    await Promise.all([a?.stop(), b?.stop()]);
    killIfRunning(a?.pid);
    killIfRunning(b?.pid);
  });

  const post = async (url: string, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, { latestSeq?: number }>; errors?: unknown[] };
  };

  it('delivers a write through one instance to a subscriber on the other', async () => {
    const position = await post(b.url, '{ changes(first: 0) { latestSeq } }');
    expect(position.errors).toBeUndefined();
    live = liveClient(b.url, 'Bearer r');
    const received = collect<{ id: string; op: string }>(
      live,
      'entityChanged',
      'subscription($ids: [ID!], $after: SafeInt) { entityChanged(ids: $ids, after: $after) { id op } }',
      { ids: [`${p}-acme`], after: position.data?.changes.latestSeq },
    );
    const written = await post(a.url, `mutation($input: EntityInput!) { upsertEntity(input: $input) { id } }`, {
      input: { id: `${p}-acme`, kind: 'COMPANY', name: 'Acme' },
    });
    expect(written.errors).toBeUndefined();
    const events = await received.until('the event on the other instance', (seen) => seen.length >= 1, 60000);
    expect(events[0]).toEqual({ id: `${p}-acme`, op: 'CREATED' });
    await post(a.url, `mutation($id: ID!) { deleteEntity(id: $id) }`, { id: `${p}-acme` });
    await received.until('the delete', (seen) => seen.length >= 2, 60000);
    expect(received.events[1]).toEqual({ id: `${p}-acme`, op: 'DELETED' });
  }, 120000);
});
