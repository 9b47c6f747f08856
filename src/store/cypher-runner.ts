import neo4j, {
  Neo4jError,
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type RecordShape,
} from 'neo4j-driver';
import {
  ConflictError,
  DatabaseBusyError,
  DatabaseUnavailableError,
  QueryTimeoutError,
  ResultTooLargeError,
} from '../model';
import type { ImportCounts } from './import-counts';
import type { SessionLimits } from '../config';
import { SessionGate } from './session-gate';

export type Params = Record<string, unknown>;

/** What the runner reports for metrics; the store stays free of any metrics library. */
export interface StoreObserver {
  queryFinished(mode: 'read' | 'write', seconds: number, outcome: 'ok' | 'error'): void;
  rowsImported(rows: ImportCounts): void;
  /** A transaction that recorded changes committed: the feed has news. */
  changesCommitted(): void;
}

const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
]);

function isTimeout(error: Neo4jError): boolean {
  return /TransactionTimedOut|Transaction\.TransactionTimedOut|TransactionTimedOutClientConfiguration/.test(error.code);
}

/** Neo4j's own memory guard (db.memory.transaction.max) fired: transient to the driver, but a retry fails the same way. */
const MEMORY_LIMIT_CODES = new Set([
  'Neo.TransientError.General.TransactionMemoryLimit',
  'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
]);

/**
 * A statement's rows, turning a memory-limit error into a domain error right away: a non-driver
 * error, it is retried neither by executeWrite nor by the reads' own retries.
 */
async function rowsOf<T extends RecordShape>(result: PromiseLike<QueryResult<T>>): Promise<T[]> {
  try {
    return (await result).records.map((record) => record.toObject());
  } catch (error) {
    if (error instanceof Neo4jError && MEMORY_LIMIT_CODES.has(error.code)) {
      throw new ResultTooLargeError('The query needed more memory than Neo4j allows one transaction; narrow it');
    }
    throw error;
  }
}

/**
 * Read committed: a statement can match a node or relationship that another transaction then
 * deletes and commits before this one locks it (to link or change it). Neo4j answers
 * EntityNotFound, which the driver does not retry; the unit of work is repeatable, and its next
 * run sees the graph without the vanished record (an upsert then names the missing endpoint).
 */
const VANISHED = 'Neo.ClientError.Statement.EntityNotFound';
const RUNS_WHEN_VANISHED = 3;

export async function rerunIfVanished<T>(run: () => Promise<T>): Promise<T> {
  for (let runs = 1; ; runs += 1) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof Neo4jError && error.code === VANISHED) || runs >= RUNS_WHEN_VANISHED) throw error;
    }
  }
}

/**
 * The driver's pool found no connection within its acquisition timeout, which includes opening
 * a new one: a Neo4j too loaded to finish a Bolt handshake in time, or a pool in use. The driver
 * gives this error no code (N/A) and retries it nowhere; unclassified, it would reach clients
 * as INTERNAL_SERVER_ERROR. Nothing was sent to Neo4j yet: any statement may run again.
 */
function isAcquisitionTimeout(error: unknown): boolean {
  return error instanceof Neo4jError && error.message.startsWith('Connection acquisition timed out');
}

const isRetryableRead = (error: unknown): boolean => neo4j.isRetryableError(error) || isAcquisitionTimeout(error);

/**
 * Reads run as auto-commit statements: one round trip where BEGIN…COMMIT takes two (about 0.5 ms
 * less per statement on this machine). The driver retries only transaction functions, so reads
 * retry transient failures here as executeRead would: backoff from 100 ms, doubling, with jitter,
 * within maxRetryTimeMs. A read has no effects, so a rerun is safe at any point.
 */
export async function retryTransient<T>(
  run: () => Promise<T>,
  maxRetryTimeMs: number,
  isRetryable: (error: unknown) => boolean = isRetryableRead,
): Promise<T> {
  const started = Date.now();
  for (let delayMs = 100; ; delayMs *= 2) {
    try {
      return await run();
    } catch (error) {
      if (!isRetryable(error) || Date.now() - started + delayMs > maxRetryTimeMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs * (0.8 + Math.random() * 0.4)));
    }
  }
}

/** Objects a query returned: its rows plus the items of list-valued columns (a subgraph comes back as one row). */
function objectsIn(rows: readonly RecordShape[]): number {
  let count = rows.length;
  for (const row of rows) for (const value of Object.values(row)) if (Array.isArray(value)) count += value.length;
  return count;
}

/** Turns driver errors into domain errors; anything else passes through unchanged. */
export function translateDriverError(error: unknown): unknown {
  if (error instanceof Neo4jError) {
    if (UNAVAILABLE_CODES.has(error.code)) return new DatabaseUnavailableError('Neo4j is unavailable');
    if (isAcquisitionTimeout(error)) {
      return new DatabaseBusyError('The graph database is busy (no connection to it came free in time); retry shortly');
    }
    if (isTimeout(error)) return new QueryTimeoutError('The query ran past its time limit');
    // The store checks clashes itself; a uniqueness constraint firing means a writer it did not see.
    if (error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      return new ConflictError('The write clashes with what the graph holds (a uniqueness rule); nothing was written');
    }
    if (error.code === VANISHED) {
      return new ConflictError(
        'What this request read was deleted by concurrent writes, again on each retry; nothing was written',
      );
    }
    // Deadlocks and lock timeouts still failing after the driver's retries: load, not a bug.
    if (error.code.startsWith('Neo.TransientError.')) {
      return new DatabaseBusyError('The graph database is busy (contended writes); retry shortly');
    }
  }
  return error;
}

