import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import type { Config } from '../config';
import { seconds } from '../units';
import { NEO4J_CACHE_DIR, NEO4J_LIB_DIR, NEO4J_POM } from '../paths';

/**
 * A real Neo4j Community server without Docker: jars resolved from Maven Central
 * by Maven, started as `java … org.neo4j.server.CommunityEntryPoint --console-mode`.
 * Verified here with 5.26.30: the entry point lives in org.neo4j:neo4j and serves Bolt.
 */

export type Log = (message: string) => void;

export class LocalNeo4jError extends Error {}

export const JAVA = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
/** Module openings Neo4j's JVMs need on Java 17 (the server and neo4j-admin alike). */
export const JAVA_OPENS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
];
const ALTERNATIVES =
  'Alternatives: run Neo4j with Docker (`docker compose up`) or point NEO4J_URI at a running Neo4j 5.';

function requireTool(command: string, args: string[], name: string, hint: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new LocalNeo4jError(`${name} was not found (${command} ${args.join(' ')} failed). ${hint} ${ALTERNATIVES}`);
  }
  return `${result.stdout}${result.stderr}`;
}

function checkJava(): void {
  const output = requireTool(JAVA, ['-version'], 'Java', 'Install Java 17 or newer (Debian: openjdk-17-jre-headless).');
  const major = Number(/version "(\d+)/.exec(output)?.[1] ?? 0);
  if (major < 17) throw new LocalNeo4jError(`Neo4j 5 needs Java 17 or newer, found Java ${major}. ${ALTERNATIVES}`);
}

function pomVersion(): string {
  return /<neo4j.version>([^<]+)</.exec(readFileSync(NEO4J_POM, 'utf8'))?.[1] ?? 'unknown';
}

/** Resolves the Neo4j jars once (cached in .neo4j/lib, and Maven's own ~/.m2 cache). */
export async function ensureNeo4jJars(log: Log): Promise<void> {
  const version = pomVersion();
  const marker = path.join(NEO4J_LIB_DIR, `.resolved-${version}`);
  if (existsSync(marker)) return;
  checkJava();
  requireTool('mvn', ['-v'], 'Maven', 'Install Maven 3 (Debian: maven) to resolve Neo4j from Maven Central.');
  rmSync(NEO4J_LIB_DIR, { recursive: true, force: true });
  mkdirSync(NEO4J_LIB_DIR, { recursive: true });
  log(`neo4j: resolving Neo4j Community ${version} from Maven Central (first run only, ~120 MB)…`);
  const started = Date.now();
  const progress = setInterval(() => {
    const jars = readdirSync(NEO4J_LIB_DIR).length;
    log(`neo4j: still resolving… ${jars} jars copied, ${Math.round((Date.now() - started) / 1000)}s`);
  }, 15000);
  try {
    const mavenLog = path.join(NEO4J_CACHE_DIR, 'maven.log');
    const code = await runToFile(
      'mvn',
      ['-B', '-ntp', '-f', NEO4J_POM, 'dependency:copy-dependencies', `-DoutputDirectory=${NEO4J_LIB_DIR}`],
      mavenLog,
    );
    if (code !== 0)
      throw new LocalNeo4jError(`Maven could not resolve Neo4j (exit ${code}); see ${mavenLog}. ${ALTERNATIVES}`);
  } finally {
    clearInterval(progress);
  }
  writeFileSync(marker, new Date().toISOString());
  log(`neo4j: resolved ${readdirSync(NEO4J_LIB_DIR).length - 1} jars in ${Math.round((Date.now() - started) / 1000)}s`);
}

function runToFile(command: string, args: string[], file: string): Promise<number> {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', fd, fd] });
    child.on('error', reject);
    child.on('exit', (code) => {
      closeSync(fd);
      resolve(code ?? 1);
    });
  });
}

