import type { Role } from '../config';
import type { CypherRunner } from '../store';
import type { ChangeHub } from './change-hub';
import type { Loaders } from './loaders';

/** What a subscription needs from its WebSocket connection. */
export interface LiveContext {
  hub: ChangeHub;
  /** Events a subscription may have waiting (SUBSCRIPTION_BUFFER). */
  capacity: number;
  /** Closes the connection of a client that fell behind its buffer. */
  cutOff(): void;
  /** Wait before a failed recomputation is retried. */
  retryMs: number;
  log: { warn(details: object, message: string): void };
  /** A fresh request scope per event (object budget, loader cache): a subscription outlives any request. */
  beginEvent(): Loaders;
}

/** Per-request context: the store's runner, per-request loaders, and who is calling. */
export interface ApiContext {
  runner: CypherRunner;
  loaders: Loaders;
  /** Role from the API key; `undefined` for an anonymous caller. */
  role?: Role;
  /** Whether any API key is configured (only changes what an anonymous writer is told). */
  keysConfigured: boolean;
  /** Development opt-in (ALLOW_ANONYMOUS_WRITES with no API_KEYS): anyone may write. */
  anonymousWrites: boolean;
  /** The request's logger: its lines carry the request id. */
  log: { error(details: object, message: string): void };
  /** Set on WebSocket operations only. */
  live?: LiveContext;
}
