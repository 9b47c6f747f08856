import type { Driver } from 'neo4j-driver';
import type { CypherRunner } from '../src/store/cypher-runner';
import { CypherCapture, replay, statementCount, type Recording } from './capture';
import { PAGE_QUERY, type BenchQuery } from './queries';
import { percentile, timeRuns } from './stats';

/*
 * Latency, A/B interleaved: each run times the request's recorded Cypher through a plain driver,
 * then the GraphQL request over HTTP, so the machine's noise falls on both alike.
 */

export interface Percentiles {
  p50: number;
  p99: number;
}

export interface QueryFigures {
  name: string;
  /** Cypher statements one request runs (the most over its variable sets). */
  roundTrips: number;
  graphql: Percentiles;
  driver: Percentiles;
  /** GraphQL p50 ÷ driver p50. */
  overhead: number;
}

/** A query that failed (e.g. over its caps) is reported, not fatal to the run. */
export interface QueryFailure {
  name: string;
  error: string;
}

export interface LatencyTarget {
  url: string;
  /** The service's runner: its query count checks each recording is complete. */
  runner: CypherRunner;
  capture: CypherCapture;
  /** A driver of its own for the replays. */
  driver: Driver;
  database: string;
}

export async function postGraphql<T>(url: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: { message: string }[]; data?: T };
  if (body.errors || !body.data)
    throw new Error(body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`);
  return body.data;
}

const percentiles = (samples: readonly number[]): Percentiles => ({
  p50: percentile(samples, 50),
  p99: percentile(samples, 99),
});

/** The `after` cursor of the page halfway down `id`'s chain (at most `maxPages` pages down), if it has two pages. */
export async function deepCursor(
  url: string,
  id: string,
  degree: number,
  maxPages: number,
): Promise<string | undefined> {
  const pages = Math.min(Math.floor(degree / 50 / 2), maxPages);
  let after: string | undefined;
  for (let page = 0; page < pages; page += 1) {
    type Page = { entity: { relationships: { pageInfo: { endCursor: string | null; hasNextPage: boolean } } } };
    const data: Page = await postGraphql<Page>(url, PAGE_QUERY, { id, after });
    const { endCursor, hasNextPage } = data.entity.relationships.pageInfo;
    if (!hasNextPage || !endCursor) break;
    after = endCursor;
  }
  return after;
}

/** Records what one request runs; retried when a background query slipped into the recording. */
async function recordRequest(target: LatencyTarget, request: () => Promise<unknown>): Promise<Recording> {
  for (let attempt = 0; ; attempt += 1) {
    const before = target.runner.queryCount;
    const recording = await target.capture.record(request);
    if (statementCount(recording) === target.runner.queryCount - before || attempt === 3) return recording;
  }
}

async function measureQuery(
  target: LatencyTarget,
  query: BenchQuery,
  runs: number,
  warmup: number,
): Promise<QueryFigures> {
  const viaGraphql = (variables: Record<string, unknown>) => () => postGraphql(target.url, query.query, variables);
  for (const variables of query.variants) await timeRuns(warmup, viaGraphql(variables));
  const recordings: Recording[] = [];
  for (const variables of query.variants) recordings.push(await recordRequest(target, viaGraphql(variables)));
  const viaDriver = (recording: Recording) => () => replay(target.driver, target.database, recording);
  for (const recording of recordings) await timeRuns(warmup, viaDriver(recording));
  const graphql: number[] = [];
  const driver: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const variant = run % query.variants.length;
    driver.push(...(await timeRuns(1, viaDriver(recordings[variant]))));
    graphql.push(...(await timeRuns(1, viaGraphql(query.variants[variant]))));
  }
  const figures = { graphql: percentiles(graphql), driver: percentiles(driver) };
  return {
    name: query.name,
    roundTrips: Math.max(...recordings.map(statementCount)),
    ...figures,
    overhead: figures.graphql.p50 / figures.driver.p50,
  };
}

export async function measureQueries(
  target: LatencyTarget,
  queries: BenchQuery[],
  runs: number,
  warmup: number,
  log: (message: string) => void,
): Promise<{ figures: QueryFigures[]; failures: QueryFailure[] }> {
  const figures: QueryFigures[] = [];
  const failures: QueryFailure[] = [];
  for (const query of queries) {
    try {
      const measured = await measureQuery(target, query, runs, warmup);
      figures.push(measured);
      log(
        `bench: ${query.name}: GraphQL p50 ${measured.graphql.p50.toFixed(2)} ms, driver p50 ${measured.driver.p50.toFixed(2)} ms, ${measured.roundTrips} statements`,
      );
    } catch (error) {
      failures.push({ name: query.name, error: error instanceof Error ? error.message : String(error) });
      log(`bench: ${query.name} failed: ${failures[failures.length - 1].error}`);
    }
  }
  return { figures, failures };
}