export interface LocalNeo4jOptions {
  /** Folder for conf/, data/, logs/, run/ of this instance. */
  home: string;
  port: number;
  heap: string;
  pageCache?: string;
  /** db.memory.transaction.max: no single query can exhaust the heap (default 512m). */
  transactionMemory?: string;
  /** db.transaction.timeout (default 120s); a bulk load's repair and index wait need longer. */
  transactionTimeout?: string;
  /** Extra JVM flags, e.g. quicker warm-up for short-lived test servers. */
  jvmArgs?: string[];
  /** Folder of plugin jars (server.directories.plugins), e.g. APOC for the bench's peer; default none. */
  plugins?: string;
  log: Log;
}

function neo4jConf(options: LocalNeo4jOptions): string {
  const dir = (name: string): string => path.join(options.home, name);
  return [
    '# Written by entity-graph for its local, single-user development/test instance.',
    'server.default_listen_address=127.0.0.1',
    `server.bolt.listen_address=127.0.0.1:${options.port}`,
    'server.bolt.enabled=true',
    'server.http.enabled=false',
    'server.https.enabled=false',
    'dbms.security.auth_enabled=false',
    'dbms.usage_report.enabled=false',
    `server.memory.pagecache.size=${options.pageCache ?? '256m'}`,
    `db.transaction.timeout=${options.transactionTimeout ?? '120s'}`,
    `db.memory.transaction.max=${options.transactionMemory ?? '512m'}`,
    // One plan per statement text, not one per size bucket (0, 1, 2-10, 11-100, …) of each string
    // and list parameter: with the hint, a page after a cursor or a batch of 20 ids replanned.
    'internal.cypher.use_parameter_size=false',
    `server.directories.data=${dir('data')}`,
    `server.directories.logs=${dir('logs')}`,
    `server.directories.run=${dir('run')}`,
    `server.directories.import=${dir('import')}`,
    ...(options.plugins ? [`server.directories.plugins=${options.plugins}`] : []),
    '',
  ].join('\n');
}

/** Creates the home's folders and writes its neo4j.conf: what the server and neo4j-admin read. */
export function prepareHome(options: LocalNeo4jOptions): void {
  for (const name of ['conf', 'data', 'logs', 'run', 'import']) {
    mkdirSync(path.join(options.home, name), { recursive: true });
  }
  writeFileSync(path.join(options.home, 'conf', 'neo4j.conf'), neo4jConf(options));
}

