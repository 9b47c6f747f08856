import { DatabaseBusyError } from '../model';

export interface SessionLimits {
  /** Sessions open at once; at most the driver's pool size, so its acquisition timeout never fires. */
  maxConcurrency: number;
  /** Callers that may wait for a session; one more is refused at once. */
  queueLimit: number;
  /** How long a caller may wait for a session before it is refused. */
  queueTimeoutMs: number;
  /** How long transient failures (deadlocks, lock timeouts, a connection lost to a restart) are retried. */
  maxRetryTimeMs: number;
}

interface Waiter {
  admit(): void;
  timer: NodeJS.Timeout;
}

/**
 * Backpressure in front of the Neo4j pool: a counting semaphore with a bounded FIFO queue and
 * a bounded wait. Hand-written because p-limit/p-queue/async-sema bound neither the queue's
 * length nor a waiter's time (and the first two are ESM-only).
 */
export class SessionGate {
  private running = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly limits: SessionLimits) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiters.length;
  }

  /** Runs `work` once a place is free; throws DatabaseBusyError when the queue is full or the wait too long. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.enter();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }

  private enter(): Promise<void> {
    if (this.running < this.limits.maxConcurrency && this.waiters.length === 0) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.waiters.length >= this.limits.queueLimit) {
      return Promise.reject(busy(`${this.waiters.length} requests are already waiting`));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(busy(`no session came free within ${this.limits.queueTimeoutMs} ms`));
        }, this.limits.queueTimeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  private leave(): void {
    // The place passes straight to the longest waiter, so a newcomer cannot overtake the queue.
    const next = this.waiters.shift();
    if (next) next.admit();
    else this.running -= 1;
  }
}

const busy = (why: string): DatabaseBusyError =>
  new DatabaseBusyError(`The graph database is busy (${why}); retry shortly`);
