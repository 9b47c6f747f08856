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

/**
 * NEO4J_URI if set, else a throw-away local Neo4j (full JIT, as in production) for the run,
 * with `plugins` (a folder of jars, e.g. APOC) and extra JVM flags when given.
 */
export async function benchNeo4j(
  log: (message: string) => void,
  plugins?: string,
  jvmArgs?: string[],
): Promise<BenchNeo4j> {
  if (process.env.NEO4J_URI)
    return { uri: process.env.NEO4J_URI, stop: async () => undefined, cpuSeconds: () => undefined };
  const home = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-bench-'));
  const server = new LocalNeo4j({
    home,
    port: 17600 + Math.floor(Math.random() * 300),
    ...BENCH_NEO4J_SETTINGS,
    plugins,
    jvmArgs,
    log,
  });
  try {
    await server.start();
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  const pid = Number(readFileSync(pidFile(home), 'utf8'));
  return {
    uri: server.uri,
    cpuSeconds: () => processCpuSeconds(pid),
    async stop() {
      await server.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
