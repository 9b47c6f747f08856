import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { pidFile } from '../../src/db/local-neo4j';

/**
 * C1-only JIT: a short-lived test server warms up about twice as fast (measured here). C1 alone
 * gets a 48 MB code cache by default, which the suite's generated query code filled in a CI run
 * (Neo4j failed a commit with "Out of space in CodeCache for adapters"): reserve the tiered size.
 */
export const TEST_JVM_ARGS = ['-XX:TieredStopAtLevel=1', '-XX:ReservedCodeCacheSize=256m'];

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Whether `pid` runs: a zombie nobody has reaped yet (e.g. an orphan under this VM's init) counts as gone. */
export function isRunning(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  // The state follows the parenthesised command name, which may itself hold spaces or parentheses.
  const state = readFileSync(stat, 'utf8').replace(/^.*\) /s, '')[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** The pid recorded for the local Neo4j of `home`, if any. */
export function recordedNeo4jPid(home: string): number | undefined {
  const file = pidFile(home);
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : undefined;
}

/** Polls `check` every half second until it holds; fails with `what` after `timeoutMs`. */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs / 1000}s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Last resort in afterAll: SIGKILL a process a test started if it still runs. */
export function killIfRunning(pid: number | undefined): void {
  if (pid !== undefined && isRunning(pid)) process.kill(pid, 'SIGKILL');
}

/** Pids of the watchdogs (src/db/local-neo4j.ts) guarding the Neo4j `serverPid`. */
export function watchdogsOf(serverPid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        return args[1] === '-e' && args[3] === String(serverPid);
      } catch {
        return false; // it exited while we looked
      }
    })
    .map(Number)
    .filter(isRunning);
}

/** Last resort in afterAll for a test that ran a service with its own Neo4j in `home`: nothing of it outlives the test. */
export function removeLocalNeo4j(home: string, servicePid: number | undefined): void {
  killIfRunning(servicePid);
  const neo4jPid = recordedNeo4jPid(home);
  killIfRunning(neo4jPid);
  if (neo4jPid !== undefined) for (const pid of watchdogsOf(neo4jPid)) killIfRunning(pid);
  rmSync(home, { recursive: true, force: true });
}
