import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { REPO_ROOT } from '../src/paths';

/*
 * Throughput at fixed concurrency (autocannon) of this service and of @neo4j/graphql 7, each in a
 * process of its own on the same Neo4j, on relationship pages both can express. Both are warmed
 * up, runs alternate (the order flips each round), and the bodies are checked to carry the same
 * edges first. Our process's peak RSS is read from /proc when it stops.
 */

export interface Load {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  /** Transport errors and non-2xx answers. */
  errors: number;
}

export interface ThroughputFigures {
  name: string;
  ours: Load;
  peer: Load;
  /** Our requests/s ÷ theirs. */
  ratio: number;
}

export interface ThroughputResult {
  connections: number;
  seconds: number;
  rounds: number;
  queries: ThroughputFigures[];
  /** Shared queries not timed because one side did not answer them (e.g. over a memory cap). */
  failures: { name: string; error: string }[];
  /** VmHWM of the service's own process over the throughput runs, MB. */
  servicePeakRssMb: number;
  peerPeakRssMb: number;
}

export interface SharedQuery {
  name: string;
  id: string;
  /** Registry type, and the peer's matching connection field (incoming edges of that type). */
  type: 'OWNS' | 'DIRECTS';
  peerField: 'ownersConnection' | 'directorsConnection';
}

const ourQuery = (type: string): string => `query($id: ID!) { entity(id: $id) { id name
  relationships(types: [${type}], direction: INCOMING, first: 50) { totalCount pageInfo { endCursor hasNextPage }
  edges { node { id status since from { id name } } } } } }`;

const peerQuery = (field: string): string => `query($id: ID!) { entities(where: { id: { eq: $id } }) { id name
  ${field}(first: 50, sort: [{ edge: { id: ASC } }]) { totalCount pageInfo { endCursor hasNextPage }
  edges { properties { id status since } node { id name } } } } }`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A TypeScript entry point in a node process of its own (tsx as a loader, so the pid is the
 * server's), in production mode as the Docker image runs (graphql-js skips its dev-only checks).
 * Both servers inherit the bench's NODE_OPTIONS (its young-generation size), so they run alike.
 */
function spawnTs(file: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

async function untilAnswers(url: string, child: ChildProcess, init?: RequestInit): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with code ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${url}: no answer within 120 s`);
    try {
      if ((await fetch(url, init)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const peakRssMb = (pid: number | undefined): number => {
  const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
};

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Target {
  url: string;
  body: string;
}

async function load(target: Target, connections: number, seconds: number): Promise<Load> {
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: target.body,
    connections,
    duration: seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

type OurBody = { data?: { entity?: { relationships: { edges: { node: { id: string } }[] } } } };
type PeerBody = { data?: { entities?: Record<string, { edges: { properties: { id: string } }[] }>[] } };

/** Edge ids of one answer of each side: they must match, in order, before anything is timed. */
async function checkBodies(ours: Target, peer: Target, query: SharedQuery): Promise<number> {
  const answer = async (target: Target): Promise<unknown> =>
    (
      await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: target.body })
    ).json();
  const ourIds = ((await answer(ours)) as OurBody).data?.entity?.relationships.edges.map((edge) => edge.node.id);
  const peerAnswer = (await answer(peer)) as PeerBody;
  const peerIds = peerAnswer.data?.entities?.[0]?.[query.peerField]?.edges.map((edge) => edge.properties.id);
  if (!ourIds || !peerIds || ourIds.join() !== peerIds.join() || ourIds.length === 0) {
    throw new Error(
      `${query.name}: the two bodies differ (ours ${ourIds?.length ?? 'none'} edges, theirs ${peerIds?.length ?? JSON.stringify(peerAnswer).slice(0, 300)})`,
    );
  }
  return ourIds.length;
}

const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const combine = (loads: Load[]): Load => ({
  requestsPerSecond: Math.round(mean(loads.map((l) => l.requestsPerSecond))),
  latencyP50: mean(loads.map((l) => l.latencyP50)),
  latencyP99: Math.max(...loads.map((l) => l.latencyP99)),
  errors: loads.reduce((sum, l) => sum + l.errors, 0),
});

export async function measureThroughput(
  neo4jUri: string,
  queries: SharedQuery[],
  options: { connections: number; seconds: number; rounds: number },
  log: (message: string) => void,
): Promise<ThroughputResult> {
  const [ourPort, peerPort] = [await freePort(), await freePort()];
  const service = spawnTs(path.join('src', 'cli', 'main.ts'), ['serve'], {
    NEO4J_URI: neo4jUri,
    PORT: String(ourPort),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '0',
    CHANGE_POLL_MS: '60000',
  });
  const peer = spawnTs(path.join('bench', 'peer-server.ts'), [], { NEO4J_URI: neo4jUri, PORT: String(peerPort) });
  // A bench stopped by a signal must not leave the two servers running.
  const killBoth = (): void => void [service, peer].forEach((child) => child.kill());
  process.once('exit', killBoth);
  try {
    const ourUrl = `http://127.0.0.1:${ourPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}/`;
    await untilAnswers(`${ourUrl}/readyz`, service);
    await untilAnswers(peerUrl, peer, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    const figures: ThroughputFigures[] = [];
    const failures: ThroughputResult['failures'] = [];
    for (const query of queries) {
      const variables = { id: query.id };
      const ours = { url: `${ourUrl}/graphql`, body: JSON.stringify({ query: ourQuery(query.type), variables }) };
      const theirs = { url: peerUrl, body: JSON.stringify({ query: peerQuery(query.peerField), variables }) };
      let edges: number;
      try {
        edges = await checkBodies(ours, theirs, query);
      } catch (error) {
        // Reported with the results: an answer one side cannot give is a finding, not a crash.
        failures.push({ name: query.name, error: error instanceof Error ? error.message : String(error) });
        log(`bench: ${query.name}: not timed: ${failures[failures.length - 1].error}`);
        continue;
      }
      log(`bench: ${query.name}: both answer the same ${edges} edges; warming up…`);
      await load(ours, options.connections, Math.min(5, options.seconds));
      await load(theirs, options.connections, Math.min(5, options.seconds));
      const runs = { ours: [] as Load[], peer: [] as Load[] };
      for (let round = 0; round < options.rounds; round += 1) {
        const order = round % 2 === 0 ? (['ours', 'peer'] as const) : (['peer', 'ours'] as const);
        for (const side of order)
          runs[side].push(await load(side === 'ours' ? ours : theirs, options.connections, options.seconds));
      }
      const result = { name: query.name, ours: combine(runs.ours), peer: combine(runs.peer) };
      figures.push({ ...result, ratio: result.ours.requestsPerSecond / result.peer.requestsPerSecond });
      log(
        `bench: ${query.name}: ours ${result.ours.requestsPerSecond} req/s, @neo4j/graphql ${result.peer.requestsPerSecond} req/s`,
      );
    }
    return {
      ...options,
      queries: figures,
      failures,
      servicePeakRssMb: peakRssMb(service.pid),
      peerPeakRssMb: peakRssMb(peer.pid),
    };
  } finally {
    process.off('exit', killBoth);
    await Promise.all([stop(service), stop(peer)]);
  }
}