/**
 * The one door to Neo4j: every store query goes through here, under a transaction timeout,
 * and is counted (the round-trip tests and benchmarks read `queryCount`). Sessions pass a
 * SessionGate first, so a burst queues here (bounded) instead of timing out in the driver's pool.
 * Reads are auto-commit statements retried here; writes are transaction functions, which
 * executeWrite retries on transient errors (deadlocks, lock timeouts) by re-running them, so they
 * must be repeatable; errors a work function throws itself are not retried.
 */
export class CypherRunner {
  readonly gate: SessionGate;
  /** Shared with every per-request view (forRequest), so the counts cover the whole service. */
  private readonly stats = { queries: 0 };
  /** Objects this view may still read; unset on the shared runner. */
  private budget?: { max: number; used: number };

  constructor(
    readonly driver: Driver,
    readonly database: string,
    readonly timeoutMs: number,
    limits: SessionLimits,
    readonly observer?: StoreObserver,
  ) {
    this.gate = new SessionGate(limits);
  }

  get queryCount(): number {
    return this.stats.queries;
  }

  /** This runner (same pool, gate and counters) for one request, which may read at most `maxObjects` objects in all. */
  forRequest(maxObjects: number): CypherRunner {
    const view = Object.assign(Object.create(CypherRunner.prototype) as CypherRunner, this);
    view.budget = { max: maxObjects, used: 0 };
    return view;
  }

  /** This runner with another transaction timeout: a bulk job beside requests held to their cap. */
  withTimeout(timeoutMs: number): CypherRunner {
    return Object.assign(Object.create(CypherRunner.prototype) as CypherRunner, this, { timeoutMs });
  }

  /** This runner for background work (the feed tailer): same pool and gate, not counted with requests' queries. */
  forBackground(): CypherRunner {
    return Object.assign(Object.create(CypherRunner.prototype) as CypherRunner, this, { stats: { queries: 0 } });
  }

  countQuery(): void {
    this.stats.queries += 1;
  }

  /** The run-time guard behind the cost limit: a request stops at the query that goes over its budget. */
  private spend(objects: number): void {
    if (!this.budget) return;
    this.budget.used += objects;
    if (this.budget.used > this.budget.max) {
      throw new ResultTooLargeError(
        `The request read more than ${this.budget.max} objects from the graph; ask for smaller pages or fewer levels`,
        this.budget.max,
      );
    }
  }

  async read<T extends RecordShape = RecordShape>(cypher: string, params: Params = {}): Promise<T[]> {
    this.spend(0);
    this.countQuery();
    const rows = await this.gate.run(async () => {
      const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
      const started = performance.now();
      let outcome: 'ok' | 'error' = 'error';
      try {
        const result = await rerunIfVanished(() =>
          retryTransient(
            () => rowsOf(session.run<T>(cypher, params, { timeout: this.timeoutMs })),
            this.gate.limits.maxRetryTimeMs,
          ),
        );
        outcome = 'ok';
        return result;
      } catch (error) {
        throw translateDriverError(error);
      } finally {
        this.observer?.queryFinished('read', (performance.now() - started) / 1000, outcome);
        await session.close();
      }
    });
    this.spend(objectsIn(rows));
    return rows;
  }

  /** Runs `work` in one write transaction: it fully applies or not at all. */
  async write<T>(work: (tx: CountingTransaction) => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    return this.gate.run(async () => {
      const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
      const started = performance.now();
      let outcome: 'ok' | 'error' = 'error';
      // A retry runs the work again on a new transaction: only the attempt that committed reports.
      let attempt: CountingTransaction | undefined;
      try {
        // executeWrite retries transient errors itself; a connection not acquired is retried here.
        const result = await rerunIfVanished(() =>
          retryTransient(
            () =>
              session.executeWrite((tx) => work((attempt = new CountingTransaction(tx, this))), { timeout: timeoutMs }),
            this.gate.limits.maxRetryTimeMs,
            isAcquisitionTimeout,
          ),
        );
        outcome = 'ok';
        if (this.observer) for (const report of attempt?.committed ?? []) report(this.observer);
        return result;
      } catch (error) {
        throw translateDriverError(error);
      } finally {
        this.observer?.queryFinished('write', (performance.now() - started) / 1000, outcome);
        await session.close();
      }
    });
  }
}

/** A write transaction whose statements count as round trips like reads do. */
export class CountingTransaction {
  /** Reports to make once this transaction has committed. */
  readonly committed: ((observer: StoreObserver) => void)[] = [];

  constructor(
    private readonly tx: ManagedTransaction,
    private readonly runner: CypherRunner,
  ) {}

  async run<T extends RecordShape = RecordShape>(cypher: string, params: Params = {}): Promise<T[]> {
    this.runner.countQuery();
    return rowsOf(this.tx.run<T>(cypher, params));
  }

  /** Reports `report` to the runner's observer if and when this transaction commits. */
  onCommit(report: (observer: StoreObserver) => void): void {
    this.committed.push(report);
  }
}

/** LIMIT/SKIP need Cypher integers, not the floats JS numbers become. */
export const cypherInt = (value: number) => neo4j.int(value);
