import { spawn } from 'node:child_process';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config';
import { REPO_ROOT } from '../../src/paths';
import { startService, type Service, type ServiceOptions } from '../../src/http/service';
import { freePort, TEST_JVM_ARGS } from './processes';

/** The real service on a free port, against the run's Neo4j (or `neo4jUri`). */
export async function startTestService(
  overrides: { env?: Record<string, string>; neo4jUri?: string } & ServiceOptions = {},
): Promise<Service> {
  const config: Config = loadConfig({
    ...process.env,
    PORT: '0',
    LOG_LEVEL: 'silent',
    // Test files share one Neo4j on a loaded machine: waits that production bounds tighter are fine here.
    QUERY_TIMEOUT_MS: '60000',
    NEO4J_QUEUE_TIMEOUT_MS: '60000',
    ...overrides.env,
  });
  if (overrides.neo4jUri) config.neo4j.uri = overrides.neo4jUri;
  return startService(config, { logger: pino({ level: 'silent' }), ...overrides });
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[] };
}

export async function graphql<T = Record<string, unknown>>(
  service: Service,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponse<T>['body'],
  };
}

export interface ServiceProcess {
  url: string;
  pid: number;
  /** False once the process has exited (crashed, or killed for running out of memory). */
  alive(): boolean;
  /** The process's last output lines, to explain a death. */
  lastOutput(): string;
  /** Requests the service has received so far (its "incoming request" log lines). */
  requestsReceived(): number;
  /** Resolves when the process exits, with its exit code. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it lingers. */
  stop(): Promise<void>;
}

/**
 * `entity-graph serve` in a process of its own with a capped heap, against the run's Neo4j
 * (`NEO4J_URI: ''` makes it start its own): a request that exhausts the service then kills that
 * process, not the jest worker it would share, and signals reach the service itself.
 */
export function startServiceProcess(
  env: Record<string, string> = {},
  { heapMb = 512, startTimeoutMs = 90000 } = {},
): Promise<ServiceProcess> {
  // tsx as a loader, not its CLI: the CLI would run the service in a child, and signals must reach the service.
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, '--import', 'tsx', 'src/cli/main.ts', 'serve'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', QUERY_TIMEOUT_MS: '60000', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  let received = 0;
  const keep = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    received += text.split('"msg":"incoming request"').length - 1;
    output = (output + text).slice(-4000);
  };
  child.stderr.on('data', keep);
  const stop = async (): Promise<void> => {
    if (!alive()) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15000);
    await exited;
    clearTimeout(killer);
  };
  return new Promise((resolve, reject) => {
    const giveUp = setTimeout(() => {
      void stop();
      reject(new Error(`entity-graph serve did not start in ${startTimeoutMs / 1000} s:\n${output}`));
    }, startTimeoutMs);
    void exited.then(() => reject(new Error(`entity-graph serve exited while starting:\n${output}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      keep(chunk);
      const url = /serving (http:\/\/[\w.:]+)\/graphql/.exec(output)?.[1];
      if (url === undefined) return;
      clearTimeout(giveUp);
      resolve({
        url,
        pid: child.pid as number,
        alive,
        lastOutput: () => output,
        requestsReceived: () => received,
        exited,
        stop,
      });
    });
  });
}

/** `serve` with its own local Neo4j in `home` (NEO4J_URI unset), as `npm start` runs it, with the test JVM flags. */
export async function startServiceProcessWithLocalNeo4j(
  home: string,
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  return startServiceProcess(
    {
      NEO4J_URI: '',
      NEO4J_LOCAL_HOME: home,
      NEO4J_LOCAL_PORT: String(await freePort()),
      NEO4J_LOCAL_HEAP: '512m',
      NEO4J_LOCAL_JVM_ARGS: TEST_JVM_ARGS.join(' '),
      ...env,
    },
    { startTimeoutMs: 240000 },
  );
}
