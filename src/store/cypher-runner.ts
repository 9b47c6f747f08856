import neo4j, { Neo4jError, type Driver, type ManagedTransaction, type RecordShape } from 'neo4j-driver';
import { ConflictError, DatabaseBusyError, DatabaseUnavailableError, QueryTimeoutError } from '../model/errors';
import { SessionGate, type SessionLimits } from './session-gate';

export type Params = Record<string, unknown>;

const UNAVAILABLE_CODES = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
]);

function isTimeout(error: Neo4jError): boolean {
  return /TransactionTimedOut|Transaction\.TransactionTimedOut|TransactionTimedOutClientConfiguration/.test(error.code);
}

/** Turns driver errors into domain errors; anything else passes through unchanged. */
export function translateDriverError(error: unknown): unknown {
  if (error instanceof Neo4jError) {
    if (UNAVAILABLE_CODES.has(error.code)) return new DatabaseUnavailableError('Neo4j is unavailable');
    if (isTimeout(error)) return new QueryTimeoutError('The query ran past its time limit');
    // The store checks clashes itself; a uniqueness constraint firing means a writer it did not see.
    if (error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      return new ConflictError('The write clashes with what the graph holds (a uniqueness rule); nothing was written');
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
 * executeRead/executeWrite retry transient errors (deadlocks, lock timeouts) by re-running the
 * work function, which must therefore be repeatable; errors it throws itself are not retried.
 */
export class CypherRunner {
  queryCount = 0;
  readonly gate: SessionGate;

  constructor(
    readonly driver: Driver,
    readonly database: string,
    readonly timeoutMs: number,
    limits: SessionLimits,
  ) {
    this.gate = new SessionGate(limits);
  }

  async read<T extends RecordShape = RecordShape>(cypher: string, params: Params = {}): Promise<T[]> {
    this.queryCount += 1;
    return this.gate.run(async () => {
      const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
      try {
        return await session.executeRead(
          async (tx) => (await tx.run<T>(cypher, params)).records.map((record) => record.toObject()),
          { timeout: this.timeoutMs },
        );
      } catch (error) {
        throw translateDriverError(error);
      } finally {
        await session.close();
      }
    });
  }

  /** Runs `work` in one write transaction: it fully applies or not at all. */
  async write<T>(work: (tx: CountingTransaction) => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    return this.gate.run(async () => {
      const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
      try {
        return await session.executeWrite((tx) => work(new CountingTransaction(tx, this)), { timeout: timeoutMs });
      } catch (error) {
        throw translateDriverError(error);
      } finally {
        await session.close();
      }
    });
  }
}

/** A write transaction whose statements count as round trips like reads do. */
export class CountingTransaction {
  constructor(
    private readonly tx: ManagedTransaction,
    private readonly runner: CypherRunner,
  ) {}

  async run<T extends RecordShape = RecordShape>(cypher: string, params: Params = {}): Promise<T[]> {
    this.runner.queryCount += 1;
    return (await this.tx.run<T>(cypher, params)).records.map((record) => record.toObject());
  }
}

/** LIMIT/SKIP need Cypher integers, not the floats JS numbers become. */
export const cypherInt = (value: number) => neo4j.int(value);
