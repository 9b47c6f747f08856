import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ImportCounts, SessionGate } from '../store';

/** Operation names are the client's to choose: past this many distinct ones, the rest count as "other". */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface MetricSources {
  gate: SessionGate;
  /** Subscriptions being served now. */
  subscriptions(): number;
  /** WebSocket connections open now. */
  connections(): number;
  /** Restarts of the local Neo4j this process supervises (0 without one). */
  neo4jRestarts(): number;
}

/**
 * The service's Prometheus metrics, in a registry of its own (several services in one process,
 * as in tests, never share counters). Labels are bounded: operation names are capped, codes
 * and outcomes are ours.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly requests: Counter<'operation' | 'code'>;
  private readonly requestSeconds: Histogram<'operation' | 'code'>;
  private readonly cypherSeconds: Histogram<'mode' | 'outcome'>;
  private readonly importRows: Counter<'target' | 'outcome'>;
  private readonly neo4jUp: Gauge;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'entity_graph_' });
    this.requests = new Counter({
      name: 'entity_graph_graphql_requests_total',
      help: 'GraphQL requests by operation name and outcome code (OK or the first error code).',
      labelNames: ['operation', 'code'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'entity_graph_graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation name and outcome code.',
      labelNames: ['operation', 'code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.cypherSeconds = new Histogram({
      name: 'entity_graph_cypher_query_duration_seconds',
      help: 'Neo4j transactions: a read query, or a whole write transaction, by outcome.',
      labelNames: ['mode', 'outcome'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60],
      registers,
    });
    this.importRows = new Counter({
      name: 'entity_graph_import_rows_total',
      help: 'Rows written by committed imports (seed, ingest, upserts, importers), by target and outcome.',
      labelNames: ['target', 'outcome'],
      registers,
    });
    this.neo4jUp = new Gauge({
      name: 'entity_graph_neo4j_up',
      help: '1 when the last poll of the change feed reached Neo4j, else 0.',
      registers,
    });
    const gauge = (name: string, help: string, read: () => number): void =>
      void new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    gauge(
      'entity_graph_neo4j_sessions_in_use',
      'Neo4j sessions (pool connections) held now.',
      () => sources.gate.active,
    );
    gauge('entity_graph_neo4j_sessions_waiting', 'Requests queued for a Neo4j session.', () => sources.gate.queued);
    gauge('entity_graph_local_neo4j_restarts', 'Restarts of the supervised local Neo4j.', sources.neo4jRestarts);
    gauge('entity_graph_subscriptions_active', 'GraphQL subscriptions being served.', sources.subscriptions);
    gauge('entity_graph_websocket_connections', 'Open graphql-ws connections.', sources.connections);
  }

  setNeo4jUp(up: boolean): void {
    this.neo4jUp.set(up ? 1 : 0);
  }

  queryFinished(mode: 'read' | 'write', seconds: number, outcome: 'ok' | 'error'): void {
    this.cypherSeconds.observe({ mode, outcome }, seconds);
  }

  rowsImported(rows: ImportCounts): void {
    const add = (target: string, outcome: string, count: number): void => {
      if (count > 0) this.importRows.inc({ target, outcome }, count);
    };
    add('entity', 'created', rows.entitiesCreated);
    add('entity', 'updated', rows.entitiesUpdated);
    add('entity', 'unchanged', rows.entitiesUnchanged);
    add('relationship', 'created', rows.relationshipsCreated);
    add('relationship', 'updated', rows.relationshipsUpdated);
    add('relationship', 'unchanged', rows.relationshipsUnchanged);
  }

  private operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (!this.operationNames.has(name)) {
      if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
      this.operationNames.add(name);
    }
    return name;
  }

  /** Counts and times every GraphQL request over HTTP by operation name and outcome code. */
  apolloPlugin<Context extends object>(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async () => {
        const started = performance.now();
        return {
          willSendResponse: async ({ response, request, operationName }) => {
            const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
            const code = errors?.length ? String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'OK';
            const labels = { operation: this.operationLabel(operationName ?? request.operationName), code };
            this.requests.inc(labels);
            this.requestSeconds.observe(labels, (performance.now() - started) / 1000);
          },
        };
      },
    };
  }
}