/** Where the pid of the server started for `home` is recorded. */
export function pidFile(home: string): string {
  return path.join(home, 'run', 'entity-graph-neo4j.pid');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function boltAnswers(uri: string): Promise<boolean> {
  const driver = neo4j.driver(uri, undefined, { connectionTimeout: 2000, logging: undefined });
  try {
    await driver.verifyConnectivity();
    return true;
  } catch {
    return false;
  } finally {
    await driver.close();
  }
}

function tail(file: string, lines = 15): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

const START_TIMEOUT_MS = 180000;
/** Backoff between restarts after unexpected exits: 1 s, 2 s, 4 s … at most 30 s. */
const FIRST_RESTART_DELAY_MS = 1000;
const MAX_RESTART_DELAY_MS = 30000;
/** A server that stayed up this long before it died gets the shortest delay again. */
const STABLE_UPTIME_MS = 60000;

/**
 * Runs beside a server we own (argv: its pid, the service's pid) and stops it once the service
 * is gone, however it died: SIGKILL runs no exit handler. It polls its parent pid instead of
 * waiting for a pipe to close, so no inherited descriptor can hide the death; it exits by
 * itself once the server is gone.
 */
const WATCHDOG = `
const [server, service] = process.argv.slice(1).map(Number);
const send = (signal) => { try { process.kill(server, signal); return true; } catch { return false; } };
let deadline;
setInterval(() => {
  if (!send(0)) process.exit(0);
  if (process.ppid === service) return;
  if (deadline === undefined) { deadline = Date.now() + 5000; send('SIGTERM'); }
  else if (Date.now() > deadline) { send('SIGKILL'); process.exit(0); }
}, 500);
`;

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

/**
 * One local Neo4j server process. A server we own (started here, not detached) is supervised:
 * restarted with backoff when it exits unexpectedly, and killed by a watchdog if this process dies.
 */
export class LocalNeo4j {
  private child?: ChildProcess;
  /** False when we attached to a server someone else started: then stop() leaves it alone. */
  private owned = false;
  /** Whether an exit of `child` is unexpected and gets a restart; stop() clears it first. */
  private supervised = false;
  private restartTimer?: NodeJS.Timeout;
  private restartDelayMs = FIRST_RESTART_DELAY_MS;
  private restartCount = 0;

  constructor(private readonly options: LocalNeo4jOptions) {}

  get uri(): string {
    return `bolt://127.0.0.1:${this.options.port}`;
  }

  /** How many times supervision has restarted the server (a metric to export). */
  get restarts(): number {
    return this.restartCount;
  }

  private get consoleLog(): string {
    return path.join(this.options.home, 'logs', 'console.log');
  }

  /** Pid of a server recorded for this home that is still running, if any. */
  runningPid(): number | undefined {
    const file = pidFile(this.options.home);
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  }

  /**
   * Starts the server and waits until Bolt answers. With `detached`, the server outlives this
   * process (the CLI's `neo4j start`); otherwise it is a supervised child we stop on shutdown.
   */
  async start({ detached = false, timeoutMs = START_TIMEOUT_MS } = {}): Promise<void> {
    const { home, log } = this.options;
    if (this.runningPid() !== undefined && (await boltAnswers(this.uri))) {
      log(`neo4j: already running on ${this.uri} (pid ${this.runningPid()}), using it`);
      return;
    }
    await ensureNeo4jJars(log);
    prepareHome(this.options);
    log(`neo4j: starting Neo4j Community ${pomVersion()} on ${this.uri} (data in ${path.join(home, 'data')})…`);
    const started = Date.now();
    const child = this.spawnServer(detached);
    this.owned = true;
    const failure = await this.untilBoltAnswers(child, timeoutMs);
    if (failure) {
      await this.stop();
      throw new LocalNeo4jError(`${failure}:\n${tail(this.consoleLog)}`);
    }
    log(`neo4j: ready on ${this.uri} in ${seconds(Date.now() - started)}`);
    // Only a server that came up once is restarted: a broken setup fails start() instead of looping.
    this.supervised = !detached;
    this.restartDelayMs = FIRST_RESTART_DELAY_MS;
  }

  /** Spawns the server without waiting for it; a non-detached one becomes `child`, with a watchdog. */
  private spawnServer(detached: boolean): ChildProcess {
    const { home, heap } = this.options;
    const out = openSync(this.consoleLog, 'a');
    const child = spawn(
      JAVA,
      [
        `-Xms${heap}`,
        `-Xmx${heap}`,
        '-XX:+UseG1GC',
        ...(this.options.jvmArgs ?? []),
        ...JAVA_OPENS,
        '-cp',
        // As Neo4j's own launcher does: plugin jars on the classpath too, so their extensions (APOC's config) load.
        [`${NEO4J_LIB_DIR}/*`, ...(this.options.plugins ? [`${this.options.plugins}/*`] : [])].join(path.delimiter),
        'org.neo4j.server.CommunityEntryPoint',
        `--home-dir=${home}`,
        `--config-dir=${path.join(home, 'conf')}`,
        '--console-mode',
      ],
      // Own process group even when owned: a terminal's Ctrl-C reaches only the service, which
      // stops Neo4j in order, instead of killing it underneath (and supervision restarting it).
      { stdio: ['ignore', out, out], detached: true },
    );
    closeSync(out);
    if (child.pid === undefined) throw new LocalNeo4jError(`could not start ${JAVA}. ${ALTERNATIVES}`);
    writeFileSync(pidFile(home), String(child.pid));
    if (detached) {
      child.unref();
      return child;
    }
    this.child = child;
    // Detached too, so the signal or hangup that kills the service's process group spares it.
    const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(child.pid), String(process.pid)], {
      stdio: 'ignore',
      detached: true,
    });
    watchdog.unref();
    const spawnedAt = Date.now();
    child.once('exit', (code, signal) => {
      // Disarmed at once: the pid is free for reuse from now on.
      watchdog.kill();
      if (this.supervised && this.child === child) this.scheduleRestart(describeExit(code, signal), spawnedAt);
    });
    return child;
  }

  private scheduleRestart(how: string, spawnedAt: number): void {
    const uptime = Date.now() - spawnedAt;
    if (uptime >= STABLE_UPTIME_MS) this.restartDelayMs = FIRST_RESTART_DELAY_MS;
    const delay = this.restartDelayMs;
    this.restartDelayMs = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
    this.options.log(`neo4j: exited unexpectedly (${how}) after ${seconds(uptime)}; restarting in ${seconds(delay)}`);
    this.restartTimer = setTimeout(() => this.restart(), delay);
  }

  /** Synchronous up to the spawn, so a stop() that cleared the timer can never miss the new child. */
  private restart(): void {
    this.restartCount += 1;
    const started = Date.now();
    const child = this.spawnServer(false);
    this.options.log(`neo4j: restart ${this.restartCount}: pid ${child.pid}, waiting for Bolt on ${this.uri}…`);
    // No time limit: a long store recovery must not be killed and begun again; /readyz shows the wait.
    void this.untilBoltAnswers(child, Infinity).then((failure) => {
      if (!failure) this.options.log(`neo4j: ready again on ${this.uri} in ${seconds(Date.now() - started)}`);
    });
  }

  /** Polls Bolt until it answers; otherwise says why it gave up (the child exited, or time ran out). */
  private async untilBoltAnswers(child: ChildProcess, timeoutMs: number): Promise<string | undefined> {
    const started = Date.now();
    while (!(await boltAnswers(this.uri))) {
      if (exited(child))
        return `Neo4j exited with ${describeExit(child.exitCode, child.signalCode)} before Bolt answered`;
      if (Date.now() - started > timeoutMs) return `Neo4j did not answer on ${this.uri} within ${timeoutMs / 1000}s`;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return undefined;
  }

  /** Stops the server we started (or, with `force`, the one recorded for this home) and waits for it to exit. */
  async stop({ force = false, timeoutMs = 60000 } = {}): Promise<boolean> {
    // Before anything else: neither this stop nor an exit already waiting for its restart brings it back.
    this.supervised = false;
    clearTimeout(this.restartTimer);
    if (!this.owned && !force) return false;
    const pid = this.child?.pid ?? this.runningPid();
    this.owned = false;
    if (pid === undefined || !isAlive(pid)) return false;
    this.options.log(`neo4j: stopping (pid ${pid})…`);
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid) && Date.now() < deadline) {
      // A child we spawned stays a zombie until reaped; its exit event tells us it is gone.
      if (this.child && exited(this.child)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (isAlive(pid) && !(this.child && exited(this.child))) process.kill(pid, 'SIGKILL');
    rmSync(pidFile(this.options.home), { force: true });
    this.options.log('neo4j: stopped');
    return true;
  }

  /** Kills the child synchronously: last resort from a process 'exit' handler. */
  killNow(): void {
    if (this.owned && this.child?.pid && !exited(this.child)) this.child.kill('SIGKILL');
  }
}

/** The local server described by the NEO4J_LOCAL_* settings. */
export function configuredLocalNeo4j(settings: Config['neo4j'], log: Log): LocalNeo4j {
  return new LocalNeo4j({
    home: settings.localHome,
    port: settings.localPort,
    heap: settings.localHeap,
    transactionMemory: settings.localTransactionMemory,
    jvmArgs: settings.localJvmArgs,
    log,
  });
}
