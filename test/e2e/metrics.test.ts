import type { Service } from '../../src/http/service';
import { uniquePrefix } from '../support/neo4j';
import { graphql, startTestService } from '../support/service';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * The Prometheus text format (0.0.4), strictly: HELP/TYPE comments, then samples
 * `name{label="value",…} number`, every sample belonging to a declared metric.
 */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      if (comment[1] === 'TYPE') {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(comment[3]);
        types.set(comment[2], comment[3]);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a Prometheus line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g)) {
      labels[name] = value;
    }
    const value = Number(sample[3].replace(/^\+Inf$/, 'Infinity'));
    if (Number.isNaN(value) && sample[3] !== 'NaN') throw new Error(`not a number: ${line}`);
    const base = sample[1].replace(/_(bucket|sum|count)$/, '');
    if (!types.has(sample[1]) && !types.has(base)) throw new Error(`sample of an undeclared metric: ${line}`);
    samples.push({ name: sample[1], labels, value });
  }
  return { types, samples };
}

describe('GET /metrics', () => {
  let service: Service;
  const p = uniquePrefix('metrics');
  const TOKEN = { authorization: 'Bearer metrics-secret' };

  beforeAll(async () => {
    service = await startTestService({ env: { API_KEYS: 'k:editor', METRICS_TOKEN: 'metrics-secret' } });
  });
  afterAll(async () => {
    await service.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p DETACH DELETE e', { p }));
    await service.close();
  });

  const scrape = async () => {
    const response = await fetch(`${service.url}/metrics`, { headers: TOKEN });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await response.text());
  };
  const value = (samples: Sample[], name: string, labels: Record<string, string> = {}): number =>
    samples
      .filter((sample) => sample.name === name)
      .filter((sample) => Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted))
      .reduce((sum, sample) => sum + sample.value, 0);

  it('needs the token when METRICS_TOKEN is set', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }];
    for (const headers of attempts) {
      const response = await fetch(`${service.url}/metrics`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it('parses as Prometheus text, and its counters move after requests', async () => {
    const before = await scrape();
    expect(before.types.get('entity_graph_graphql_requests_total')).toBe('counter');
    expect(before.types.get('entity_graph_graphql_request_duration_seconds')).toBe('histogram');
    expect(before.types.get('entity_graph_cypher_query_duration_seconds')).toBe('histogram');
    for (const gauge of [
      'entity_graph_neo4j_sessions_in_use',
      'entity_graph_neo4j_sessions_waiting',
      'entity_graph_neo4j_up',
      'entity_graph_local_neo4j_restarts',
      'entity_graph_subscriptions_active',
    ]) {
      expect(before.types.get(gauge)).toBe('gauge');
    }

    for (let round = 0; round < 2; round += 1) {
      const response = await graphql(service, 'query MetricsProbe { graphStats { entityCount } }');
      expect(response.body.errors).toBeUndefined();
    }
    const refused = await graphql(service, 'query MetricsRefused { entity(id: 1) { id } ... }');
    expect(refused.status).toBe(400);
    const written = await graphql(
      service,
      `
        mutation ($input: EntityInput!) {
          upsertEntity(input: $input) {
            id
          }
        }
      `,
      { input: { id: `${p}-one`, kind: 'COMPANY', name: 'One' } },
      { authorization: 'Bearer k' },
    );
    expect(written.body.errors).toBeUndefined();

    const after = await scrape();
    const requests = 'entity_graph_graphql_requests_total';
    const probe = { operation: 'MetricsProbe', code: 'OK' };
    expect(value(after.samples, requests, probe) - value(before.samples, requests, probe)).toBe(2);
    expect(
      value(after.samples, 'entity_graph_graphql_request_duration_seconds_count', probe) -
        value(before.samples, 'entity_graph_graphql_request_duration_seconds_count', probe),
    ).toBe(2);
    expect(value(after.samples, requests, { code: 'GRAPHQL_PARSE_FAILED' })).toBeGreaterThan(0);
    const reads = { mode: 'read', outcome: 'ok' };
    const cypher = 'entity_graph_cypher_query_duration_seconds_count';
    expect(value(after.samples, cypher, reads)).toBeGreaterThan(value(before.samples, cypher, reads));
    const imported = { target: 'entity', outcome: 'created' };
    const rows = 'entity_graph_import_rows_total';
    expect(value(after.samples, rows, imported) - value(before.samples, rows, imported)).toBe(1);
    expect(value(after.samples, 'entity_graph_neo4j_up')).toBe(1);
  });
});
