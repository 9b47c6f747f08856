import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalNeo4j, pidFile } from '../src/db/local-neo4j';

export interface BenchNeo4j {
  uri: string;
  stop(): Promise<void>;
  /** CPU seconds (user + system) the server process used so far; undefined for NEO4J_URI. */
  cpuSeconds(): number | undefined;
}

/** utime + stime of a Linux process, in seconds (fields 14 and 15 of /proc/PID/stat, in ticks of 1/100 s). */
function processCpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** The settings of the bench's own Neo4j, recorded with its results. */
export const BENCH_NEO4J_SETTINGS = { heap: '2g', pageCache: '1g' } as const;

export interface BenchNeo4jOptions {
  /** A folder of jars for the server's plugins directory (e.g. APOC). */
  plugins?: string;
  jvmArgs?: string[];
  /** An existing local Neo4j home (e.g. filled by `import --bulk`): started, used, and kept. */
  home?: string;
  heap?: string;
  pageCache?: string;
}

/**
 * NEO4J_URI if set, else a local Neo4j (full JIT, as in production) for the run: a throw-away
 * one, or the given `home`, which is kept.
 */
export async function benchNeo4j(log: (message: string) => void, options: BenchNeo4jOptions = {}): Promise<BenchNeo4j> {
  if (process.env.NEO4J_URI)
    return { uri: process.env.NEO4J_URI, stop: async () => undefined, cpuSeconds: () => undefined };
  const home = options.home ?? mkdtempSync(path.join(os.tmpdir(), 'entity-graph-bench-'));
  const discard = (): void => {
    if (options.home === undefined) rmSync(home, { recursive: true, force: true });
  };
  const server = new LocalNeo4j({
    home,
    port: 17600 + Math.floor(Math.random() * 300),
    heap: options.heap ?? BENCH_NEO4J_SETTINGS.heap,
    pageCache: options.pageCache ?? BENCH_NEO4J_SETTINGS.pageCache,
    plugins: options.plugins,
    jvmArgs: options.jvmArgs,
    log,
  });
  try {
    await server.start();
  } catch (error) {
    discard();
    throw error;
  }
  const pid = Number(readFileSync(pidFile(home), 'utf8'));
  return {
    uri: server.uri,
    cpuSeconds: () => processCpuSeconds(pid),
    async stop() {
      await server.stop();
      discard();
    },
  };
}
