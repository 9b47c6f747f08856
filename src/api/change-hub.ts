import type { CypherRunner } from '../store';
import { feedBounds, readChanges, trimChanges, type Change } from '../store';
import { InvalidInputError } from '../model';

/*
 * Each service instance tails the change feed in Neo4j (short polling on the seq index) and
 * fans what it reads out to its own subscribers. Writes made through any instance, or by the
 * CLI, reach every instance's subscribers the same way; nothing is shared between instances
 * but Neo4j.
 */

/** Changes read per poll; a backlog is read page after page without waiting. */
const POLL_PAGE = 500;
/** Rows per retention transaction. */
const TRIM_BATCH = 10_000;
const TRIM_EVERY_MS = 60_000;

export interface ChangeHubOptions {
  pollMs: number;
  retentionHours: number;
  log: { warn(details: object, message: string): void };
  /** Each poll's outcome: Neo4j answered or not (a metric). */
  onPoll?: (ok: boolean) => void;
}

type Listener = (changes: readonly Change[]) => void;

export class ChangeHub {
  /** The newest seq this instance has fanned out; undefined until the feed was first read. */
  private seq: number | undefined;
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private lastTrim = 0;

  constructor(
    private readonly runner: CypherRunner,
    private readonly options: ChangeHubOptions,
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  /** Active listeners (subscriptions being served). */
  get size(): number {
    return this.listeners.size;
  }

  /** The feed position live delivery starts after; reads the feed when not yet known (throws if Neo4j is down). */
  async position(): Promise<number> {
    if (this.seq === undefined) this.seq = (await feedBounds(this.runner)).latest;
    return this.seq;
  }

  /** Every change after the current position goes to `listener` until the returned function is called. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A local write committed: poll now rather than at the next tick. */
  pollSoon(): void {
    if (this.polling) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        const immediately = this.again;
        this.again = false;
        this.schedule(immediately ? 0 : this.options.pollMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      const after = await this.position();
      let page;
      do {
        page = await readChanges(this.runner, this.seq ?? after, POLL_PAGE, { withTotal: false });
        if (page.rows.length === 0) break;
        this.seq = page.rows[page.rows.length - 1].seq;
        for (const listener of [...this.listeners]) listener(page.rows);
      } while (page.hasNextPage && !this.stopped);
      this.options.onPoll?.(true);
      if (Date.now() - this.lastTrim > TRIM_EVERY_MS) await this.trim();
    } catch (error) {
      this.options.onPoll?.(false);
      this.options.log.warn({ err: error }, 'change feed: poll failed; retrying');
    }
  }

  /** Retention, from the tailer: bounded batches, and several instances trimming at once only repeat work. */
  private async trim(): Promise<void> {
    this.lastTrim = Date.now();
    const before = new Date(Date.now() - this.options.retentionHours * 3_600_000);
    while (!this.stopped && (await trimChanges(this.runner, before, TRIM_BATCH)) === TRIM_BATCH);
  }
}

/** A subscription's client fell behind by more than its buffer. */
export class SlowConsumerError extends Error {
  override name = 'SlowConsumerError';
}

/**
 * The events of one subscription: first a prelude (replay or snapshot) read on demand, page by
 * page, then live events from a bounded queue. Over `capacity` waiting events the subscription
 * ends and `onOverflow` cuts the client off: it is never buffered without bound.
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiter: ((result: IteratorResult<T>) => void) | undefined;
  private finished = false;
  private preludeDone: boolean;
  /** Prelude events fetched and not yet taken. */
  private readonly prelude: T[] = [];

  constructor(
    private readonly capacity: number,
    private readonly handlers: {
      /** The next prelude events; null when the prelude is over. */
      prelude?: () => Promise<T[] | null>;
      onOverflow(): void;
      onClose(): void;
    },
  ) {
    this.preludeDone = handlers.prelude === undefined;
  }

  push(event: T): void {
    if (this.finished) return;
    if (this.waiter && this.preludeDone) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve({ value: event, done: false });
      return;
    }
    if (this.queue.length >= this.capacity) {
      this.close();
      this.handlers.onOverflow();
      return;
    }
    this.queue.push(event);
  }

  async next(): Promise<IteratorResult<T>> {
    while (!this.preludeDone && !this.finished) {
      const events = await (this.handlers.prelude as () => Promise<T[] | null>)();
      if (events === null) this.preludeDone = true;
      else if (events.length > 0) {
        this.prelude.push(...events);
        break;
      }
    }
    const replayed = this.prelude.shift();
    if (replayed !== undefined) return { value: replayed, done: false };
    if (this.finished) return { value: undefined, done: true };
    const queued = this.queue.shift();
    if (queued !== undefined) return { value: queued, done: false };
    return new Promise((resolve) => (this.waiter = resolve));
  }

  async return(): Promise<IteratorResult<T>> {
    this.close();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private close(): void {
    if (this.finished) return;
    this.finished = true;
    this.queue.length = 0;
    this.handlers.onClose();
    this.waiter?.({ value: undefined, done: true });
    this.waiter = undefined;
  }
}

/** Rows per replay page. */
const REPLAY_PAGE = 500;

export interface FeedRequest {
  /** Replay changes after this seq first; undefined: live changes only. */
  after?: number | null;
  matches(change: Change): boolean;
  capacity: number;
  onOverflow(): void;
}

/**
 * Changes matching a subscription: with `after`, the missed ones from the feed (up to the hub's
 * position when it was registered), then live ones after that position, so there is neither a
 * gap nor a duplicate between the two.
 */
export async function feedEvents(
  hub: ChangeHub,
  runner: CypherRunner,
  request: FeedRequest,
): Promise<EventQueue<Change>> {
  const after = request.after ?? undefined;
  if (after !== undefined) await assertRetained(runner, after);
  const position = await hub.position();
  // A client may come from an instance that has read further than this one.
  const liveAfter = Math.max(position, after ?? position);
  let cursor = after ?? position;
  let unlisten = (): void => undefined;
  const events: EventQueue<Change> = new EventQueue<Change>(request.capacity, {
    prelude:
      cursor < position
        ? async () => {
            if (cursor >= position) return null;
            const page = await readChanges(runner, cursor, REPLAY_PAGE, { withTotal: false });
            const rows = page.rows.filter((change) => change.seq <= position);
            cursor = rows.length === page.rows.length && page.hasNextPage ? (rows.at(-1)?.seq ?? position) : position;
            return rows.filter(request.matches);
          }
        : undefined,
    onOverflow: request.onOverflow,
    onClose: () => unlisten(),
  });
  unlisten = hub.listen((changes) => {
    for (const change of changes) if (change.seq > liveAfter && request.matches(change)) events.push(change);
  });
  return events;
}

/** A client asking for changes the retention already trimmed must start over from a fresh read. */
async function assertRetained(runner: CypherRunner, after: number): Promise<void> {
  if (!Number.isSafeInteger(after) || after < 0) throw new InvalidInputError(`"after" must be a seq ≥ 0, got ${after}`);
  const { oldest, latest } = await feedBounds(runner);
  if (oldest > after + 1 || (oldest === 0 && latest > after)) {
    throw new InvalidInputError(
      `Changes after ${after} are no longer kept (the oldest kept is ${oldest}; see CHANGE_RETENTION_HOURS): ` +
        'read the current state again and subscribe with after: its latestSeq',
    );
  }
}

/** An entered/left diff of a derived result (exposure), or the snapshot a reconnecting client starts from. */
export interface DerivedChange<T> {
  seq: number;
  snapshot: boolean;
  entered: T[];
  left: T[];
}

export interface DerivedRequest<T> {
  /** The current result, by a key that identifies an item across computations. */
  compute(): Promise<Map<string, T>>;
  /** Whether a change may alter the result. */
  affects(change: Change): boolean;
  /** Send the current result first (snapshot: true). */
  snapshot: boolean;
  capacity: number;
  onOverflow(): void;
  /** Wait before recomputing after a failure (Neo4j down). */
  retryMs: number;
  log: { warn(details: object, message: string): void };
}

/**
 * Watches a result derived from the graph: recomputes it when a relevant change arrives and
 * sends what entered or left. Recomputations are coalesced: at most one runs per subscription,
 * and any number of changes arriving meanwhile cause one more.
 */
export async function derivedEvents<T>(
  hub: ChangeHub,
  request: DerivedRequest<T>,
): Promise<EventQueue<DerivedChange<T>>> {
  let known: Map<string, T> | undefined;
  let running = false;
  let dirty = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const recompute = async (): Promise<void> => {
    if (running || known === undefined) {
      dirty = true;
      return;
    }
    running = true;
    try {
      do {
        dirty = false;
        const seq = await hub.position();
        const now = await request.compute();
        const previous: Map<string, T> = known;
        const entered = [...now].filter(([key]) => !previous.has(key)).map(([, item]) => item);
        const left = [...previous].filter(([key]) => !now.has(key)).map(([, item]) => item);
        known = now;
        if (entered.length > 0 || left.length > 0) events.push({ seq, snapshot: false, entered, left });
      } while (dirty && !closed);
    } catch (error) {
      request.log.warn({ err: error }, 'exposure watch: recomputing failed; retrying');
      if (!closed) retry = setTimeout(() => void recompute(), request.retryMs);
    } finally {
      running = false;
    }
  };
  // Listening before the first computation: a change committed meanwhile triggers a recompute.
  const unlisten = hub.listen((changes) => {
    if (changes.some(request.affects)) void recompute();
  });
  let position: number;
  try {
    position = await hub.position();
    known = await request.compute();
  } catch (error) {
    unlisten();
    throw error;
  }
  const snapshot: DerivedChange<T> = { seq: position, snapshot: true, entered: [...known.values()], left: [] };
  let snapshotSent = !request.snapshot;
  const events = new EventQueue<DerivedChange<T>>(request.capacity, {
    prelude: request.snapshot ? async () => (snapshotSent ? null : ((snapshotSent = true), [snapshot])) : undefined,
    onOverflow: request.onOverflow,
    onClose: () => {
      closed = true;
      clearTimeout(retry);
      unlisten();
    },
  });
  if (dirty) void recompute();
  return events;
}
